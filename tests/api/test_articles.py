"""GET /api/v1/articles and /api/v1/articles/{id}: fields, order, published-only, filters."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article, Correction, Source
from tests.factories import (
    make_article,
    make_author,
    make_image,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db

ITEM_FIELDS = {
    "id",
    "url",
    "short_url",
    "headline",
    "slug",
    "deck",
    "section",
    "authors",
    "tags",
    "published_at",
    "updated_at",
    "image",
    "source",
    "counts",
}
DETAIL_FIELDS = ITEM_FIELDS | {
    "sub_heading",
    "dateline",
    "body_html",
    "corrections",
    "comments_open",
}


def has_offset(value: str) -> bool:
    """ISO 8601 with the newsroom's explicit UTC offset (e.g. +03:00)."""
    moment = datetime.fromisoformat(value)
    return moment.utcoffset() == timezone.localtime(moment).utcoffset() and bool(
        re.search(r"[+-]\d\d:\d\d$", value)
    )


def test_list_item_carries_every_field_of_the_contract(api):
    section = make_section(name="اقتصاد", slug="economy")
    first, second = make_author(name="سارة"), make_author(name="علي")
    tag = make_tag(name="نفط", slug="oil")
    article = make_article(
        headline="ارتفاع أسعار النفط",
        deck="مقدمة الخبر",
        section=section,
        authors=[second, first],
        tags=[tag],
        lead_image=make_image(alt_text="بئر نفط", caption="حقل", credit="وكالة"),
        source=Source.objects.create(name="العرب", url="https://alarab.co.uk/"),
        original_url="https://alarab.co.uk/story",
        original_published_on=date(2017, 11, 15),
        view_count=7,
        comment_count=2,
        share_count=1,
    )

    response = api.get("/api/v1/articles")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert data["count"] == 1 and (data["limit"], data["offset"]) == (20, 0)
    item = data["items"][0]
    assert set(item) == ITEM_FIELDS
    assert item["id"] == article.pk
    assert item["url"] == settings.SITE_URL + article.get_absolute_url()
    assert item["short_url"] == f"{settings.SITE_URL}/a/{article.pk}"
    assert (item["headline"], item["slug"], item["deck"]) == (
        "ارتفاع أسعار النفط",
        article.slug,
        "مقدمة الخبر",
    )
    assert item["section"] == {"slug": "economy", "name": "اقتصاد"}
    assert [a["name"] for a in item["authors"]] == ["علي", "سارة"]  # byline order
    assert item["tags"] == [{"slug": "oil", "name": "نفط"}]
    assert item["source"] == {
        "name": "العرب",
        "url": "https://alarab.co.uk/",
        "original_url": "https://alarab.co.uk/story",
        "original_published_at": "2017-11-15",
    }
    assert item["counts"] == {"views": 7, "comments": 2, "shares": 1}
    # ISO 8601 with the newsroom's offset.
    assert has_offset(item["published_at"])
    assert item["updated_at"] == item["published_at"]  # no editorial change yet


def test_image_has_metadata_and_renditions_that_exist(api):
    image = make_image(alt_text="بئر نفط", caption="حقل", credit="وكالة")
    make_article(lead_image=image)

    picture = api.get("/api/v1/articles").json()["items"][0]["image"]

    assert picture["url"] == settings.SITE_URL + image.file.url
    assert (picture["width"], picture["height"]) == (64, 48)
    assert (picture["alt"], picture["caption"], picture["credit"]) == (
        "بئر نفط",
        "حقل",
        "وكالة",
    )
    renditions = picture["renditions"]
    assert {"card_webp", "card_avif", "medium_jpeg", "large_webp", "og_jpeg"} <= set(
        renditions
    )
    assert renditions["card_webp"]["width"] == 480
    assert renditions["og_jpeg"]["height"] == 630
    assert renditions["large_avif"]["url"].endswith(".avif")
    media = f"{settings.SITE_URL}/media/"
    for rendition in renditions.values():
        assert rendition["url"].startswith(media + "renditions/")
        assert image.file.storage.exists(rendition["url"].removeprefix(media))


def test_article_without_image_or_source_has_nulls(api):
    make_article()

    item = api.get("/api/v1/articles").json()["items"][0]

    assert item["image"] is None and item["source"] is None
    assert item["authors"] == [] and item["tags"] == []


def test_list_is_newest_first(api):
    now = timezone.now()
    old = make_article(published_at=now - timedelta(days=2))
    new = make_article(published_at=now - timedelta(minutes=1))
    middle = make_article(published_at=now - timedelta(hours=3))

    ids = [item["id"] for item in api.get("/api/v1/articles").json()["items"]]

    assert ids == [new.pk, middle.pk, old.pk]


@pytest.mark.parametrize(
    "status,when",
    [
        (Article.Status.DRAFT, None),
        (Article.Status.IN_REVIEW, None),
        (Article.Status.ARCHIVED, -1),
        (Article.Status.SCHEDULED, 1),
        (Article.Status.PUBLISHED, 1),  # published, but its time has not come
    ],
)
def test_unpublished_articles_do_not_exist_for_the_api(api, status, when):
    published_at = timezone.now() + timedelta(days=when) if when else None
    hidden = make_article(status=status, published_at=published_at)
    visible = make_article()

    listed = api.get("/api/v1/articles").json()
    detail = api.get(f"/api/v1/articles/{hidden.pk}")

    assert [item["id"] for item in listed["items"]] == [visible.pk]
    assert listed["count"] == 1
    assert detail.status_code == 404
    assert detail.json() == {"status": 404, "detail": "غير موجود.", "errors": []}


