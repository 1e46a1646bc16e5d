"""A fixed number of queries per request, whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Correction
from articles.services.engagement import record_view
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_image,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db

# count, page, bylines+authors, tags, Last-Modified aggregate
LIST_QUERIES = 5


@pytest.fixture
def hundred_articles():
    section, image = make_section(), make_image()
    authors = [make_author() for _ in range(3)]
    tags = [make_tag() for _ in range(3)]
    for n in range(100):
        make_article(
            section=section,
            authors=authors[: n % 3 + 1],
            tags=tags[: n % 2 + 1],
            lead_image=image if n % 2 else None,
        )


def queries_for(api, url, query=None):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url, query)
    assert response.status_code == 200
    return len(captured), response.json()


def test_list_queries_do_not_grow_with_the_page(api, hundred_articles):
    api.get("/api/v1/articles", {"limit": 100})  # renditions are made on first use

    small, five = queries_for(api, "/api/v1/articles", {"limit": 5})
    large, hundred = queries_for(api, "/api/v1/articles", {"limit": 100})

    assert len(five["items"]) == 5 and len(hundred["items"]) == 100
    assert small == large == LIST_QUERIES


def test_filtered_list_keeps_the_same_budget(api, hundred_articles):
    tag = make_tag()
    for _ in range(3):
        article = make_article(tags=[tag])
        article.tags.add(make_tag())

    count, data = queries_for(api, "/api/v1/articles", {"tag": tag.slug, "limit": 100})

    assert data["count"] == 3 and count == LIST_QUERIES


def test_detail_queries_do_not_grow_with_bylines_tags_or_corrections(api):
    small = make_article(authors=[make_author()], tags=[make_tag()])
    big = make_article(
        authors=[make_author() for _ in range(6)], tags=[make_tag() for _ in range(6)]
    )
    for n in range(6):
        Correction.objects.create(article=big, text=f"تصحيح {n}")

    few, _ = queries_for(api, f"/api/v1/articles/{small.pk}")
    many, data = queries_for(api, f"/api/v1/articles/{big.pk}")

    assert len(data["authors"]) == 6 and len(data["corrections"]) == 6
    assert few == many == 4  # article+section+image+source, bylines, tags, corrections


def test_authors_list_is_two_queries(api):
    for _ in range(30):
        make_author()

    count, data = queries_for(api, "/api/v1/authors", {"limit": 25})

    assert len(data["items"]) == 25 and count == 2


def test_comments_list_queries_do_not_grow_with_the_page(api):
    article = make_article()
    parents = [make_comment(article=article, status="approved") for _ in range(60)]
    for parent in parents[:40]:
        make_comment(article=article, status="approved", parent=parent)

    small, five = queries_for(api, f"/api/v1/articles/{article.pk}/comments?limit=5")
    large, hundred = queries_for(
        api, f"/api/v1/articles/{article.pk}/comments?limit=100"
    )

    assert len(five["items"]) == 5 and len(hundred["items"]) == 100
    assert small == large == 3  # the article is live, count, page


def test_most_read_queries_do_not_grow_with_the_page(api, hundred_articles):
    for article in Article.objects.all():
        record_view(article_id=article.pk)
    api.get("/api/v1/most-read", {"limit": 100})  # renditions are made on first use

    small, five = queries_for(api, "/api/v1/most-read", {"limit": 5})
    large, hundred = queries_for(api, "/api/v1/most-read", {"limit": 100})

    assert len(five["items"]) == 5 and len(hundred["items"]) == 100
    assert small == large == 3  # page, bylines+authors, tags


def test_writes_keep_a_fixed_query_count(api, django_assert_max_num_queries, settings):
    settings.ENGAGEMENT_ROLLUP_SECONDS = 0  # the periodic roll-up is measured elsewhere
    article = make_article()
    headers = {"HTTP_X_VISITOR_ID": "install-0001", "HTTP_USER_AGENT": "PortalApp/1"}

    # One upsert each: the live check, insert and increment are a single statement.
    with django_assert_max_num_queries(1):
        api.post(f"/api/v1/articles/{article.pk}/views", **headers)
    with django_assert_max_num_queries(1):
        api.post(
            f"/api/v1/articles/{article.pk}/shares",
            {"network": "x"},
            content_type="application/json",
            **headers,
        )
