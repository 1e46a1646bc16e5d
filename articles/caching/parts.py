"""Kept parts of the article page: what only an editorial change can alter.

The page cache (page_cache.py) shares whole pages for `PAGE_CACHE_SECONDS` (60), so
that the counters on them lag by no more, and retires every page whenever anything a
reader sees changes, a comment approved anywhere included. Each of those misses used to
render the article page from scratch: the article with its picture, source, bylines,
tags and corrections, the related list and the sections menu, six queries and most of
the templates, for a page whose costly parts had not changed.

Those parts are kept here instead, all the parts of one page in one entry, under the
*editorial* generation: every editorial save retires it (signals.py), comment
moderation does not. A render that finds them current runs one small query (is the
article still live, its counters and comment state) and the comments, and fills the
rest in from one cache round trip; `ArticleDetailView` chooses its queries accordingly.
The parts hold no counter, comment, form or per-visitor markup, and they live at most
`PAGE_PARTS_SECONDS` (300) and never past the next scheduled article's time, so a
related list shows an article that went live on its own schedule within that time.
Like the page cache, a failing cache means "no parts": the page is rendered whole.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .pages import cache_safely, seconds_until_next_scheduled, write_generation

GENERATION_KEY = "parts:generation"
_retire_pending = False  # a retirement the cache refused; retried before the next read


def parts_seconds() -> int:
    return settings.PAGE_PARTS_SECONDS


def retire_page_parts() -> None:
    """Retire every kept part now and again once the current transaction commits (the
    second time drops parts a reader kept from the old data in between)."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    global _retire_pending
    _retire_pending = not write_generation(GENERATION_KEY)


class PageParts:
    """The kept parts of one page: `get` them while rendering, `keep` the ones that
    had to be rendered, and `save` stores them once the response is rendered."""

    def __init__(self, key: str | None = None):
        self.key = key
        self.generation: str | None = None
        self.kept: dict[str, str] = {}
        self.found = False
        self.began = timezone.now()

    @classmethod
    def off(cls) -> "PageParts":
        """Parts that are never found nor stored (previews, the setting at 0)."""
        return cls()

    @classmethod
    def load(cls, request, address: str, names) -> "PageParts":
        """The parts kept for `address` as this request would render them, one round
        trip; `found` only when every one of `names` is there and current."""
        if parts_seconds() <= 0 or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return cls.off()  # signed-in staff always see every part fresh
        if _retire_pending:
            _new_generation()
        parts = cls(_key(request, address))
        stored = cache_safely(cache.get_many, [GENERATION_KEY, parts.key], default={})
        parts.generation = stored.get(GENERATION_KEY)
        if parts.generation is None:
            parts.generation = str(time.time_ns())
            if not cache_safely(cache.add, GENERATION_KEY, parts.generation, None):
                parts.key = None  # no generation to store under: don't store
            return parts
        entry = stored.get(parts.key)
        if (
            isinstance(entry, tuple)
            and len(entry) == 2
            and entry[0] == parts.generation
            and isinstance(entry[1], dict)
            and set(names) <= entry[1].keys()
        ):
            parts.kept, parts.found = entry[1], True
        return parts

    def get(self, name: str):
        html = self.kept.get(name) if self.found else None
        return None if html is None else mark_safe(html)

    def keep(self, name: str, html: str) -> None:
        if self.key and not self.found:  # parts that are off keep nothing
            self.kept[name] = str(html)

    def save(self, response) -> None:
        """A post-render callback: store the parts a full render produced."""
        if self.found or not self.key or not self.kept or response.status_code != 200:
            return
        seconds = seconds_until_next_scheduled(parts_seconds(), self.began)
        cache_safely(cache.set, self.key, (self.generation, self.kept), seconds)


def _key(request, address: str) -> str:
    # Parts carry absolute links (canonical, share, og:image) and the reader's digits.
    where = f"{request.scheme}://{request.get_host()}{address}|{get_language()}"
    return f"parts:{request.digits}:{hashlib.sha256(where.encode()).hexdigest()}"
