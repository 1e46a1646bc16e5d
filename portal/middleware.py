"""Answer 503, not a traceback, while the database is unreachable."""

import logging
import time

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
_LOG_INTERVAL_SECONDS = 30
_last_logged = 0.0


def _database_unavailable_response(request) -> HttpResponse:
    html = render_to_string("503.html", request=None)
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection into a 503 page.

    Django closes unusable connections when each request finishes, so the next request
    reconnects by itself once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if not _connection_lost(exception):
            return None
        global _last_logged
        now = time.monotonic()
        if now - _last_logged > _LOG_INTERVAL_SECONDS:
            _last_logged = now
            logger.error("database unavailable: %s", exception)
        return _database_unavailable_response(request)


def _connection_lost(exception: DatabaseError) -> bool:
    """True for connection failures, False for errors a query itself caused."""
    if isinstance(exception, InterfaceError):
        return True
    text = str(exception).lower()
    return any(
        marker in text
        for marker in (
            "connection",
            "could not connect",
            "server closed",
            "terminating",
            "timeout expired",
            "the database system is",
        )
    )
