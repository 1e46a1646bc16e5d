"""Staff sessions end after `PORTAL_STAFF_IDLE_MINUTES` without a request."""

from django.conf import settings
from django.utils import timezone


class SessionActivityMiddleware:
    """Each request of a signed-in user moves the end of their session (saved at most
    once a minute).

    Only theirs: Django's `SESSION_SAVE_EVERY_REQUEST` also saves a session that was
    never loaded, so every request carrying a stale or made-up session cookie (a session
    ended or cleared, a bot's guess) wrote a new empty session row and answered with a
    new cookie, which also kept that reader off the page cache for good.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Readers without a session cookie are not asked for one: reading `request.user`
        # would mark their session accessed and add `Vary: Cookie` to API answers.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                _note_activity(request.session)
        return response


ACTIVE_MINUTE = "_active_minute"  # session key: the minute of the last saved activity


def current_minute() -> int:
    return int(timezone.now().timestamp() // 60)


def _note_activity(session) -> None:
    """Move the session's end at most once a minute: one write a minute for a busy
    editor, not one per request (the idle limit is counted in minutes anyway)."""
    minute = current_minute()
    if session.get(ACTIVE_MINUTE) != minute:
        session[ACTIVE_MINUTE] = minute


def stamp_sign_in(sender, request, user, **kwargs) -> None:
    """Signing in saves the session anyway: note the minute, so the next request of
    that minute writes nothing more (connected to `user_logged_in` in apps.py)."""
    request.session[ACTIVE_MINUTE] = current_minute()
