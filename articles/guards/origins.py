"""Which origins count as our own pages, for the same-origin checks on writes."""

from urllib.parse import urlsplit

from django.conf import settings


def own_origins(request) -> set[str]:
    """This site as the request reached it, and the trusted origins in settings."""
    return {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


def is_same_origin(request) -> bool:
    """The request comes from one of our own pages (Origin, else Referer)."""
    own = own_origins(request)
    origin = request.META.get("HTTP_ORIGIN")
    if origin:
        return origin in own
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    return f"{referer.scheme}://{referer.netloc}" in own