def test_filters_by_section_author_and_tag_slugs(api):
    sport, economy = make_section(slug="sport"), make_section(slug="اقتصاد")
    sara, ali = make_author(slug="sara"), make_author(slug="علي")
    oil = make_tag(slug="نفط")
    a = make_article(section=sport, authors=[sara])
    b = make_article(section=economy, authors=[sara, ali], tags=[oil])
    c = make_article(section=economy, authors=[ali])
    make_article(section=sport, status=Article.Status.DRAFT, authors=[ali])

    def ids(query):
        data = api.get("/api/v1/articles", query).json()
        assert data["count"] == len(data["items"])
        return {item["id"] for item in data["items"]}

    assert ids({"section": "sport"}) == {a.pk}
    assert ids({"section": "اقتصاد"}) == {b.pk, c.pk}
    assert ids({"author": "sara"}) == {a.pk, b.pk}
    assert ids({"author": "علي"}) == {b.pk, c.pk}
    assert ids({"tag": "نفط"}) == {b.pk}
    assert ids({"section": "اقتصاد", "author": "sara"}) == {b.pk}
    assert ids({"section": "no-such-section"}) == set()


def test_bad_filter_value_is_a_422_naming_the_field(api):
    response = api.get("/api/v1/articles", {"tag": "<script>"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "tag"


def test_pagination_pages_through_everything_once(api):
    made = [make_article() for _ in range(7)]

    first = api.get("/api/v1/articles", {"limit": 3}).json()
    second = api.get("/api/v1/articles", {"limit": 3, "offset": 3}).json()
    last = api.get("/api/v1/articles", {"limit": 3, "offset": 6}).json()
    beyond = api.get("/api/v1/articles", {"limit": 3, "offset": 60}).json()

    seen = [i["id"] for page in (first, second, last) for i in page["items"]]
    assert sorted(seen) == sorted(a.pk for a in made)
    assert [len(first["items"]), len(second["items"]), len(last["items"])] == [3, 3, 1]
    assert first["count"] == second["count"] == 7
    assert beyond["items"] == [] and beyond["count"] == 7


def test_limit_100_is_allowed(api):
    make_article()

    assert api.get("/api/v1/articles", {"limit": 100}).status_code == 200


@pytest.mark.parametrize(
    "query,field,message",
    [
        ({"limit": "0"}, "limit", "يجب ألا تقل القيمة عن 1."),
        ({"limit": "-1"}, "limit", "يجب ألا تقل القيمة عن 1."),
        ({"limit": "101"}, "limit", "يجب ألا تزيد القيمة على 100."),
        ({"limit": "1000"}, "limit", "يجب ألا تزيد القيمة على 100."),
        ({"limit": "abc"}, "limit", "يجب أن تكون القيمة عدداً صحيحاً."),
        ({"limit": "2.5"}, "limit", "يجب أن تكون القيمة عدداً صحيحاً."),
        ({"offset": "-1"}, "offset", "يجب ألا تقل القيمة عن 0."),
        ({"offset": "abc"}, "offset", "يجب أن تكون القيمة عدداً صحيحاً."),
        ({"offset": "9" * 30}, "offset", "يجب ألا تزيد القيمة على 10000."),
    ],
)
def test_bad_pagination_is_a_422_naming_the_field(api, query, field, message):
    response = api.get("/api/v1/articles", query)

    assert response.status_code == 422
    assert response.json() == {
        "status": 422,
        "detail": "بعض قيم الطلب غير صالحة.",
        "errors": [{"field": field, "message": message}],
    }


def test_detail_adds_body_corrections_and_comment_state(api):
    article = make_article(
        sub_heading="عنوان فرعي",
        dateline="واشنطن",
        body="<p>الفقرة <strong>الأولى</strong>.</p><script>alert(1)</script>",
    )
    article.full_clean()  # the editor's sanitiser runs on clean, as in the admin
    article.save()
    Correction.objects.create(article=article, text="صُحّح اسم المدينة.")

    response = api.get(f"/api/v1/articles/{article.pk}")

    assert response.status_code == 200
    data = response.json()
    assert set(data) == DETAIL_FIELDS
    assert (data["sub_heading"], data["dateline"]) == ("عنوان فرعي", "واشنطن")
    assert data["body_html"] == "<p>الفقرة <strong>الأولى</strong>.</p>"
    assert [c["text"] for c in data["corrections"]] == ["صُحّح اسم المدينة."]
    assert has_offset(data["corrections"][0]["created_at"])
    assert data["comments_open"] is True


def test_comments_open_follows_the_article_and_the_closing_window(api, settings):
    closed = make_article(is_open_for_comments=False)
    old = make_article(published_at=timezone.now() - timedelta(days=10))
    fresh = make_article(published_at=timezone.now() - timedelta(days=1))
    settings.COMMENTS_CLOSE_AFTER_DAYS = 5

    def state(article):
        return api.get(f"/api/v1/articles/{article.pk}").json()["comments_open"]

    assert (state(closed), state(old), state(fresh)) == (False, False, True)


def test_updated_at_reports_the_last_editorial_change(api):
    article = make_article()
    changed = timezone.now() - timedelta(minutes=5)
    Article.objects.filter(pk=article.pk).update(content_updated_at=changed)

    data = api.get(f"/api/v1/articles/{article.pk}").json()

    reported = datetime.fromisoformat(data["updated_at"])
    assert abs(reported - changed) < timedelta(milliseconds=1)
    assert has_offset(data["updated_at"])


@pytest.mark.parametrize("bad", ["0", "-3", "abc", "9" * 30])
def test_bad_article_id_is_404_or_422_never_500(api, bad):
    response = api.get(f"/api/v1/articles/{bad}")

    assert response.status_code in (404, 422)
    assert response.json()["status"] == response.status_code
