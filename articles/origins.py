"""Which origins count as our own pages, for the same-origin checks on writes."""

from django.conf import settings


def own_origins(request) -> set[str]:
    """This site as the request reached it, and the trusted origins in settings."""
    return {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
