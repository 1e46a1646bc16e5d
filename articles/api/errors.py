"""JSON errors with an Arabic message: {"status", "detail", "errors": [{field, message}]}."""

import json

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import HttpError, ValidationError

MESSAGES = {
    400: "الطلب غير صالح.",
    403: "الطلب مرفوض.",
    404: "غير موجود.",
    405: "هذه الطريقة غير مسموح بها على هذا الرابط.",
    409: "هذا الطلب يتعارض مع ما سبقه.",
    413: "حجم الطلب يتجاوز الحد المسموح به (64 كيلوبايت).",
    422: "بعض قيم الطلب غير صالحة.",
    429: "طلبات كثيرة في وقت قصير؛ حاول لاحقاً.",
    500: "حدث خطأ في الخادم.",
    503: "الخدمة غير متاحة مؤقتاً؛ حاول بعد قليل.",
}

# Pydantic error types -> Arabic messages; {name} is filled from the error's context.
_FIELD_MESSAGES = {
    "missing": "هذا الحقل مطلوب.",
    "int_parsing": "يجب أن تكون القيمة عدداً صحيحاً.",
    "int_type": "يجب أن تكون القيمة عدداً صحيحاً.",
    "int_from_float": "يجب أن تكون القيمة عدداً صحيحاً.",
    "greater_than_equal": "يجب ألا تقل القيمة عن {ge}.",
    "greater_than": "يجب أن تزيد القيمة على {gt}.",
    "less_than_equal": "يجب ألا تزيد القيمة على {le}.",
    "less_than": "يجب أن تقل القيمة عن {lt}.",
    "string_too_long": "يجب ألا يزيد طول القيمة على {max_length} حرفاً.",
    "string_too_short": "يجب ألا يقل طول القيمة عن {min_length} حرفاً.",
    "string_pattern_mismatch": "صيغة القيمة غير صالحة.",
    "string_type": "يجب أن تكون القيمة نصاً.",
    "literal_error": "القيمة ليست من الخيارات المسموح بها.",
    "enum": "القيمة ليست من الخيارات المسموح بها.",
}
_PLACES = {"query", "path", "body", "header", "cookie", "form", "file"}
# The whole body, not one of its fields: named "request", never the handler's parameter.
WHOLE_BODY = "request"
_BODY_MISSING = "يجب أن يحمل الطلب كائن JSON."
_BODY_NOT_JSON = "جسم الطلب ليس JSON صالحاً."


def error_body(status: int, detail: str | None = None, errors=()) -> dict:
    """The one error shape of the API."""
    return {
        "status": status,
        "detail": detail or MESSAGES.get(status, MESSAGES[400]),
        "errors": list(errors),
    }


def error_response(status: int, detail: str | None = None, errors=()) -> HttpResponse:
    """An HttpResponse carrying the error shape, Arabic kept readable."""
    body = json.dumps(error_body(status, detail, errors), ensure_ascii=False)
    response = HttpResponse(
        body, status=status, content_type="application/json; charset=utf-8"
    )
    # No error is shared: a 404 for an article about to go live, or a 412 answered to
    # one client's precondition, must not be served to everyone by a CDN.
    response["Cache-Control"] = "no-store"
    return response


def too_many(seconds: int, detail: str | None = None) -> HttpResponse:
    """A 429 telling the client how long to wait."""
    response = error_response(429, detail)
    response["Retry-After"] = str(seconds)
    return response


def field_errors(pydantic_errors) -> list[dict]:
    """Name the field and say in Arabic what is wrong with it."""
    out = []
    for error in pydantic_errors:
        loc = list(error.get("loc", ()))
        template = _FIELD_MESSAGES.get(error.get("type"), "قيمة غير صالحة.")
        if loc and loc[0] == "body":
            # ("body", <the schema's parameter>, field...): name the field; with no
            # field, the body itself is missing or not an object.
            loc = loc[2:]
            if not loc:
                template = _BODY_MISSING
        elif loc and loc[0] in _PLACES:
            loc = loc[1:]
        loc = [str(part) for part in loc]
        try:
            message = template.format(**error.get("ctx", {}))
        except (KeyError, IndexError):
            message = template
        out.append({"field": ".".join(loc) or WHOLE_BODY, "message": message})
    return out


def install_error_handlers(api) -> None:
    """Turn ninja's and Django's exceptions into the API's error shape."""

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc):
        return error_response(422, errors=field_errors(exc.errors))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return error_response(404)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        status = exc.status_code
        detail = MESSAGES.get(status) or _(str(exc))
        errors = []
        if status == 400 and str(exc).startswith("Cannot parse request body"):
            errors = [{"field": WHOLE_BODY, "message": _BODY_NOT_JSON}]
        return error_response(status, detail, errors)
