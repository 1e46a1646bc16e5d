"""HTTP caching for API reads: ETag, Last-Modified, 304s and CDN-friendly headers."""

import hashlib
from datetime import datetime
from functools import wraps

from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, quote_etag

MAX_AGE = 60
STALE_WHILE_REVALIDATE = 300
STALE_IF_ERROR = 86400


def set_last_modified(request, *moments: datetime | None) -> None:
    """Tell `conditional` when the answered data last changed (the latest moment)."""
    known = [moment for moment in moments if moment is not None]
    if known:
        request.api_last_modified = max(known)


def conditional_with(*, max_age: int = MAX_AGE):
    """`conditional` with another shared-cache lifetime (e.g. shorter for comments)."""
    return lambda view: _conditional(view, max_age=max_age)


# Answer 304 to a matching If-None-Match; else add validators.
conditional = conditional_with()


def _conditional(view, *, max_age: int):
    """Answer 304 to a matching If-None-Match; else add validators.

    The ETag hashes the exact JSON sent, so any change (counts included) changes it.
    Last-Modified is the latest editorial change the handler reported, for information:
    it does not move when an article leaves a list, a section is renamed or only
    counters move, so a 304 is never decided by If-Modified-Since.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
        response["ETag"] = etag
        last_modified = getattr(request, "api_last_modified", None)
        timestamp = int(last_modified.timestamp()) if last_modified else None
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        patch_cache_control(
            response,
            public=True,
            max_age=max_age,
            stale_while_revalidate=STALE_WHILE_REVALIDATE,
            stale_if_error=STALE_IF_ERROR,
        )
        patch_vary_headers(response, ["Accept-Encoding"])
        return get_conditional_response(
            request, etag=etag, last_modified=None, response=response
        )

    return wrapper
