"""Whole-page cache for anonymous readers, shared by every app server through Redis.

A response is stored when the request is an anonymous GET/HEAD (no session cookie) and the
view marked the response `Cache-Control: public` (the same header a CDN obeys), with no
cookie set and no CSRF token in it. Each page is stored with the content *generation*
it was rendered in, and one round trip reads both. Any editorial change (publish, edit,
unpublish, archive, correction, comment decision) replaces the generation, so every
server stops using every old page at once. Each process also keeps copies of the pages
it served (articles/caching/local.py) and serves them without a round trip while the
generation it knows is at most a second old. One render per address runs at a time (a
short lock), so a hot page that was just invalidated is rendered once, not once per
waiting reader. Only views marked `public_page` are stored, keyed by their path and the
query parameters they read (articles/caching/keys.py). A public address whose answer
cannot be shared (an error page, a page with a form token) is remembered as "pass" for
the same time, so its next readers go straight to the view: no lock, no waiting on each
other. If the cache
backend fails, pages are served from the database and the failure is logged at most
once a minute.
"""

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    patch_cache_control,
)

from ..middleware import query_params, stored_digits
from .keys import PAGE_PARAMS, page_address, params_read
from .local import local_pages
from .validators import answer_conditionally, is_public_ok, tag

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
_LOCK_SECONDS = 10
_WAIT_SECONDS = 5.0
_LOG_INTERVAL_SECONDS = 60
_last_failure_logged = 0.0
_SKIPPED_HEADERS = {"set-cookie", "content-length"}
_PASS = "pass"  # stored instead of a page: this address is not shareable, don't lock
_purge_pending = False  # a purge the cache refused; retried before the next read


def page_seconds() -> int:
    """How long a page may be shared: counters on a cached page lag by at most this."""
    return settings.PAGE_CACHE_SECONDS


def public_page(view, *, reads=()):
    """Mark a view's successful responses as shareable by our cache and by CDNs.

    `reads` names the query parameters the view reads (`page`, `q`): they alone key
    its stored copies, and any other parameter gets the same page (articles/page_keys).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            seconds = page_seconds()
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=seconds, must_revalidate=True
            )
        return response

    setattr(wrapper, PAGE_PARAMS, frozenset(reads))
    return wrapper


def purge_public_pages() -> None:
    """Retire every cached page now and again once the current transaction commits.

    The second retirement drops any page a reader re-cached from the old data between
    the first one and the commit.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    """Retire every stored page. If the cache cannot take the new generation now, the
    next request this process serves tries again before it reads any page."""
    global _purge_pending
    _purge_pending = not write_generation(GENERATION_KEY)
    # After the write: a page read meanwhile is not kept under the old generation.
    local_pages.forget_generation()


def write_generation(key: str) -> bool:
    """Store a new generation under `key` (pages here, the article page's kept parts in
    page_parts.py): whatever was stored under an older one is stale from now on. False
    when the cache refused it."""
    return cache_safely(_set_forever, key, str(time.time_ns()), default=False)


def _set_forever(key: str, value: str) -> bool:
    cache.set(key, value, None)
    return True


def _first_generation() -> str:
    """Start the generations (an empty or flushed cache): never a value used before,
    so no page kept by a process from before the flush can pass for a current one."""
    generation = str(time.time_ns())
    if cache_safely(cache.add, GENERATION_KEY, generation, None):
        local_pages.learn_generation(generation)
        return generation
    return cache_safely(cache.get, GENERATION_KEY) or generation


def cache_safely(operation, *args, default=None):
    """Run a cache operation; a down cache means 'no cache', logged once a minute."""
    global _last_failure_logged
    try:
        return operation(*args)
    except Exception as exc:  # redis-py raises its own ConnectionError/TimeoutError
        now = time.monotonic()
        if now - _last_failure_logged > _LOG_INTERVAL_SECONDS:
            _last_failure_logged = now
            logger.error("page cache unavailable, serving uncached: %s", exc)
        return default


def _is_anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "digits" not in query_params(request)  # choosing digits sets a cookie
        and not request.path.startswith("/admin/")
    )


def _page_key(request, read: frozenset | None = None) -> str:
    digits = stored_digits(request)  # `?digits=` requests are never cached
    # The scheme too: pages carry absolute links (canonical, share, og:image), so a
    # page rendered for http:// must never reach a reader on https://.
    where = f"{request.scheme}://{request.get_host()}{page_address(request, read)}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return f"pages:{digits}:{digest}"


def _current(stored, generation: str):
    """The page (or pass marker) stored for an address, if stored in this generation.

    Anything else (another generation, an older release's shape) is a miss.
    """
    if isinstance(stored, tuple) and len(stored) == 3 and stored[0] == generation:
        page = stored[1]
        if page == _PASS or (isinstance(page, tuple) and len(page) == _FROZEN_LENGTH):
            return page
    return None


def _entry(generation: str, page, seconds: int) -> tuple:
    """What is stored for an address: its generation, the page, when it expires."""
    return generation, page, time.time() + seconds


