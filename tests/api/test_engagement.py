"""Views, shares and most read through the API: the site's rules, deduped by visitor id."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, EngagementCount
from articles.services.engagement import roll_up_counts
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db

APP = "PortalApp/2.1 (Android 14)"
VISITOR = "3f6c1d2e-8b4a-4c7e-9d1f-2a5b6c7d8e9f"


def view(api, article_id, visitor=VISITOR, agent=APP, **extra):
    headers = {"HTTP_USER_AGENT": agent, **extra}
    if visitor is not None:
        headers["HTTP_X_VISITOR_ID"] = visitor
    return api.post(f"/api/v1/articles/{article_id}/views", **headers)


def share(api, article_id, network="whatsapp", visitor=VISITOR, **extra):
    headers = {"HTTP_USER_AGENT": APP, **extra}
    if visitor is not None:
        headers["HTTP_X_VISITOR_ID"] = visitor
    return api.post(
        f"/api/v1/articles/{article_id}/shares",
        {"network": network},
        content_type="application/json",
        **headers,
    )


def counted(article, metric, detail=""):
    rows = EngagementCount.objects.filter(article=article, metric=metric, detail=detail)
    return sum(row.count for row in rows)


# Views --------------------------------------------------------------------------------


def test_a_view_is_counted_once_per_visitor_in_30_minutes(api):
    article = make_article()

    first = view(api, article.pk)
    again = view(api, article.pk)
    other = view(api, article.pk, visitor="another-install-0001")

    assert first.status_code == again.status_code == other.status_code == 200
    assert (first.json(), again.json(), other.json()) == (
        {"counted": True},
        {"counted": False},
        {"counted": True},
    )
    assert "no-store" in first["Cache-Control"]
    assert counted(article, "view") == 2
    assert counted(article, "filtered", "repeat") == 1


def test_the_same_visitor_counts_again_on_another_article(api):
    one, two = make_article(), make_article()

    assert view(api, one.pk).json() == view(api, two.pk).json() == {"counted": True}


def test_views_reach_the_article_counter_and_the_api(api):
    article = make_article(view_count=5)
    view(api, article.pk)
    view(api, article.pk, visitor="another-install-0001")

    roll_up_counts()

    assert api.get(f"/api/v1/articles/{article.pk}").json()["counts"]["views"] == 7


@pytest.mark.parametrize(
    ("agent", "extra", "reason"),
    [
        ("okhttp/4.12.0", {}, "bot"),
        ("Googlebot/2.1", {}, "bot"),
        ("", {}, "bot"),
        ("WhatsApp/2.23", {}, "preview"),
        (APP, {"HTTP_SEC_PURPOSE": "prefetch"}, "prefetch"),
    ],
)
def test_bots_previews_and_prefetches_are_filtered_not_counted(
    api, agent, extra, reason
):
    article = make_article()

    response = view(api, article.pk, agent=agent, **extra)

    assert response.status_code == 200 and response.json() == {"counted": False}
    assert counted(article, "view") == 0
    assert counted(article, "filtered", reason) == 1


def test_a_bots_share_is_not_counted(api):
    article = make_article()

    response = share(api, article.pk, HTTP_USER_AGENT="python-requests/2.31")

    assert response.status_code == 200 and response.json() == {"counted": False}
    assert counted(article, "share", "whatsapp") == 0
    assert share(api, 999999, HTTP_USER_AGENT="python-requests/2.31").status_code == 404


def test_a_signed_in_staff_member_is_not_a_reader(api):
    article = make_article()
    api.force_login(make_editor())

    assert view(api, article.pk).json() == {"counted": False}
    assert counted(article, "filtered", "staff") == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.ARCHIVED},
        {"status": Article.Status.IN_REVIEW, "published_at": None},
        {"status": Article.Status.SCHEDULED, "published_at": "future"},
    ],
)
def test_views_and_shares_of_unpublished_articles_are_404_storing_nothing(api, fields):
    if fields.get("published_at") == "future":
        fields["published_at"] = timezone.now() + timedelta(hours=1)
    article = make_article(**fields)

    responses = [view(api, article.pk), share(api, article.pk), view(api, 99999)]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert responses[0].json()["detail"] == "المقال غير موجود أو غير منشور."
    assert not EngagementCount.objects.exists()


def test_a_scheduled_article_counts_once_its_time_has_come(api):
    article = make_article(
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() - timedelta(minutes=5),
    )

    assert api.get(f"/api/v1/articles/{article.pk}").status_code == 200
    assert view(api, article.pk).json() == {"counted": True}
    assert share(api, article.pk).json() == {"counted": True}
    assert counted(article, "view") == counted(article, "share", "whatsapp") == 1


def test_a_404_does_not_use_up_the_visitor_for_that_article(api):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    assert view(api, article.pk).status_code == 404

    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
    article.save()

    assert view(api, article.pk).json() == {"counted": True}


@pytest.mark.parametrize(
    "visitor",
    [
        None,
        "",
        "short",
        "x" * 65,
        "has space 123",
        "قارئ-عربي-123",
        "'; DROP TABLE articles_article;--",
        "<script>alert(1)</script>",
    ],
)
def test_bad_visitor_ids_are_422_naming_the_header(api, visitor):
    article = make_article()

    responses = [
        view(api, article.pk, visitor=visitor),
        share(api, article.pk, visitor=visitor),
    ]

    for response in responses:
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["X-Visitor-Id"]
    assert not EngagementCount.objects.exists()


@pytest.mark.parametrize(
    "article_id", ["abc", "0", "-1", "1 OR 1=1", "99999999999999999999"]
)
def test_bad_article_ids_are_422(api, article_id):
    response = view(api, article_id)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "article_id"
    assert not EngagementCount.objects.exists()


def test_view_flood_from_one_address_is_429(api, settings):
    settings.ENGAGEMENT_VIEW_RATE = 3
    article = make_article()

    answers = [view(api, article.pk, visitor=f"install-{n:04d}") for n in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3]["Retry-After"] == "60"
    assert "طلبات كثيرة" in answers[3].json()["detail"]
    assert counted(article, "view") == 3


def test_other_sites_pages_cannot_count(api):
    article = make_article()

    response = view(api, article.pk, HTTP_ORIGIN="https://evil.example")

    assert response.status_code == 403
    assert not EngagementCount.objects.exists()


def test_get_is_not_a_way_to_count(api):
    article = make_article()

    response = api.get(f"/api/v1/articles/{article.pk}/views")

    assert response.status_code == 405
    assert not EngagementCount.objects.exists()


# Shares -------------------------------------------------------------------------------


def test_a_share_is_counted_per_network_and_deduped_per_visitor(api):
    article = make_article()

    answers = [
        share(api, article.pk, "whatsapp"),
        share(api, article.pk, "whatsapp"),  # a retry or double tap
        share(api, article.pk, "telegram"),
        share(api, article.pk, "whatsapp", visitor="another-install-0001"),
    ]

    assert [a.json()["counted"] for a in answers] == [True, False, True, True]
    assert "no-store" in answers[0]["Cache-Control"]
    assert counted(article, "share", "whatsapp") == 2
    assert counted(article, "share", "telegram") == 1
    roll_up_counts()
    assert api.get(f"/api/v1/articles/{article.pk}").json()["counts"]["shares"] == 3


def test_every_network_of_the_site_is_accepted(api):
    article = make_article()

    for network in EngagementCount.Network.values:
        assert share(api, article.pk, network).json() == {"counted": True}


@pytest.mark.parametrize(
    "network", ["myspace", "", "WhatsApp", "x' OR '1'='1", 3, None]
)
def test_unknown_networks_are_422_naming_the_field(api, network):
    article = make_article()

    response = share(api, article.pk, network)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["network"]
    assert not EngagementCount.objects.exists()


def test_a_repeated_share_of_a_dead_article_is_still_404(api):
    article = make_article()
    share(api, article.pk)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.ARCHIVED)

    assert share(api, article.pk).status_code == 404


def test_share_flood_from_one_address_is_429(api, settings):
    settings.ENGAGEMENT_SHARE_RATE = 2
    article = make_article()

    answers = [share(api, article.pk, visitor=f"install-{n:04d}") for n in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert counted(article, "share", "whatsapp") == 2


# Most read ----------------------------------------------------------------------------


def test_most_read_ranks_by_views_in_the_window(api):
    hot, warm, cold = make_article(), make_article(), make_article()
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    for n in range(3):
        view(api, hot.pk, visitor=f"install-{n:04d}")
    view(api, warm.pk)
    EngagementCount.objects.create(
        article=draft, hour=timezone.now(), metric="view", count=50
    )
    old = timezone.now() - timedelta(days=3)
    EngagementCount.objects.create(article=cold, hour=old, metric="view", count=9)

    day = api.get("/api/v1/most-read")
    week = api.get("/api/v1/most-read?window=7d&limit=1")

    assert day.status_code == 200
    data = day.json()
    assert data["window"] == "24h"
    assert [(i["id"], i["recent_views"]) for i in data["items"]] == [
        (hot.pk, 3),
        (warm.pk, 1),
    ]
    assert {"headline", "url", "counts", "section"} <= set(data["items"][0])
    assert [i["id"] for i in week.json()["items"]] == [cold.pk]
    assert "public" in day["Cache-Control"] and "max-age=60" in day["Cache-Control"]


@pytest.mark.parametrize("window", ["1h", "", "24H", "7d;DROP", "30d"])
def test_bad_window_is_422_naming_it(api, window):
    response = api.get(f"/api/v1/most-read?window={window}")

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["window"]
