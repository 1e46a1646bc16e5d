"""Guards every /api/v1/ request: body-size cap and origin check before any write,
never-cached write answers, JSON for every error."""

import json

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

from ..caching.validators import tag
from ..guards.origins import own_origins
from ..middleware import API_PREFIX
from .errors import error_response

MAX_BODY_BYTES = 64 * 1024
_WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_KEPT_HEADERS = ("Allow", "Retry-After")
_READ_METHODS = ("GET", "HEAD")
# What a partner page's script may send and read on a read: conditional GET.
_CORS_REQUEST_HEADERS = "If-None-Match, If-Modified-Since"
_CORS_EXPOSED_HEADERS = "ETag"  # Last-Modified and Cache-Control are exposed already
PREFLIGHT_MAX_AGE = 86400
FOREIGN_ORIGIN_MESSAGE = (
    "لا تُقبل الكتابة من صفحات مواقع أخرى؛ الكتابة متاحة للتطبيقات ولهذا الموقع فقط."
)


def body_too_large(request, limit: int = MAX_BODY_BYTES) -> bool | None:
    """True when the declared body is over `limit`; None when the length is garbage."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw)
    except ValueError:
        return None
    return length > limit or length < 0


class ApiGuardMiddleware:
    """Reject big write bodies with 413 before they are read; give errors the API's shape.

    HEAD is answered as GET without the body, with the same validators.
    The size check runs before URL resolution, so it protects every write endpoint under
    /api/v1/ (comments, views, shares) without each view remembering it. Errors that
    Django answers itself (unknown URL 404, 405, 500, the 503 of the database guard)
    are rewritten to the JSON error shape, keeping `Allow` and `Retry-After`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def _write(self, request):
        too_large = body_too_large(request)
        if too_large is None:
            return error_response(400, errors=[_length_error()])
        if too_large:
            return error_response(413)
        if is_foreign_browser(request):
            return error_response(403, FOREIGN_ORIGIN_MESSAGE)
        return _as_json_error(self.get_response(request))

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and request.headers.get(
            "Access-Control-Request-Method"
        ):
            return _preflight(request)
        if request.method in _WRITE_METHODS:
            return _never_cached(self._write(request))
        if request.method == "HEAD":
            # Answer HEAD like GET (CDNs and monitors use it), headers only.
            request.method = "GET"
            response = tag(_as_json_error(self.get_response(request)))
            request.method = "HEAD"
            response.content = b""
        else:
            response = _as_json_error(self.get_response(request))
        if request.method in _READ_METHODS:
            # Public, credential-free reads: partner pages may fetch them from the browser.
            # The same answer for every origin, so no `Vary: Origin` splits CDN copies.
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = _CORS_EXPOSED_HEADERS
        return response


def _preflight(request):
    """Answer a browser's CORS preflight: another site's page may read, sending the
    validators of conditional GET, but never write (writes are for apps, which send no
    preflight, and for this site's own pages, which need none)."""
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    if request.headers["Access-Control-Request-Method"] in _READ_METHODS:
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = ", ".join(_READ_METHODS)
        response["Access-Control-Allow-Headers"] = _CORS_REQUEST_HEADERS
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def is_foreign_browser(request) -> bool:
    """A browser request sent by another site's page (apps send no Origin at all).

    Writes accept no cookie or session credentials, so there is nothing for a forged
    request to borrow except the visitor's address: refusing other sites' pages keeps
    them from using their readers' browsers to post comments or inflate counts.
    """
    if request.META.get("HTTP_SEC_FETCH_SITE") in ("cross-site", "same-site"):
        return True
    origin = request.META.get("HTTP_ORIGIN")
    if not origin:
        return False
    return origin not in own_origins(request)


def _never_cached(response):
    """A write's answer is for one caller only: no shared or browser cache keeps it."""
    del response["Cache-Control"]
    add_never_cache_headers(response)
    return response


def _length_error() -> dict:
    return {"field": "Content-Length", "message": "طول الطلب المعلن غير صالح."}


def _as_json_error(response):
    if response.status_code < 400 or _is_json(response):
        return response
    replacement = error_response(response.status_code)
    for header in _KEPT_HEADERS:
        if header in response:
            replacement[header] = response[header]
    return replacement


def _is_json(response) -> bool:
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("application/json"):
        return False
    try:
        return "detail" in json.loads(response.content)
    except (ValueError, AttributeError):
        return False
