"""The comment form's endpoints: a form token, the POST itself and the CSRF refusal.

Article pages are cached and shared, so the page carries no per-visitor token: the static
script `comments.js` asks `comment-token` for the CSRF token and a signed start time just
before it sends the form.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..forms import CommentForm
from ..services import comments as services
from ..throttle import client_address

PENDING_MESSAGE = (
    "شكرًا لك. تعليقك بانتظار المراجعة، ولن يظهر قبل أن يوافق عليه فريق الإشراف."
)
CSRF_MESSAGE = (
    "تعذّر التحقق من أن الطلب صادر عن هذا الموقع (رمز الحماية مفقود أو منتهي الصلاحية). "
    "فعّل ملفات تعريف الارتباط وJavaScript، ثم أعد تحميل الصفحة وحاول مرة أخرى."
)
_ARABIC = {"ensure_ascii": False}


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _refused(request, error: services.CommentRefused):
    errors = getattr(error, "error_dict", None)
    fields = {k: [m for e in v for m in e.messages] for k, v in (errors or {}).items()}
    context = {"messages_list": error.messages, "field_errors": fields}
    if _wants_json(request):
        body = {"ok": False, "message": " ".join(error.messages), "errors": fields}
        response = JsonResponse(body, status=error.status, json_dumps_params=_ARABIC)
    else:
        template = "articles/comment_error.html"
        response = render(request, template, context, status=error.status)
    if error.status == 429:
        response["Retry-After"] = str(settings.COMMENTS_FLOOD_WINDOW_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def comment_token(request):
    """The CSRF token (its cookie is set too) and a signed form start time."""
    return JsonResponse(
        {"csrf_token": get_token(request), "started": services.issue_form_token()}
    )


@never_cache
@require_POST
def post_comment(request, article_id):
    """Submit a comment; it waits for a moderator, and the reader is told so."""
    try:
        data = request.POST
    except (TooManyFieldsSent, RequestDataTooBig):
        error = services.CommentRefused("الطلب أكبر من المسموح أو فيه حقول كثيرة جدًا.")
        return _refused(request, error)
    try:
        comment = services.submit_comment(
            article_id=article_id,
            **CommentForm.values_from(data),
            visitor_id=services.visitor_id_for(address=client_address(request)),
            user_agent=request.headers.get("User-Agent", ""),
            elapsed_seconds=services.read_form_token(token=data.get("started", "")),
        )
    except services.CommentRefused as error:
        return _refused(request, error)
    if _wants_json(request):
        body = {"ok": True, "message": PENDING_MESSAGE}
        return JsonResponse(body, status=201, json_dumps_params=_ARABIC)
    context = {"article": comment.article, "message": PENDING_MESSAGE}
    return render(request, "articles/comment_pending.html", context, status=201)


def csrf_failure(request, reason=""):
    """Refuse a POST without a valid CSRF token: Arabic, 403, never a 500."""
    if _wants_json(request):
        body = {"ok": False, "message": CSRF_MESSAGE}
        return JsonResponse(body, status=403, json_dumps_params=_ARABIC)
    context = {"messages_list": [CSRF_MESSAGE], "field_errors": {}}
    return render(request, "articles/comment_error.html", context, status=403)
