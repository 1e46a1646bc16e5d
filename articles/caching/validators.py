"""HTTP validators for every shareable answer, pages and Content API alike: one ETag,
one 304 rule, and the cache lifetimes a CDN reads.

`PageCacheMiddleware` runs `answer_conditionally` on every response, so a reader page,
a feed and an API read get the same ETag (a digest of the exact bytes sent) and the same
304. API reads only declare their lifetimes and their Last-Modified (`shared_read`);
before, the API computed a second ETag and answered its own 304s, the same job twice.
"""

from datetime import datetime
from functools import wraps

from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date

MAX_AGE = 60
STALE_WHILE_REVALIDATE = 300
STALE_IF_ERROR = 86400


def is_public_ok(response) -> bool:
    """A 200 that every reader may be given (`Cache-Control: public`, not private)."""
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200 and "public" in control and "private" not in control
    )


def tag(response):
    """Give a shareable answer its ETag (a digest of its bytes), once; a HEAD answer is
    tagged before its body is dropped, so it carries the ETag of the GET."""
    if is_public_ok(response) and not response.has_header("ETag"):
        set_response_etag(response)
    return response


def answer_conditionally(request, response):
    """ETag every shareable answer and answer 304 to a matching conditional GET.

    Only the ETag (a digest of the bytes) decides. `Last-Modified` of a list or feed is
    its newest item's date, which does not move when an article leaves it, so an
    `If-Modified-Since` alone would keep an unpublished article in a reader's feed.
    """
    if request.method not in ("GET", "HEAD") or not is_public_ok(response):
        return response
    tag(response)
    answer = get_conditional_response(
        request, etag=response["ETag"], last_modified=None, response=response
    )
    if answer is not response:  # a 304: a partner page's script may still read it
        for name, value in response.items():
            if name.lower().startswith("access-control-"):
                answer[name] = value
    return answer


def set_last_modified(request, *moments: datetime | None) -> None:
    """Tell `shared_read` when the answered data last changed (the latest moment)."""
    known = [moment for moment in moments if moment is not None]
    if known:
        request.api_last_modified = max(known)


def shared_read(view=None, *, max_age: int = MAX_AGE):
    """Mark an API read's 200 answers public for `max_age` seconds (stale copies allowed
    while revalidating or when we fail), with the Last-Modified its handler reported.

    Last-Modified is for information: it does not move when an article leaves a list,
    a section is renamed or only counters move, so the ETag alone decides a 304.
    """
    if view is None:
        return lambda view: shared_read(view, max_age=max_age)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        last_modified = getattr(request, "api_last_modified", None)
        if last_modified is not None:
            response["Last-Modified"] = http_date(int(last_modified.timestamp()))
        patch_cache_control(
            response,
            public=True,
            max_age=max_age,
            stale_while_revalidate=STALE_WHILE_REVALIDATE,
            stale_if_error=STALE_IF_ERROR,
        )
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return wrapper
