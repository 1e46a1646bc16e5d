"""The reader's digits preference: `?digits=arab|latn`, remembered in a cookie."""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/v1/"  # the Content API (articles/api)

DIGITS_COOKIE = "digits"
DIGITS_CHOICES = ("latn", "arab")
_ONE_YEAR = 365 * 24 * 3600


def default_digits() -> str:
    """The site default from settings, or Western digits if it is misconfigured."""
    default = getattr(settings, "DIGITS_DEFAULT", "latn")
    return default if default in DIGITS_CHOICES else "latn"


def query_params(request) -> QueryDict:
    """`request.GET`, or nothing when it holds more fields than Django reads (the view
    that needs them answers 400; a cache check or a footer link must not fail first)."""
    try:
        return request.GET
    except TooManyFieldsSent:
        return QueryDict()


def stored_digits(request) -> str:
    """The reader's kept choice (cookie) if it is a valid one, else the site default."""
    stored = request.COOKIES.get(DIGITS_COOKIE)
    return stored if stored in DIGITS_CHOICES else default_digits()


class DigitsPreferenceMiddleware:
    """Set `request.digits`; a supported `?digits=` value is stored in a cookie.

    Unsupported values are ignored: the cookie, then the site default, apply.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PREFIX):  # JSON: no digits, no cookie
            request.digits = default_digits()
            return self.get_response(request)
        chosen = query_params(request).get("digits")
        stored = request.COOKIES.get(DIGITS_COOKIE)
        request.digits = chosen if chosen in DIGITS_CHOICES else stored_digits(request)
        response = self.get_response(request)
        if chosen in DIGITS_CHOICES and chosen != stored:
            response.set_cookie(
                DIGITS_COOKIE,
                chosen,
                max_age=_ONE_YEAR,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
            )
        patch_vary_headers(response, ["Cookie"])
        return response