def _is_shareable(response) -> bool:
    return (
        is_public_ok(response)
        and "no-store" not in response.get("Cache-Control", "")
        and not response.cookies
        and not getattr(response, "streaming", False)
        and b"csrfmiddlewaretoken" not in response.content
    )


def seconds_until_next_scheduled(limit: int, rendered_at) -> int:
    """Shorten a page's life so a scheduled article appears on time, with no cron.

    `rendered_at` is when the render began: an article that went live while the page
    was rendering may be missing from it, so that page lives a second at most.
    """
    from ..models import Article

    upcoming = (
        Article.objects.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            published_at__gt=rendered_at,
        )
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if upcoming is None:
        return limit
    return max(1, min(limit, int((upcoming - timezone.now()).total_seconds()) + 1))


def _freeze(response) -> tuple:
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in _SKIPPED_HEADERS
    ]
    return response.status_code, headers, response.content, time.time()


_FROZEN_LENGTH = 4  # status, headers, content, when it was stored


def _thaw(frozen) -> HttpResponse:
    status, headers, content, stored_at = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    # How long the page has been shared already, so a CDN keeps it only for the rest
    # of its `s-maxage` and counters never lag by more than the stated bound.
    response["Age"] = str(max(0, int(time.time() - stored_at)))
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Serve and store whole anonymous pages; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return answer_conditionally(request, self._respond(request))

    def _respond(self, request):
        if page_seconds() <= 0 or not _is_anonymous_read(request):
            return self._fresh(request)
        read = params_read(request)
        if read is None:  # no public page: nothing to share
            return self._fresh(request)
        if _purge_pending:
            _new_generation()
        key = _page_key(request, read)
        stored = local_pages.get(key)  # this process's copy: no round trip
        if stored is None:
            stored, generation = self._shared(key)
            if stored is None:
                if request.method != "GET":  # a HEAD answer has no body to share
                    return self.get_response(request)
                return self._render_once(request, key, generation)
        return self.get_response(request) if stored == _PASS else _thaw(stored)

    def _render_once(self, request, key, generation):
        """Render under the address's lock, or wait for the request holding it."""
        lock = f"{key}:{generation}:lock"
        if cache_safely(cache.add, lock, 1, _LOCK_SECONDS, default=True):
            try:
                # Stored by a render that finished between our read and our lock?
                stored = _current(cache_safely(cache.get, key), generation)
                if stored is not None and stored != _PASS:
                    return _thaw(stored)
                return self._render_and_store(request, key, generation)
            finally:
                cache_safely(cache.delete, lock)
        stored = self._wait_for(key, generation, lock)
        if stored is not None:
            return _thaw(stored)
        return self.get_response(request)

    def _shared(self, key):
        """One round trip: the current generation and what is stored for `key`."""
        found = cache_safely(cache.get_many, [GENERATION_KEY, key], default={})
        generation = found.get(GENERATION_KEY)
        if generation is None:
            return None, _first_generation()
        local_pages.learn_generation(generation)
        entry = found.get(key)
        stored = _current(entry, generation)
        if stored is not None:
            local_pages.keep(key, *entry)
        return stored, generation

    def _fresh(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and "public" in response.get(
            "Cache-Control", ""
        ):
            # A signed-in editor's page must never sit in a shared cache.
            del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response

    def _render_and_store(self, request, key, generation):
        rendered_at = timezone.now()
        response = self.get_response(request)
        if _is_shareable(response):
            tag(response)  # stored with the page: hits reuse it
            seconds = seconds_until_next_scheduled(page_seconds(), rendered_at)
            if seconds < page_seconds():  # a CDN lets go when we do
                patch_cache_control(response, s_maxage=seconds)
            self._store(key, _entry(generation, _freeze(response), seconds), seconds)
            response["X-Page-Cache"] = "miss"
        elif response.status_code < 500 and response.status_code not in (304, 429):
            # Not shareable (a form page, an error, a private view). A server error may
            # pass, so it is tried again next time; a 304 answered one reader's
            # conditional request and a 429 one reader's flood, and neither says
            # anything about the page.
            seconds = page_seconds()
            self._store(key, _entry(generation, _PASS, seconds), seconds)
        return response

    def _store(self, key, entry, seconds):
        cache_safely(cache.set, key, entry, seconds)
        local_pages.keep(key, *entry)

    def _wait_for(self, key, generation, lock):
        """The page another request is rendering, or None (not shareable, or too slow)."""
        deadline = time.monotonic() + _WAIT_SECONDS
        pause = 0.005
        while time.monotonic() < deadline:
            time.sleep(pause)
            # Read the lock first: a page stored just before the lock went is still seen.
            rendering = cache_safely(cache.get, lock)
            stored = _current(cache_safely(cache.get, key), generation)
            if stored is not None:
                return None if stored == _PASS else stored
            if not rendering:
                return None
            pause = min(pause * 2, 0.05)
        return None
