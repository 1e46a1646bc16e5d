"""The view beacon: what counts, what is filtered out, and bad input."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, EngagementCount
from articles.services.engagement import roll_up_counts
from tests.factories import make_article, make_editor

ORIGIN = "http://testserver"
BROWSER_UA = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)

pytestmark = pytest.mark.django_db


def counts(article, metric, detail=None):
    rows = EngagementCount.objects.filter(article=article, metric=metric)
    if detail is not None:
        rows = rows.filter(detail=detail)
    return rows.aggregate(n=Sum("count", default=0))["n"]


def assert_filtered_out(article, reason):
    """Nothing counted as a view; one hit kept aside under `reason`."""
    assert counts(article, "view") == 0
    assert counts(article, "filtered", reason) == 1


def beacon_url(article_id):
    return reverse("articles:view-beacon", args=[article_id])


def beacon(client, article_id, **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER_UA)
    headers.setdefault("HTTP_ORIGIN", ORIGIN)
    return client.post(beacon_url(article_id), **headers)


@pytest.fixture
def article():
    return make_article()


def test_a_reader_view_counts_once_and_sets_a_cookie(client, article):
    response = beacon(client, article.pk)
    assert response.status_code == 200
    assert response.json() == {"counted": True}
    assert "no-store" in response["Cache-Control"]
    assert "seen" in response.cookies
    assert response.cookies["seen"]["httponly"]
    assert counts(article, "view") == 1


def test_the_same_visitor_within_30_minutes_is_not_counted_again(client, article):
    beacon(client, article.pk)
    second = beacon(client, article.pk)
    assert second.json() == {"counted": False}
    assert counts(article, "view") == 1
    assert counts(article, "filtered", "repeat") == 1


def test_the_same_visitor_counts_again_after_30_minutes(client, article, monkeypatch):
    beacon(client, article.pk)
    later = timezone.now().timestamp() + 31 * 60
    monkeypatch.setattr("articles.views.engagement.time.time", lambda: later)
    # The signed cookie expires with its 30-minute max_age as well.
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert beacon(client, article.pk).json() == {"counted": True}
    assert counts(article, "view") == 2


def test_another_article_by_the_same_visitor_counts(client, article):
    other = make_article()
    beacon(client, article.pk)
    assert beacon(client, other.pk).json() == {"counted": True}


def test_a_new_visitor_behind_the_same_ip_counts(client, article):
    beacon(client, article.pk)
    client.cookies.clear()
    assert beacon(client, article.pk).json() == {"counted": True}
    assert counts(article, "view") == 2


def test_a_forged_dedup_cookie_is_ignored(client, article):
    client.cookies["seen"] = f"{article.pk}:{int(timezone.now().timestamp())}"
    assert beacon(client, article.pk).json() == {"counted": True}


@pytest.mark.parametrize(
    ("agent", "reason"),
    [
        ("WhatsApp/2.23.20.0 A", "preview"),
        ("TelegramBot (like TwitterBot)", "preview"),
        (
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "preview",
        ),
        ("Twitterbot/1.0", "preview"),
        (
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "bot",
        ),
        ("Mozilla/5.0 (compatible; bingbot/2.0)", "bot"),
        ("curl/8.5.0", "bot"),
        ("python-requests/2.32", "bot"),
        ("Mozilla/5.0 HeadlessChrome/126.0", "bot"),
        ("", "bot"),
    ],
)
def test_bots_and_link_previews_are_filtered_out(client, article, agent, reason):
    response = beacon(client, article.pk, HTTP_USER_AGENT=agent)
    assert response.json() == {"counted": False}
    assert_filtered_out(article, reason)


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
    ],
)
def test_prefetch_and_prerender_are_filtered_out(client, article, header):
    assert beacon(client, article.pk, **header).json() == {"counted": False}
    assert_filtered_out(article, "prefetch")


def test_head_is_not_counted(client, article):
    url = beacon_url(article.pk)
    response = client.head(url, HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 200
    assert_filtered_out(article, "head")


def test_logged_in_staff_are_not_counted(client, article):
    client.force_login(make_editor())
    assert beacon(client, article.pk).json() == {"counted": False}
    assert_filtered_out(article, "staff")


def test_noscript_pixel_counts_with_the_same_rules(client, article):
    url = beacon_url(article.pk)
    response = client.get(url, HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    client.get(url, HTTP_USER_AGENT=BROWSER_UA)
    assert counts(article, "view") == 1
    assert counts(article, "filtered", "repeat") == 1


def test_a_cross_site_pixel_is_refused(client, article):
    url = beacon_url(article.pk)
    response = client.get(
        url, HTTP_USER_AGENT=BROWSER_UA, HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert response.status_code == 403
    assert not EngagementCount.objects.exists()


def test_a_cross_site_post_is_refused(client, article):
    response = beacon(client, article.pk, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not EngagementCount.objects.exists()


def test_a_post_without_origin_or_referer_is_refused(client, article):
    url = beacon_url(article.pk)
    response = client.post(url, HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 403


def test_a_same_origin_referer_is_accepted_without_origin(client, article):
    url = beacon_url(article.pk)
    response = client.post(
        url,
        HTTP_USER_AGENT=BROWSER_UA,
        HTTP_REFERER=f"{ORIGIN}{article.get_absolute_url()}",
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.ARCHIVED},
        {
            "status": Article.Status.SCHEDULED,
            "published_at": timezone.now() + timedelta(days=1),
        },
    ],
)
def test_unpublished_articles_are_404_and_store_nothing(client, fields):
    hidden = make_article(**fields)
    assert beacon(client, hidden.pk).status_code == 404
    assert beacon(client, hidden.pk, HTTP_USER_AGENT="Googlebot").status_code == 404
    assert not EngagementCount.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/engagement/view/abc",
        "/engagement/view/1.5",
        "/engagement/view/-1",
        "/engagement/view/1%20OR%201=1",
        "/engagement/view/1;DROP%20TABLE%20articles_article",
        "/engagement/view/99999999999999999999999",
        "/engagement/view/0",
    ],
)
def test_bad_ids_are_404_and_store_nothing(client, article, path):
    response = client.post(path, HTTP_USER_AGENT=BROWSER_UA, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 404
    assert not EngagementCount.objects.exists()
    assert Article.objects.filter(pk=article.pk).exists()


def test_sql_in_the_query_string_changes_nothing(client, article):
    url = beacon_url(article.pk)
    response = client.post(
        f"{url}?id=1%27;DELETE%20FROM%20articles_article;--",
        HTTP_USER_AGENT=BROWSER_UA,
        HTTP_ORIGIN=ORIGIN,
    )
    assert response.status_code == 200
    assert Article.objects.count() == 1
    assert counts(article, "view") == 1


def test_a_huge_body_is_413_and_stores_nothing(client, article):
    url = beacon_url(article.pk)
    response = client.post(
        url,
        data=b"x" * 100_000,
        content_type="application/octet-stream",
        HTTP_USER_AGENT=BROWSER_UA,
        HTTP_ORIGIN=ORIGIN,
    )
    assert response.status_code == 413
    assert not EngagementCount.objects.exists()


def test_a_flood_from_one_visitor_gets_429(client, article, settings):
    settings.ENGAGEMENT_VIEW_RATE = 5
    statuses = [beacon(client, article.pk).status_code for _ in range(8)]
    assert statuses == [200] * 5 + [429] * 3
    assert counts(article, "view") + counts(article, "filtered") == 5


def test_counting_goes_on_when_the_cache_is_down(client, article, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "add", broken)
    monkeypatch.setattr(cache, "incr", broken)
    assert beacon(client, article.pk).json() == {"counted": True}
    assert counts(article, "view") == 1


def test_put_and_delete_on_the_view_beacon_are_refused(client, article):
    url = beacon_url(article.pk)
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_views_are_rolled_up_into_the_article(client, article, settings):
    settings.ENGAGEMENT_ROLLUP_SECONDS = 0
    before = article.view_count
    for _ in range(3):
        client.cookies.clear()
        beacon(client, article.pk)
    article.refresh_from_db()
    assert article.view_count == before
    assert (
        Article.objects.with_exact_counts().get(pk=article.pk).views_total == before + 3
    )
    roll_up_counts()
    article.refresh_from_db()
    assert article.view_count == before + 3
    assert roll_up_counts() == 0
    article.refresh_from_db()
    assert article.view_count == before + 3


def test_a_reader_view_costs_one_query(
    client, article, settings, django_assert_num_queries
):
    settings.ENGAGEMENT_ROLLUP_SECONDS = 0
    with django_assert_num_queries(1):
        assert beacon(client, article.pk).json() == {"counted": True}


def test_roll_up_runs_at_most_once_per_interval(client, article, settings):
    settings.ENGAGEMENT_ROLLUP_SECONDS = 60
    before = article.view_count
    beacon(client, article.pk)  # the first hit finds the roll-up due
    client.cookies.clear()
    beacon(client, article.pk)  # the second waits for the next interval
    article.refresh_from_db()
    assert article.view_count == before + 1
    exact = Article.objects.with_exact_counts().get(pk=article.pk)
    assert exact.views_total == before + 2


def test_counting_goes_on_with_redis_unreachable(client, article, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/5",  # nothing listens there
        }
    }
    settings.ENGAGEMENT_ROLLUP_SECONDS = 10
    for _ in range(3):
        client.cookies.clear()
        assert beacon(client, article.pk).json() == {"counted": True}
    assert counts(article, "view") == 3
