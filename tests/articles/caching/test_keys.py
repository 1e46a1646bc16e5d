"""Shared pages are keyed by their path and the query parameters they read, nothing else."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import path

from articles.caching import pages
from articles.caching.keys import page_address, params_read
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def _cache_state(response):
    return response.get("X-Page-Cache")


@pytest.mark.parametrize(
    "extra",
    ["?fbclid=IwAR0abc", "?utm_source=twitter&utm_medium=social", "?x=1", "?page=9"],
)
def test_parameters_the_article_page_does_not_read_get_the_same_copy(client, extra):
    url = make_article(headline="خبر يُشارك").get_absolute_url()
    assert _cache_state(client.get(url)) == "miss"
    again = client.get(url + extra)
    assert again.status_code == 200 and _cache_state(again) == "hit"
    assert "خبر يُشارك" in again.content.decode()


def test_a_click_id_is_never_echoed_into_the_shared_copy(client):
    url = make_article().get_absolute_url()
    first = client.get(url + "?fbclid=first-visitor-click")
    assert "first-visitor-click" not in first.content.decode()
    assert _cache_state(client.get(url)) == "hit"


def test_parameters_a_list_reads_key_their_own_copy(client):
    for _ in range(25):  # two pages of 20
        make_article()
    assert _cache_state(client.get("/latest/?page=2")) == "miss"
    assert _cache_state(client.get("/latest/?page=2&utm_campaign=x")) == "hit"
    assert _cache_state(client.get("/latest/?page=1")) == "miss"
    assert _cache_state(client.get("/latest/")) == "miss"


def test_read_parameters_key_the_copy_in_any_order(client):
    make_article(headline="الرقة اليوم")
    assert _cache_state(client.get("/search/?q=الرقة&page=1")) == "miss"
    assert _cache_state(client.get("/search/?page=1&q=الرقة")) == "hit"
    assert _cache_state(client.get("/search/?q=دمشق&page=1")) == "miss"


def test_api_reads_are_keyed_by_their_own_query_parameters(client):
    make_article()
    assert _cache_state(client.get("/api/v1/articles?limit=5")) == "miss"
    assert _cache_state(client.get("/api/v1/articles?utm_source=a&limit=5")) == "hit"
    assert _cache_state(client.get("/api/v1/articles?limit=6")) == "miss"


def test_an_address_that_is_no_public_page_never_touches_the_cache(client, monkeypatch):
    article = make_article()
    reads = []
    monkeypatch.setattr(pages.cache, "get_many", lambda *a, **k: reads.append(a) or {})
    for url in (f"/a/{article.pk}", "/no-such-page/", "/api/v1/openapi.json"):
        response = client.get(url)
        assert response.status_code in (200, 301, 404)
        assert _cache_state(response) is None
    assert reads == []


@pytest.mark.parametrize(
    ("path", "read"),
    [
        ("/", set()),
        ("/news/any-slug/", set()),
        ("/latest/", {"page"}),
        ("/search/", {"q", "page"}),
        ("/section/politics/", {"page"}),
        ("/sitemap-articles.xml", {"p"}),
        ("/feed/rss/", set()),
        ("/api/v1/articles", {"limit", "offset", "section", "author", "tag", "q"}),
        ("/api/v1/articles/3", set()),
        ("/api/v1/most-read", {"window", "limit"}),
        ("/comments/3/write/", None),
        ("/admin/", None),
        ("/nothing-here/", None),
    ],
)
def test_each_public_page_names_the_parameters_it_reads(path, read):
    found = params_read(RequestFactory().get(path))
    assert found == (None if read is None else frozenset(read))


def test_the_address_keeps_repeated_values_and_drops_the_rest():
    request = RequestFactory().get("/search/?page=2&x=1&q=a&q=b")
    assert page_address(request) == "/search/?page=2&q=a&q=b"
    assert page_address(RequestFactory().get("/news/s/?fbclid=1")) == "/news/s/"


def _not_public(request):  # pragma: no cover - never requested
    raise AssertionError


urlpatterns = [path("latest/", _not_public)]


def test_swapping_the_url_configuration_forgets_what_pages_read():
    assert params_read(RequestFactory().get("/latest/")) == {"page"}  # remembered
    with override_settings(ROOT_URLCONF=__name__):
        assert params_read(RequestFactory().get("/latest/")) is None
    assert params_read(RequestFactory().get("/latest/")) == {"page"}


@pytest.mark.parametrize(
    "url", ["/latest/", "/search/", "/sitemap-articles.xml", "/api/v1/articles"]
)
def test_a_query_with_too_many_fields_leaves_the_plain_address_cached(client, url):
    """More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS: the view answers 400, and that
    answer is no reason to stop sharing the page at the address without them."""
    make_article()
    flood = "&".join(f"x{number}=1" for number in range(1001))
    assert client.get(f"{url}?{flood}").status_code == 400
    assert _cache_state(client.get(url)) == "miss"
    assert _cache_state(client.get(url)) == "hit"
