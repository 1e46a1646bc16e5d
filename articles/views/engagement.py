"""Counting endpoints: the view beacon (POST, or a pixel without JS) and share buttons.

The article HTML carries no per-visitor data, so a shared cache may serve it; these
endpoints are never cached. Dedup uses a signed first-party cookie, not the IP.
"""

import base64
import time
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..guards.bots import not_a_view_reason
from ..guards.origins import is_same_origin
from ..guards.throttle import client_address, is_over_limit
from ..models import Article, EngagementCount
from ..services import engagement as services

SEEN_COOKIE = "seen"
SEEN_SALT = "articles.engagement.seen"
DEDUP_SECONDS = services.DEDUP_SECONDS
_MAX_SEEN = 40
_MAX_BODY = 2048
_PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _share_target(network: str, headline: str, link: str) -> str:
    query = {
        "whatsapp": ("https://wa.me/", {"text": f"{headline}\n{link}"}),
        "telegram": ("https://t.me/share/url", {"url": link, "text": headline}),
        "x": ("https://x.com/intent/post", {"text": headline, "url": link}),
        "facebook": ("https://www.facebook.com/sharer/sharer.php", {"u": link}),
    }[network]
    return f"{query[0]}?{urlencode(query[1], quote_via=quote)}"


def _reject_bad_request(request, *, scope: str, limit: int) -> HttpResponse | None:
    """413 for a body, 403 for a cross-site POST, 429 for a flood; None when fine."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BadRequest("طول الطلب غير صالح.") from None
    if length > _MAX_BODY:
        return HttpResponse("الطلب أكبر من المسموح.", status=413)
    if request.method == "POST" and not is_same_origin(request):
        return HttpResponse("طلب من موقع آخر مرفوض.", status=403)
    if request.method == "GET" and request.META.get("HTTP_SEC_FETCH_SITE") in (
        "cross-site",
        "same-site",
    ):
        return HttpResponse("طلب من موقع آخر مرفوض.", status=403)
    if is_over_limit(scope=scope, key=client_address(request), limit=limit):
        response = HttpResponse("طلبات كثيرة جدًا، حاول بعد قليل.", status=429)
        response["Retry-After"] = "60"
        return response
    return None


def _seen(request) -> dict[int, int]:
    """Article id -> last counted time, from the visitor's signed cookie."""
    raw = request.get_signed_cookie(
        SEEN_COOKIE, default="", salt=SEEN_SALT, max_age=DEDUP_SECONDS
    )
    seen = {}
    for item in raw.split("|")[:_MAX_SEEN]:
        pk, _, at = item.partition(":")
        if pk.isdigit() and at.isdigit():
            seen[int(pk)] = int(at)
    return seen


def _remember(response, seen: dict[int, int], pk: int, now: int) -> None:
    seen = {k: v for k, v in seen.items() if now - v < DEDUP_SECONDS}
    seen[pk] = now
    recent = sorted(seen.items(), key=lambda kv: kv[1])[-_MAX_SEEN:]
    response.set_signed_cookie(
        SEEN_COOKIE,
        "|".join(f"{k}:{v}" for k, v in recent),
        salt=SEEN_SALT,
        max_age=DEDUP_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@csrf_exempt  # origin-checked instead: the cached article HTML carries no token
@require_http_methods(["GET", "HEAD", "POST"])
def view_beacon(request, pk: int):
    """Count one reader view; POST from engagement.js, GET from the <noscript> pixel."""
    rejected = _reject_bad_request(
        request, scope="view", limit=settings.ENGAGEMENT_VIEW_RATE
    )
    if rejected:
        return rejected
    now, seen = int(time.time()), _seen(request)
    reason = not_a_view_reason(request)
    if not reason and now - seen.get(pk, -DEDUP_SECONDS) < DEDUP_SECONDS:
        reason = EngagementCount.Reason.REPEAT
    if not services.record_view(article_id=pk, filtered_reason=reason):
        raise Http404("المقال غير موجود.")
    if request.method == "POST":
        response = JsonResponse({"counted": not reason})
    else:
        response = HttpResponse(_PIXEL, content_type="image/gif")
    if not reason:
        _remember(response, seen, pk, now)
    add_never_cache_headers(response)
    return response


@csrf_exempt  # origin-checked instead: the cached article HTML carries no token
@require_POST
def share(request, pk: int, network: str):
    """Count one share, then send the reader on to the network (copy link: 204)."""
    if network not in EngagementCount.Network.values:
        return HttpResponse("شبكة مشاركة غير معروفة.", status=400)
    rejected = _reject_bad_request(
        request, scope="share", limit=settings.ENGAGEMENT_SHARE_RATE
    )
    if rejected:
        return rejected
    article = get_object_or_404(Article.objects.published().only("headline"), pk=pk)
    services.record_share(article_id=article.pk, network=network)
    if network == EngagementCount.Network.COPY:
        response = HttpResponse(status=204)
    else:
        link = request.build_absolute_uri(article.get_short_url())
        response = redirect(_share_target(network, article.headline, link))
        response.status_code = 303
    add_never_cache_headers(response)
    return response
