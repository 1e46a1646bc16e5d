"""Reader pages: what they show, what they hide, and bad input."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.demo import reference_article as ref
from articles.models import Article, Correction
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_article_page_shows_everything_the_reference_page_shows(client, reference):
    response = client.get(reference.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    assert '<html lang="ar" dir="rtl">' in html
    assert f"<h1>{ref.HEADLINE}</h1>" in html  # the page's RTL, not the first letter's
    assert "3 مشاهدات" in text and "0 تعليقات" in text and "0 مشاركات" in text
    assert "العرب [نُشر في 2017/11/15]" in text
    assert ref.DECK in text and ref.SUB_HEADING in text
    body = " ".join(" ".join(ref.PARAGRAPHS).split())
    assert f"{ref.SUB_HEADING} واشنطن- {body} مشاركة" in text  # whole body, in order
    assert "15 نوفمبر 2017" in text and "00:00" in text
    assert "26 صفر 1439 هـ" in text  # Hijri beside Gregorian
    assert "<picture>" in html and 'type="image/avif"' in html
    assert 'fetchpriority="high"' in html and 'width="768"' in html
    assert ref.IMAGE_CAPTION in text
    assert 'class="byline"' not in html  # the report names no author; none invented
    assert 'class="share"' in html and 'class="comments"' in html


def test_dateline_opens_the_first_paragraph(client, reference):
    html = client.get(reference.get_absolute_url()).content.decode()
    assert '<p><span class="article-dateline">واشنطن- </span>أقرّ التحالف' in html


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.ARCHIVED]
)
def test_unpublished_articles_are_404(client, status):
    article = make_article(status=status, published_at=timezone.now())
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(article.get_short_url()).status_code == 404


def test_scheduled_and_future_articles_are_404(client):
    future = timezone.now() + timedelta(hours=2)
    scheduled = make_article(status=Article.Status.SCHEDULED, published_at=future)
    early = make_article(published_at=future)
    for article in (scheduled, early):
        assert client.get(article.get_absolute_url()).status_code == 404
    home = client.get("/").content.decode()
    assert scheduled.headline not in home and early.headline not in home


def test_arabic_slug_percent_encoded_or_not(client):
    article = make_article(slug="خبر-عاجل-من-الرقة")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/news/" + quote("خبر-عاجل-من-الرقة") + "/").status_code == 200
    assert client.get("/news/خبر-عاجل-من-الرقة/").status_code == 200
    assert client.get("/news/خبر-غير-موجود/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/news/" + "ا" * 5000 + "/",
        "/section/" + "x" * 3000 + "/",
        "/author/" + "%D8%A7" * 1000 + "/",
        "/tag/%FF%FE/",
        "/news/%00/",
        "/news/a%00b/",
        "/section/%00/rss/",
        "/author/%00/atom/",
        "/section/a%20b/",
        "/a/99999999999999999999",
        "/" + "deep/" * 400,
    ],
)
def test_unknown_and_very_long_paths_are_arabic_404s(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "articles:share", ["whatsapp"]),
        ("get", "articles:comment-create", []),
        ("put", "articles:view-beacon", []),
        ("post", "articles:comment-page", []),
    ],
)
def test_a_wrong_method_gets_an_arabic_405_page_that_keeps_allow(
    client, method, name, args
):
    article = make_article()
    response = getattr(client, method)(reverse(name, args=[article.pk, *args]))

    assert response.status_code == 405
    assert response["Allow"]
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert 'lang="ar" dir="rtl"' in html and "لا يُفتح هذا الرابط هكذا" in html
    # What a server sends is cut to Content-Length: it must be the page's.
    assert int(response["Content-Length"]) == len(response.content)


def test_old_slug_redirects_permanently(client):
    article = make_article(slug="old-slug")
    article.slug = "new-slug"
    article.save()
    response = client.get("/news/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_short_link_redirects_to_the_article(client):
    article = make_article()
    response = client.get(article.get_short_url())
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_updated_time_corrections_tags_and_related(client):
    tag = make_tag(name="الرقة")
    section = make_section()
    article = make_article(section=section, tags=[tag])
    Article.objects.filter(pk=article.pk).update(
        content_updated_at=article.published_at + timedelta(hours=3)
    )
    Correction.objects.create(article=article, text="صُحّح اسم المدينة.")
    sibling = make_article(section=section)
    tagged = make_article(tags=[tag])
    stranger = make_article()
    draft = make_article(section=section, status=Article.Status.DRAFT)
    text = _text(client.get(article.get_absolute_url()).content.decode())
    assert "حُدّث في" in text
    assert "صُحّح اسم المدينة." in text
    assert "الرقة" in text
    assert sibling.headline in text and tagged.headline in text
    assert stranger.headline not in text and draft.headline not in text


def test_home_has_lead_latest_and_section_blocks(client):
    sports = make_section(name="رياضة", position=2)
    economy = make_section(name="اقتصاد", position=1)
    breaking = make_article(section=sports, is_breaking=True)
    others = [make_article(section=economy) for _ in range(3)]
    draft = make_article(section=economy, status=Article.Status.DRAFT)
    html = client.get("/").content.decode()
    assert 'id="lead-title"' in html and breaking.headline in html
    assert "عاجل" in html
    assert html.index("اقتصاد</a></h2>") < html.index("رياضة</a></h2>")
    for article in others:
        assert article.headline in html
    assert draft.headline not in html


def test_each_stylesheet_is_linked_once(client, reference):
    for url in ("/", reference.get_absolute_url()):
        html = client.get(url).content.decode()
        sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert any("engagement" in sheet for sheet in sheets), url
        assert len(sheets) == len(set(sheets)), (url, sheets)


def test_home_without_articles(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "لا توجد مقالات منشورة بعد." in response.content.decode()


@pytest.mark.parametrize(
    ("page", "expected"),
    [("99", 3), ("abc", 1), ("-1", 3), ("0", 3), ("", 1), ("2", 2), ("1e9", 1)],
)
def test_pagination_forgives_bad_page_numbers(client, page, expected):
    section = make_section()
    for _ in range(45):
        make_article(section=section)
    for url in (section.get_absolute_url(), reverse("articles:latest")):
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        assert response.context["page_obj"].number == expected


def test_author_and_tag_pages_list_only_their_published_articles(client):
    author, other = make_author(), make_author()
    tag = make_tag()
    mine = make_article(authors=[author], tags=[tag])
    theirs = make_article(authors=[other])
    hidden = make_article(authors=[author], tags=[tag], status=Article.Status.DRAFT)
    author_page = client.get(author.get_absolute_url()).content.decode()
    assert mine.headline in author_page and theirs.headline not in author_page
    assert hidden.headline not in author_page
    tag_page = client.get(tag.get_absolute_url()).content.decode()
    assert mine.headline in tag_page and hidden.headline not in tag_page
    assert client.get("/tag/no-such-tag/").status_code == 404


def test_digits_preference_is_remembered_and_bad_values_fall_back(client, settings):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(view_count=12)
    url = article.get_absolute_url()
    assert "12 مشاهدة" in _text(client.get(url).content.decode())
    response = client.get(url, {"digits": "arab"})
    assert response.cookies["digits"].value == "arab"
    assert "١٢ مشاهدة" in _text(response.content.decode())
    assert "١٢ مشاهدة" in _text(client.get(url).content.decode())  # from the cookie
    response = client.get(url, {"digits": "<script>"})
    assert response.status_code == 200 and "<script>" not in response.cookies
    client.cookies.clear()
    settings.DIGITS_DEFAULT = "arab"
    assert "١٢ مشاهدة" in _text(client.get(url, {"digits": "roman"}).content.decode())
    settings.DIGITS_DEFAULT = "klingon"
    assert "12 مشاهدة" in _text(client.get(url).content.decode())


def test_hijri_date_can_be_switched_off(client, settings, reference):
    settings.SHOW_HIJRI_DATE = False
    assert "صفر 1439" not in client.get(reference.get_absolute_url()).content.decode()


def test_reader_input_is_escaped(client):
    article = make_article(headline='<script>alert("x")</script> خبر')
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_500_page_is_arabic_and_standalone():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert 'lang="ar" dir="rtl"' in html and "حدث خطأ غير متوقع" in html


def _bulk_newsroom(count, *, sections, authors):
    """`count` published articles with bylines, tags and comments, quickly."""
    tags = [make_tag() for _ in range(3)]
    now = timezone.now()
    for n in range(count):
        article = make_article(
            section=sections[n % len(sections)],
            authors=authors[n % len(authors) :][:2],
            tags=tags[: n % 3],
            published_at=now - timedelta(minutes=n + 1),
            is_featured=n == 0,
        )
        if n % 10 == 0:
            make_comment(article=article, status="approved")
    return tags


PAGES = [
    lambda ctx: "/",
    lambda ctx: reverse("articles:latest"),
    lambda ctx: reverse("articles:latest") + "?page=2",
    lambda ctx: ctx["sections"][0].get_absolute_url(),
    lambda ctx: ctx["authors"][0].get_absolute_url(),
    lambda ctx: ctx["tags"][1].get_absolute_url(),
    lambda ctx: Article.objects.published().first().get_absolute_url(),
    lambda ctx: reverse("articles:search") + "?q=خبر",
    lambda ctx: reverse("articles:feed-rss"),
    lambda ctx: reverse("articles:section-atom", args=[ctx["sections"][0].slug]),
    lambda ctx: reverse("articles:sitemap"),
    lambda ctx: reverse("articles:sitemap-part", args=["articles"]),
    lambda ctx: reverse("articles:sitemap-news"),
]


def _query_counts(client, ctx):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for page in PAGES:
        url = page(ctx)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(queries))
    return counts


def test_public_pages_run_a_fixed_number_of_queries(client):
    sections = [make_section() for _ in range(4)]
    authors = [make_author() for _ in range(6)]
    ctx = {"sections": sections, "authors": authors}
    ctx["tags"] = _bulk_newsroom(25, sections=sections, authors=authors)
    few = _query_counts(client, ctx)
    more_authors = authors + [make_author() for _ in range(20)]
    _bulk_newsroom(175, sections=sections, authors=more_authors)
    newest = Article.objects.published().first()
    for _ in range(30):
        make_comment(article=newest, status="approved")
    assert Article.objects.published().count() == 200
    many = _query_counts(client, ctx)
    assert few == many, (few, many)
    assert max(many) <= 12


def test_cards_comments_and_their_count_follow_the_digits_choice(client):
    when = timezone.make_aware(timezone.datetime(2026, 3, 14, 9, 5))
    article = make_article(published_at=when)
    make_article(section=article.section, published_at=when)  # a related card
    for body in ("أول", "ثانٍ", "ثالث"):
        make_comment(article=article, status="approved", body=body, name="سلمى")
    client.cookies["digits"] = "arab"
    html = client.get(article.get_absolute_url()).content.decode()
    related = html.split('class="related"')[1]
    comments = html.split('id="comments"')[1]
    assert "١٤ مارس ٢٠٢٦" in related and "14 مارس" not in related
    assert "(٣ تعليقات)" in comments
    shown = re.findall(r">([^<]*)<", comments.split("<form")[0])  # text, not attributes
    assert any("٢٠٢٦" in text for text in shown)
    assert not any(re.search(r"[0-9]", text) for text in shown)


def test_article_text_keeps_the_pages_direction_whatever_its_first_word(client):
    article = make_article(
        headline="iPhone 16 يصل إلى الأسواق العربية", deck="Apple تعلن الطرح"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<h1>iPhone 16 يصل إلى الأسواق العربية</h1>" in html
    assert '<p class="article-deck">Apple تعلن الطرح</p>' in html


def test_the_email_field_points_at_a_help_text_that_is_on_the_page(client):
    article = make_article()
    for url in (article.get_absolute_url(), f"/comments/{article.pk}/write/"):
        html = client.get(url).content.decode()
        described = re.search(r'aria-describedby="([^"]+)"', html)[1]
        assert f'id="{described}"' in html


def test_the_demo_says_its_stories_are_invented_only_when_asked(client, settings):
    url = make_article().get_absolute_url()
    assert "demo-notice" not in client.get(url).content.decode()

    settings.DEMO_NOTICE = True  # `make run`
    text = _text(client.get(url).content.decode())
    assert "نسخة تجريبية: الأخبار هنا مكتوبة لعرض الموقع وليست حقيقية" in text
