"""The shared page cache: what it stores, when it lets go, and what it never shares."""

import logging
import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from articles.caching import pages
from articles.caching.local import local_pages
from articles.models import Article, Comment
from articles.services import comments as comment_services
from articles.services import publishing
from articles.views.reader import ArticleDetailView
from tests.factories import make_article, make_comment, make_editor, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def fetch(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.content.decode()


def test_a_second_anonymous_read_is_served_from_the_cache(client):
    article = make_article(headline="خبر للتخزين")
    first, html = fetch(client, article.get_absolute_url())
    second, again = fetch(client, article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert again == html and "خبر للتخزين" in again
    assert (
        "public" in second["Cache-Control"] and "s-maxage=60" in second["Cache-Control"]
    )


@pytest.mark.parametrize(
    "url", ["/", "/latest/", "/feed/rss/", "/sitemap.xml", "/api/v1/articles"]
)
def test_lists_feeds_sitemaps_and_api_reads_are_cached(client, url):
    make_article()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_cached_pages_carry_no_csrf_token_session_or_cookie(client):
    article = make_article()
    client.get(article.get_absolute_url())
    hit = client.get(article.get_absolute_url())
    html = hit.content.decode()
    assert hit["X-Page-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in html
    assert not hit.cookies
    assert "Set-Cookie" not in hit
    assert "sessionid" not in html


def test_staff_always_get_fresh_private_pages_without_touching_the_cache(client):
    article = make_article(headline="قبل")
    anonymous = Client()
    anonymous.get(article.get_absolute_url())  # primes the cache
    client.force_login(make_editor())
    Article.objects.filter(pk=article.pk).update(headline="بعد")  # no purge on purpose
    response, html = fetch(client, article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "بعد" in html
    assert (
        "private" in response["Cache-Control"]
        and "no-store" in response["Cache-Control"]
    )
    assert "قبل" in anonymous.get(article.get_absolute_url()).content.decode()


def test_staff_markup_never_reaches_the_shared_cache(client):
    article = make_article()
    client.force_login(make_editor())
    client.get(article.get_absolute_url())
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_choosing_digits_is_not_cached_and_each_preference_has_its_own_page():
    article = make_article(view_count=1234)
    url = article.get_absolute_url()
    arab, latn = Client(), Client()
    arab.cookies["digits"] = "arab"
    latn.cookies["digits"] = "latn"
    arab_html = arab.get(url).content.decode()
    latn_page = latn.get(url)
    assert "١٢٣٤" in arab_html and "1234" not in arab_html
    assert latn_page["X-Page-Cache"] == "miss"  # not served the Arabic-Indic copy
    assert "1234" in latn_page.content.decode()
    assert "Cookie" in latn_page["Vary"]
    chooser = Client().get(f"{url}?digits=arab")
    assert "X-Page-Cache" not in chooser and chooser.cookies["digits"].value == "arab"


def test_a_page_rendered_for_http_is_never_served_on_https(client):
    url = make_article().get_absolute_url()
    plain = client.get(url)  # a proxy that let plain HTTP through
    secure = client.get(url, secure=True)

    assert secure["X-Page-Cache"] == "miss"
    assert 'href="https://testserver/' in secure.content.decode()
    assert 'href="http://testserver/' in plain.content.decode()


def test_conditional_get_answers_304_from_the_cache(client):
    article = make_article()
    etag = client.get(article.get_absolute_url())["ETag"]
    response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.content == b""


def test_a_head_request_is_answered_but_never_stored(client):
    make_article(headline="خبر للرأس")
    for url in ("/api/v1/articles", "/"):
        head = client.head(url)
        assert head.status_code == 200 and "X-Page-Cache" not in head
        response = client.get(url)  # the first GET renders and stores the full body
        assert (
            response["X-Page-Cache"] == "miss" and "خبر للرأس" in fetch(client, url)[1]
        )
        assert client.head(url)["X-Page-Cache"] == "hit"  # HEAD may read a stored page


def test_a_conditional_request_on_a_miss_stores_the_page_it_answered_304_for(client):
    make_article()
    url = "/api/v1/articles"
    etag = client.get(url)["ETag"]
    pages._new_generation()  # an edit elsewhere; this list is unchanged
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    # The 304 is made from the stored 200 (one ETag step for pages and the API), so the
    # next reader is served from the cache, not remembered as "pass".
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_a_hit_says_how_long_the_page_has_been_shared(client, monkeypatch):
    article = make_article()
    url = article.get_absolute_url()
    assert "Age" not in client.get(url)  # rendered now
    assert client.get(url)["Age"] == "0"
    now = time.time()
    monkeypatch.setattr(pages.time, "time", lambda: now + 30)
    response = client.get(url)
    assert (
        response["Age"] in ("29", "30") and "s-maxage=60" in response["Cache-Control"]
    )


def test_an_entry_of_another_shape_is_a_miss_not_an_error(client):
    article = make_article(headline="شكل آخر")
    url = article.get_absolute_url()
    key = pages._page_key(client.get(url).wsgi_request)
    generation = pages.cache.get(pages.GENERATION_KEY)
    local_pages.clear()
    pages.cache.set(key, (generation, (200, "not headers"), time.time() + 60), 60)
    response = client.get(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert "شكل آخر" in response.content.decode()


def test_a_purge_the_cache_refused_is_made_before_the_next_read(client, monkeypatch):
    article = make_article(headline="عنوان قديم")
    url = article.get_absolute_url()
    client.get(url)
    real_set = pages.cache.set

    def refuse_generation(key, *args, **kwargs):
        if key == pages.GENERATION_KEY:
            raise ConnectionError("cache blip")
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(pages.cache, "set", refuse_generation)
    article.headline = "عنوان جديد"
    article.save()  # both purges (now and on commit) fail
    monkeypatch.undo()
    local_pages.clear()  # another server: no copy of its own
    response, html = fetch(Client(), url)
    assert "عنوان جديد" in html and response["X-Page-Cache"] == "miss"
    assert pages._purge_pending is False


def test_if_modified_since_alone_never_hides_a_removed_article(client):
    make_article(headline="الأحدث")
    older = make_article(
        headline="الأقدم", published_at=timezone.now() - timedelta(days=1)
    )
    url = "/feed/rss/"
    last_modified = client.get(url)["Last-Modified"]  # the newest article's date
    publishing.unpublish_article(article=older)
    response, xml = fetch(client, url, **{"If-Modified-Since": last_modified})
    assert response.status_code == 200 and "الأقدم" not in xml


def test_a_cdn_keeps_a_page_no_longer_than_the_next_scheduled_article_allows(client):
    make_article(
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(seconds=20),
        section=make_section(),
    )
    control = client.get("/")["Cache-Control"]
    seconds = int(control.split("s-maxage=")[1].split(",")[0])
    assert 1 <= seconds <= 21


def test_errors_are_not_cached(client):
    assert client.get("/news/no-such-article/").status_code == 404
    again = client.get("/news/no-such-article/")
    assert again.status_code == 404 and "X-Page-Cache" not in again


def test_an_address_that_cannot_be_shared_skips_the_render_lock(client, monkeypatch):
    url = "/news/no-such-article/"
    assert client.get(url).status_code == 404  # remembered as "pass"
    locks = []
    add = pages.cache.add
    monkeypatch.setattr(
        pages.cache,
        "add",
        lambda key, *a, **k: locks.append(key) or add(key, *a, **k),
    )
    for _ in range(3):
        again = client.get(url)
        assert again.status_code == 404 and "X-Page-Cache" not in again
    assert locks == []


def test_a_pass_marker_ends_with_the_generation(client):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 404
    publishing.publish_article(article=article)
    response = client.get(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"


# Invalidation: each editorial trigger shows readers the change at once. ----------


def test_publishing_shows_the_new_article_on_the_home_page(client):
    make_article()
    draft = make_article(
        status=Article.Status.DRAFT, published_at=None, headline="جديد"
    )
    assert "جديد" not in fetch(client, "/")[1]
    publishing.publish_article(article=draft)
    assert "جديد" in fetch(client, "/")[1]


def test_editing_a_headline_shows_the_new_headline(client):
    article = make_article(headline="عنوان أول")
    fetch(client, article.get_absolute_url())
    article.headline = "عنوان معدل"
    article.save()
    assert "عنوان معدل" in fetch(client, article.get_absolute_url())[1]


@pytest.mark.parametrize("retire", ["unpublish_article", "archive_article"])
def test_unpublishing_or_archiving_removes_the_article(client, retire):
    article = make_article(headline="سيختفي")
    assert fetch(client, article.get_absolute_url())[0].status_code == 200
    assert "سيختفي" in fetch(client, "/")[1]
    getattr(publishing, retire)(article=article)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "سيختفي" not in fetch(client, "/")[1]


def test_a_correction_appears_at_once(client):
    article = make_article()
    fetch(client, article.get_absolute_url())
    publishing.add_correction(article=article, text="صُحّح اسم المتحدث")
    assert "صُحّح اسم المتحدث" in fetch(client, article.get_absolute_url())[1]


def test_approving_a_comment_shows_it_and_the_new_count(client):
    article = make_article()
    comment = make_comment(article=article, body="تعليق ينتظر")
    assert "تعليق ينتظر" not in fetch(client, article.get_absolute_url())[1]
    comment_services.approve_comments(comments=Comment.objects.filter(pk=comment.pk))
    html = fetch(client, article.get_absolute_url())[1]
    assert "تعليق ينتظر" in html


def test_a_new_pending_comment_keeps_the_cache(client):
    article = make_article()
    fetch(client, article.get_absolute_url())
    make_comment(article=article)
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_scheduled_article_shortens_the_life_of_cached_pages():
    make_article(
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(seconds=20),
        section=make_section(),
    )
    assert 1 <= pages.seconds_until_next_scheduled(60, timezone.now()) <= 21
    Article.objects.all().delete()
    assert pages.seconds_until_next_scheduled(60, timezone.now()) == 60


def test_a_page_rendered_while_an_article_went_live_lives_a_second():
    make_article(
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() - timedelta(milliseconds=200),
        section=make_section(),
    )
    render_began = timezone.now() - timedelta(milliseconds=500)
    assert pages.seconds_until_next_scheduled(60, render_began) == 1


def test_page_cache_off_serves_everything_fresh(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article()
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert response["ETag"]  # conditional GET still works


def test_a_dead_cache_serves_pages_and_logs_once(client, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    pages._last_failure_logged = 0.0
    article = make_article(headline="بلا ذاكرة")
    with caplog.at_level(logging.ERROR, logger="articles.caching.pages"):
        for _ in range(5):
            response = client.get(article.get_absolute_url())
            assert response.status_code == 200
            assert "بلا ذاكرة" in response.content.decode()
    logged = [r for r in caplog.records if "page cache unavailable" in r.getMessage()]
    assert len(logged) == 1


@pytest.mark.django_db(transaction=True)
def test_a_stampede_on_a_just_invalidated_page_renders_once(monkeypatch):
    article = make_article()
    url = article.get_absolute_url()
    renders = []
    original = ArticleDetailView.get_context_data

    def slow_render(self, **kwargs):
        renders.append(1)
        time.sleep(0.3)  # a slow page widens the race window
        return original(self, **kwargs)

    monkeypatch.setattr(ArticleDetailView, "get_context_data", slow_render)
    pages._new_generation()
    statuses = []
    start = threading.Barrier(16)

    def reader():
        start.wait()
        statuses.append(Client().get(url).status_code)
        connections.close_all()

    threads = [threading.Thread(target=reader) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 16
    assert len(renders) == 1, f"{len(renders)} renders; statuses {statuses}"


@pytest.mark.parametrize("asked", ["999", "abc", "01"])
def test_a_stand_in_page_is_shown_but_never_stored(client, asked):
    for _ in range(3):
        make_article()
    url = f"/latest/?page={asked}"
    with patch_page_size(2):
        first = client.get(url)
        again = client.get(url)
    assert first.status_code == again.status_code == 200
    assert (
        "no-store" in first["Cache-Control"] and "public" not in first["Cache-Control"]
    )
    assert again.get("X-Page-Cache") != "hit"
    shown = 2 if asked == "999" else 1
    assert f"الصفحة {shown} من 2" in again.content.decode()


def test_a_page_asked_by_its_own_number_is_stored(client):
    for _ in range(3):
        make_article()
    with patch_page_size(2):
        client.get("/latest/?page=2")
        assert client.get("/latest/?page=2")["X-Page-Cache"] == "hit"


def patch_page_size(size):
    from unittest import mock

    from articles.views.reader import LatestView

    return mock.patch.object(LatestView, "paginate_by", size)
