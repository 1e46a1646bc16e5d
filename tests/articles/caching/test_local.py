"""Each process's copies of shared pages: served without a round trip, never stale for
longer than the interval, never past the shared entry's expiry, bounded in number."""

import pytest
from django.core.cache import cache

from articles.caching import local, pages
from articles.caching.local import local_pages
from articles.services import publishing
from tests.factories import make_article

pytestmark = pytest.mark.django_db


class Clock:
    """Both clocks local_pages reads, moved by hand."""

    def __init__(self, monkeypatch):
        self.monotonic = 1000.0
        self.wall = 1_800_000_000.0
        monkeypatch.setattr(local, "monotonic", lambda: self.monotonic)
        monkeypatch.setattr(local, "wall_clock", lambda: self.wall)
        monkeypatch.setattr(pages.time, "time", lambda: self.wall)

    def advance(self, seconds):
        self.monotonic += seconds
        self.wall += seconds


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_LOCAL_SECONDS = 1.0
    settings.PAGE_CACHE_LOCAL_ENTRIES = 256


class SharedReads:
    """Counts the page cache's round trips to the shared cache."""

    def __init__(self, monkeypatch):
        self.count = 0
        real = cache.get_many

        def get_many(keys):
            self.count += 1
            return real(keys)

        monkeypatch.setattr(cache, "get_many", get_many)


def another_server_publishes():
    """What an edit on another app server leaves here: only a new shared generation."""
    cache.set(pages.GENERATION_KEY, "generation-from-another-server", None)


def test_a_page_read_once_is_served_again_without_asking_the_shared_cache(
    client, clock, monkeypatch
):
    article = make_article(headline="خبر محفوظ محلياً")
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    reads = SharedReads(monkeypatch)
    for _ in range(5):
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit"
        assert "خبر محفوظ محلياً" in response.content.decode()
    assert reads.count == 0
    clock.advance(1.5)  # the generation this process knows is too old: ask once
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert reads.count == 1


def test_an_edit_on_another_server_reaches_readers_within_the_interval(client, clock):
    article = make_article(headline="العنوان الأول")
    url = article.get_absolute_url()
    client.get(url)
    type(article).objects.filter(pk=article.pk).update(headline="العنوان المصحح")
    another_server_publishes()
    clock.advance(0.5)
    assert "العنوان الأول" in client.get(url).content.decode()  # the bounded lag
    clock.advance(0.6)
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "العنوان المصحح" in fresh.content.decode()


def test_an_edit_in_this_process_is_seen_at_once(client, clock):
    article = make_article(headline="خبر قبل التصحيح")
    url = article.get_absolute_url()
    client.get(url)
    publishing.add_correction(article=article, text="صُحّح اسم المتحدث")
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "صُحّح اسم المتحدث" in response.content.decode()


def test_a_copy_is_never_served_past_its_shared_entry_expiry(
    client, clock, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 30
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    reads = SharedReads(monkeypatch)
    clock.advance(0.9)
    client.get(url)
    assert reads.count == 0
    clock.advance(29.2)  # past the 30 s the shared entry was stored for
    client.get(url)
    assert reads.count == 1


def test_a_flushed_shared_cache_never_revives_a_copy(client, clock):
    home = make_article()
    article = make_article(headline="قبل المسح")
    cache.clear()  # a fresh Redis: the page cache starts the generations
    client.get(home.get_absolute_url())
    client.get(article.get_absolute_url())
    cache.clear()  # Redis restarted or flushed again: a new generation starts
    type(article).objects.filter(pk=article.pk).update(headline="بعد المسح")
    clock.advance(1.1)
    client.get(home.get_absolute_url())  # learns the new generation
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "بعد المسح" in response.content.decode()


def test_copies_are_bounded_least_recently_used_first(
    client, clock, settings, monkeypatch
):
    settings.PAGE_CACHE_LOCAL_ENTRIES = 2
    first, second, third = (make_article() for _ in range(3))
    for article in (first, second, third):
        client.get(article.get_absolute_url())
    assert len(local_pages) == 2
    reads = SharedReads(monkeypatch)
    assert client.get(third.get_absolute_url())["X-Page-Cache"] == "hit"
    assert reads.count == 0
    assert client.get(first.get_absolute_url())["X-Page-Cache"] == "hit"
    assert reads.count == 1  # its copy made way for the newer ones


def test_no_copies_when_the_interval_is_zero(client, clock, settings, monkeypatch):
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    reads = SharedReads(monkeypatch)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert reads.count == 2
    assert len(local_pages) == 0
