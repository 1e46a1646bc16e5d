"""Each app-server process keeps its own copies of the hottest shared pages.

A page served from Redis costs a network round trip and unpickling the whole page on
every request: `make bench` served the cached article at half the speed of a bare Django
hello world. A process that has just read a page keeps it here, with the content
generation and the expiry it was stored with, and serves it again without asking Redis
while the generation it knows is at most `PAGE_CACHE_LOCAL_SECONDS` old.

So an editorial change made in this process is seen at once (`forget_generation`), and
one made in another process is seen within that many seconds (one second by default):
the next read past the interval goes to Redis, learns the new generation, and every copy
of an older generation stops being served. Copies are bounded in number (least recently
used go first) and never outlive the expiry of the shared entry they copy, so a page
shortened for a scheduled article still turns over on time.
"""

import threading
from collections import OrderedDict
from time import monotonic
from time import time as wall_clock

from django.conf import settings


class LocalPages:
    def __init__(self):
        self._lock = threading.Lock()
        self._copies: OrderedDict[str, tuple] = OrderedDict()
        self._generation: tuple[str, float] | None = None  # (generation, read at)

    def generation(self) -> str | None:
        """The generation last read from the shared cache, if read recently enough."""
        known = self._generation
        seconds = settings.PAGE_CACHE_LOCAL_SECONDS
        if known is None or seconds <= 0 or monotonic() - known[1] > seconds:
            return None
        return known[0]

    def learn_generation(self, generation: str) -> None:
        self._generation = (generation, monotonic())

    def forget_generation(self) -> None:
        """This process changed the generation: ask the shared cache next time."""
        self._generation = None

    def get(self, key: str):
        """The page (or pass marker) kept for an address, if current and unexpired."""
        generation = self.generation()
        if generation is None:
            return None
        with self._lock:
            copy = self._copies.get(key)
            if copy is None:
                return None
            kept_generation, stored, expires_at = copy
            if kept_generation != generation or expires_at <= wall_clock():
                del self._copies[key]
                return None
            self._copies.move_to_end(key)
            return stored

    def keep(self, key: str, generation: str, stored, expires_at: float) -> None:
        limit = settings.PAGE_CACHE_LOCAL_ENTRIES
        if settings.PAGE_CACHE_LOCAL_SECONDS <= 0 or limit <= 0:
            return
        with self._lock:
            self._copies[key] = (generation, stored, expires_at)
            self._copies.move_to_end(key)
            while len(self._copies) > limit:
                self._copies.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()
        self._generation = None

    def __len__(self) -> int:
        return len(self._copies)


local_pages = LocalPages()
