"""Pages for answers Django would give bare: 503 while the database is unreachable, and
405 for a wrong method on a form or button address."""

import logging
import time
from urllib.parse import unquote_plus

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string

from articles.middleware import API_PREFIX

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


class MethodNotAllowedPageMiddleware:
    """Give Django's empty 405 an Arabic page, keeping its `Allow` header.

    A reader meets it by opening a share, view-count or comment address in the browser
    (a GET where the site posts a form). The API answers its own 405s in JSON.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            isinstance(response, HttpResponseNotAllowed)
            and not response.content
            and not request.path.startswith(API_PREFIX)
        ):
            response.content = render_to_string("405.html", request=request)
            # CommonMiddleware (inside this one) stamped the empty body's length.
            response["Content-Length"] = str(len(response.content))
            response["Content-Type"] = "text/html; charset=utf-8"
            response["Cache-Control"] = "no-store"
        return response


class NullCharacterMiddleware:
    """Answer the admin's requests whose query string holds a NUL character with 400.

    PostgreSQL cannot compare a string with NUL in it, and the admin's search and list
    filters (`?q=%00`, `?status__exact=%00`) hand query values to querysets with no form
    between (forms refuse NUL with Django's `ProhibitNullCharactersValidator`), so such
    a request ended in a 500. Reader pages and the API validate their parameters
    themselves (tests/articles/test_search.py and tests/api/test_search.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and "\x00" in unquote_plus(
            request.META.get("QUERY_STRING", "")
        ):
            return HttpResponse(
                render_to_string("400.html", request=request),
                status=400,
                headers={"Cache-Control": "no-store"},
            )
        return self.get_response(request)
