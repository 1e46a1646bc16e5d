"""`q` on GET /api/v1/articles: the site's Arabic search, best match first."""

import pytest
from django.db import connection

from articles.models import Article
from articles.search import search_articles
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_search_finds_the_reference_article_with_other_spellings(api, reference):
    make_article(headline="خبر عن الاقتصاد", body="<p>أسعار النفط ترتفع.</p>")

    for query in ("جهاديون اجانب", "جِهَادِيُّونَ أَجَانِبُ", "الاسلاميه"):
        response = api.get("/api/v1/articles", {"q": query})
        assert ids(response) == [reference.pk]
        assert response.json()["count"] == 1


def test_results_come_in_the_site_search_order(api):
    in_body = make_article(headline="أخبار اليوم", body="<p>ارتفاع أسعار النفط</p>")
    in_headline = make_article(headline="النفط يرتفع", body="<p>تفاصيل</p>")
    make_article(headline="طقس", body="<p>مشمس</p>")

    response = api.get("/api/v1/articles", {"q": "النفط"})

    site_order = search_articles(Article.objects.published(), "النفط")
    assert ids(response) == [article.pk for article in site_order]
    assert ids(response)[0] == in_headline.pk and in_body.pk in ids(response)


def test_search_combines_with_filters_and_pagination(api):
    economy = make_section(slug="economy")
    wanted = make_article(headline="النفط في الخليج", section=economy)
    make_article(headline="النفط في أوروبا")
    for n in range(3):
        make_article(headline=f"النفط {n}", section=economy)

    filtered = api.get("/api/v1/articles", {"q": "النفط", "section": "economy"})
    page = api.get("/api/v1/articles", {"q": "النفط", "limit": 2, "offset": 1})

    assert filtered.json()["count"] == 4 and wanted.pk in ids(filtered)
    assert page.json()["count"] == 5 and len(ids(page)) == 2


def test_unpublished_articles_are_never_found(api):
    live = make_article(headline="النفط يرتفع")
    make_article(headline="النفط مسودة", status=Article.Status.DRAFT, published_at=None)
    make_article(headline="النفط مؤرشف", status=Article.Status.ARCHIVED)

    assert ids(api.get("/api/v1/articles", {"q": "النفط"})) == [live.pk]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "اكتب كلمة أو أكثر للبحث."),
        ("   ", "اكتب كلمة أو أكثر للبحث."),
        ("!!! ؟؟ ...", "لم نجد في عبارة البحث حروفاً أو أرقاماً نبحث عنها."),
        ("ـــ", "لم نجد في عبارة البحث حروفاً أو أرقاماً نبحث عنها."),
        ("ب" * 201, "عبارة البحث طويلة جداً: اكتب 200 حرف على الأكثر."),
    ],
)
def test_bad_queries_are_422_naming_q_with_the_search_message(api, query, message):
    response = api.get("/api/v1/articles", {"q": query})

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "q", "message": message}]


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        "النفط'; DROP TABLE articles_article; --",
        "<script>alert(1)</script>",
        "%_%",
        "a\x00b",
        "&|!:*()",
    ],
)
def test_hostile_queries_are_harmless(api, query):
    make_article(headline="النفط يرتفع")

    response = api.get("/api/v1/articles", {"q": query})

    assert response.status_code in (200, 422)
    assert Article.objects.count() == 1


def test_search_keeps_a_fixed_query_count(api, django_assert_max_num_queries):
    for n in range(30):
        make_article(headline=f"النفط {n}")
    # list count, page, bylines, tags, Last-Modified; PostgreSQL also checks whether
    # full-text search matched before falling back to trigrams.
    budget = 6 if connection.vendor == "postgresql" else 5

    with django_assert_max_num_queries(budget):
        response = api.get("/api/v1/articles", {"q": "النفط", "limit": 100})

    assert response.json()["count"] == 30


def test_a_flood_of_searches_gets_429_and_lists_stay_open(api, settings):
    settings.SEARCH_RATE = 2
    make_article(headline="الرقة اليوم")
    for n in range(2):
        assert api.get("/api/v1/articles", {"q": f"الرقة {n}"}).status_code == 200
    flooded = api.get("/api/v1/articles", {"q": "الرقة 3"})
    assert flooded.status_code == 429 and flooded["Retry-After"] == "60"
    assert flooded.json()["detail"] == "طلبات كثيرة في وقت قصير؛ حاول لاحقاً."
    assert api.get("/api/v1/articles").status_code == 200  # no search: not counted
