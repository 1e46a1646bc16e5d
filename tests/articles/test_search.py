"""Search: one normalisation for index and query, on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article
from articles.search import (
    MAX_QUERY_LENGTH,
    SearchQueryError,
    highlight,
    query_terms,
    search_articles,
)
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(reference):
    """The reference article among others, so a search must choose."""
    make_article(headline="خبر عن الاقتصاد", body="<p>أسعار النفط ترتفع.</p>")
    return reference


def _found(query):
    return list(search_articles(Article.objects.published(), query))


@pytest.mark.parametrize(
    "query",
    [
        "جهاديون أجانب",  # as written
        "جهاديون اجانب",  # hamza dropped
        "جِهَادِيُّونَ أَجَانِبُ",  # with diacritics
        "جهاديــون",  # tatweel
        "الإسلامية",  # hamza below, where the text has no hamza
        "الاسلاميه",  # taa marbuta written as haa
        "الرقه",
        "إعلان تحرير المدينه",
        "آلاف",  # madda
        "الاف",
        "١٤ اكتوبر",  # Arabic-Indic digits
        "مُصّر",
        "ﺍﻟﺮﻗﺔ",  # presentation forms (NFKC)
    ],
)
def test_reference_article_found_with_other_spellings(reference, query):
    assert _found(query)[:1] == [reference]


@pytest.mark.parametrize(
    ("written", "searched"),
    [("مسؤول", "مسئول"), ("مسئول", "مسؤول"), ("شؤون", "شئون"), ("رؤوس", "رءوس")],
)
def test_a_word_on_another_hamza_seat_is_found(written, searched):
    article = make_article(headline=f"تصريح {written} جديد")
    make_article(headline="خبر آخر تماماً")
    assert _found(searched) == [article]


def test_words_of_neighbouring_blocks_are_found_apart():
    article = make_article(
        headline="تقرير",
        body="<h2>الرقة</h2><p>دخلت القوات.</p><ul><li>دمشق</li><li>حلب</li></ul>",
    )
    make_article(headline="حلب اليوم")  # another match: no fuzzy fallback to help
    assert article.search_text.split()[:3] == ["تقرير", "الرقه", "دخلت"]
    assert article in _found("حلب")
    assert _found("الرقة") == [article]


def test_entities_are_searched_as_their_characters():
    article = make_article(headline="خبر", body="<p>شركة AT&amp;T تعلن</p>")
    assert "at&t" in article.search_text and "amp" not in article.search_text
    assert _found("amp") == []


def test_unrelated_words_find_nothing_else(reference):
    assert _found("النفط") != [reference]
    assert reference not in _found("النفط")


def test_unpublished_articles_are_never_found(reference):
    make_article(headline="مسودة سرية عن الرقة", status=Article.Status.DRAFT)
    assert [a.headline for a in _found("سرية")] == []


@pytest.mark.parametrize(
    "query", ["", "   ", "؟؟؟ !!! ...", "«»—،؛", "x" * (MAX_QUERY_LENGTH + 1)]
)
def test_bad_queries_raise_a_readable_error(query):
    with pytest.raises(SearchQueryError) as info:
        query_terms(query)
    assert str(info.value)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "اكتب كلمة أو أكثر للبحث"),
        ("!!!؟؟", "لم نجد في عبارة البحث"),
        ("ب" * 201, "عبارة البحث طويلة جداً"),
        ("ب" * 5000, "عبارة البحث طويلة جداً"),
    ],
)
def test_search_page_explains_bad_queries(client, query, message):
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        "'; DROP TABLE articles_article; --",
        "الرقة' OR '1'='1",
        "<script>alert(1)</script>",
        "a & b | !c <-> d:*",
        "\\",
        "%",
        "_",
        "\x00",
        "الرقة\x00",
    ],
)
def test_hostile_queries_are_harmless(client, reference, query):
    response = client.get(reverse("articles:search"), {"q": query, "page": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert Article.objects.count() == 2


def test_search_page_ranks_and_highlights_from_the_original_text(client, reference):
    response = client.get(reverse("articles:search"), {"q": "الاسلاميه"})
    html = response.content.decode()
    assert reference.headline in html
    assert "<mark>الاسلامية.</mark>" in html or "<mark>الإسلامية.</mark>" in html
    assert "نتيجة" in html


def test_highlight_escapes_and_marks_normalised_matches():
    text = 'قال <b>"المدرسة"</b> في أجانب'
    marked = highlight(text, "اجانب المدرسه")
    assert "<mark>أجانب</mark>" in marked
    assert "&lt;b&gt;" in marked and "<b>" not in marked


def test_empty_search_page_is_friendly(client):
    response = client.get(reverse("articles:search"))
    assert response.status_code == 200
    assert "اكتب كلمة أو أكثر للبحث" in response.content.decode()


def test_headline_matches_rank_first(reference):
    newer = make_article(headline="أخبار عامة", body="<p>ذكر عابر لأهل الرقة هنا.</p>")
    assert newer.published_at > reference.published_at
    results = _found("الرقة")
    assert results == [reference, newer]  # headline match ranks above a newer body hit
    assert all(hasattr(a, "rank") for a in results)


@pytest.mark.postgres
def test_postgres_trigram_fallback_finds_misspellings(reference):
    assert reference in _found("الديمقراطيه")
    assert reference in _found("الديمقرطية")  # a letter missing: trigram fallback


@pytest.mark.postgres
def test_postgres_search_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
            ["articles_article"],
        )
        indexes = dict(cursor.fetchall())
        samples = ["الإسلاميّة ٣ مسئول", "رءوس شئون ءؤ ئؤو"]
        normalized = []
        for sample in samples:
            cursor.execute("SELECT articles_normalize(%s)", [sample])
            normalized.append(cursor.fetchone()[0])
    assert "gin (search_vector)" in indexes["article_search_vector_idx"].lower()
    assert "article_search_idx" not in indexes  # replaced by the stored column's index
    assert "gin_trgm_ops" in indexes["article_search_trgm_idx"]
    from articles.text.normalization import normalize_arabic

    assert normalized == [normalize_arabic(sample) for sample in samples]


@pytest.mark.postgres
def test_postgres_full_text_query_can_use_the_gin_index(reference):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = search_articles(Article.objects.all(), "الرقة").explain()
    assert "article_search_vector_idx" in plan


@pytest.mark.postgres
def test_postgres_stored_vector_follows_every_edit():
    article = make_article(headline="قصف على أطراف الموصل", body="<p>نص عن الموصل.</p>")
    assert _found("الموصل") == [article]
    article.headline = "عنوان عن حلب"
    article.body = "<p>نص جديد عن حلب وحدها.</p>"
    article.save()
    assert _found("الموصل") == []
    assert _found("حلب") == [article]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector = articles_search_vector(headline, deck, search_text)"
            " FROM articles_article WHERE id = %s",
            [article.pk],
        )
        assert cursor.fetchone()[0] is True


def test_a_flood_of_searches_from_one_address_is_told_to_wait(client, settings):
    settings.SEARCH_RATE = 3
    make_article(headline="الرقة اليوم")
    for n in range(3):
        assert client.get("/search/", {"q": f"الرقة {n}"}).status_code == 200
    flooded = client.get("/search/", {"q": "الرقة 4"})
    assert flooded.status_code == 429 and flooded["Retry-After"] == "60"
    assert "no-store" in flooded["Cache-Control"]
    html = flooded.content.decode()
    assert "بحثت كثيرًا خلال دقيقة واحدة" in html and 'value="الرقة 4"' in html
    other = client.get("/search/", {"q": "الرقة"}, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200  # another reader searches on
    assert client.get("/search/").status_code == 200  # the empty form never counts


def test_a_flooded_search_does_not_stop_others_getting_the_cached_page(
    client, settings
):
    settings.PAGE_CACHE_SECONDS = 60
    settings.SEARCH_RATE = 1
    make_article(headline="الرقة اليوم")
    assert client.get("/search/", {"q": "دمشق"}).status_code == 200
    assert client.get("/search/", {"q": "الرقة"}).status_code == 429
    reader = client.get("/search/", {"q": "الرقة"}, REMOTE_ADDR="198.51.100.9")
    assert reader.status_code == 200 and reader["X-Page-Cache"] == "miss"
    again = client.get("/search/", {"q": "الرقة"}, REMOTE_ADDR="198.51.100.10")
    assert again["X-Page-Cache"] == "hit"
