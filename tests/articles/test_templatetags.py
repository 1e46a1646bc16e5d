"""Arabic plurals, digits, Hijri dates, the dateline and the picture helper."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from articles.templatetags.articles_tags import (
    arabic_indic,
    arabic_plural,
    plural_index,
    with_dateline,
)
from tests.factories import make_image


@pytest.mark.parametrize(
    ("n", "index"),
    [
        (0, 0),
        (1, 1),
        (2, 2),
        (3, 3),
        (10, 3),
        (11, 4),
        (99, 4),
        (100, 5),
        (101, 5),
        (102, 5),
        (103, 3),
        (110, 3),
        (111, 4),
        (1000, 5),
        (1003, 3),
    ],
)
def test_plural_categories_follow_cldr_arabic(n, index):
    assert plural_index(n) == index


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (0, "مشاهدات"),
        (1, "مشاهدة"),
        (2, "مشاهدتان"),
        (3, "مشاهدات"),
        (10, "مشاهدات"),
        (11, "مشاهدة"),
        (100, "مشاهدة"),
        (105, "مشاهدات"),
    ],
)
def test_view_counter_words(n, word):
    assert arabic_plural(n, "views") == word


def test_comment_and_share_words():
    assert [arabic_plural(n, "comments") for n in (1, 2, 5, 20)] == [
        "تعليق",
        "تعليقان",
        "تعليقات",
        "تعليقاً",
    ]
    assert [arabic_plural(n, "shares") for n in (1, 2, 5)] == [
        "مشاركة",
        "مشاركتان",
        "مشاركات",
    ]
    assert arabic_plural(3, "unknown") == "" and arabic_plural("x", "views") == ""


def test_arabic_indic_digits():
    assert arabic_indic("2017/11/15 00:00") == "٢٠١٧/١١/١٥ ٠٠:٠٠"
    assert arabic_indic(3500) == "٣٥٠٠"


def _render(source, request=None, **context):
    template = Template("{% load articles_tags %}" + source)
    return template.render(Context({"request": request, **context}))


def test_num_and_counter_follow_the_reader_preference(settings):
    request = RequestFactory().get("/")
    request.digits = "arab"
    assert _render('{% counter n "views" %}', request, n=3) == "٣ مشاهدات"
    request.digits = "latn"
    assert _render('{% counter n "views" %}', request, n=3) == "3 مشاهدات"
    settings.DIGITS_DEFAULT = "arab"
    assert _render("{% num 12 %}") == "١٢"  # no request: the site default


@pytest.mark.parametrize(
    ("n", "noun", "shown"),
    [
        (0, "comments", "0 تعليقات"),
        (1, "comments", "تعليق واحد"),
        (2, "shares", "مشاركتان"),
        (1, "views", "مشاهدة واحدة"),
        (2, "results", "نتيجتان"),
        (3, "views", "3 مشاهدات"),
        (11, "comments", "11 تعليقاً"),
        (102, "shares", "102 مشاركة"),
    ],
)
def test_one_and_two_are_said_in_words_not_as_a_numeral_and_a_dual(n, noun, shown):
    assert _render("{% counter n noun %}", n=n, noun=noun) == shown


def test_hijri_date_in_the_site_time_zone(settings):
    riyadh = zoneinfo.ZoneInfo("Asia/Riyadh")
    when = datetime.datetime(2017, 11, 15, 0, 0, tzinfo=riyadh)
    utc = when.astimezone(datetime.UTC)  # still 14 November in UTC
    assert _render("{% hijri_date d %}", d=utc) == "26 صفر 1439 هـ"
    settings.SHOW_HIJRI_DATE = False
    assert _render("{% hijri_date d %}", d=utc) == ""
    settings.SHOW_HIJRI_DATE = True
    assert _render("{% hijri_date d %}", d=datetime.datetime(1800, 1, 1)) == ""


def test_with_dateline_opens_the_first_paragraph():
    body = '<p class="x">أقرّ التحالف</p><p>ثانياً</p>'
    assert with_dateline(body, "واشنطن") == (
        '<p class="x"><span class="article-dateline">واشنطن- </span>أقرّ التحالف'
        "</p><p>ثانياً</p>"
    )
    assert with_dateline("<h2>عنوان</h2>", "<b>") == (
        '<p><span class="article-dateline">&lt;b&gt;- </span></p><h2>عنوان</h2>'
    )
    assert with_dateline("<p>نص</p>", "") == "<p>نص</p>"


@pytest.mark.django_db
def test_picture_has_avif_webp_jpeg_sizes_and_loading():
    image = make_image(alt_text='صورة "اختبار"')
    lead = _render('{% picture image sizes="100vw" lead=True %}', image=image)
    assert lead.count("<source") == 2
    assert 'type="image/avif"' in lead and 'type="image/webp"' in lead
    assert " 480w, " in lead and " 768w, " in lead and " 1200w" in lead
    assert 'width="768" height="432"' in lead
    assert 'loading="eager" fetchpriority="high"' in lead
    assert 'alt="صورة &quot;اختبار&quot;"' in lead
    lazy = _render("{% picture image %}", image=image)
    assert 'loading="lazy"' in lazy and "fetchpriority" not in lazy
    assert _render("{% picture image %}", image=None).strip() == ""


@pytest.mark.django_db
def test_picture_of_a_missing_file_renders_nothing(caplog):
    image = make_image()
    image.file.storage.delete(image.file.name)
    assert "<picture" not in _render("{% picture image %}", image=image)


def test_digits_url_keeps_the_other_parameters():
    request = RequestFactory().get("/search/", {"q": "الرقة & <b>", "page": "2"})
    url = _render("{% digits_url 'arab' %}", request)
    assert url.startswith("?")
    from urllib.parse import parse_qs

    params = parse_qs(url[1:].replace("&amp;", "&"))
    assert params == {"q": ["الرقة & <b>"], "page": ["2"], "digits": ["arab"]}


def test_digits_url_on_a_public_page_keeps_only_the_parameters_it_reads():
    """The page is shared: one visitor's click id must not reach the next readers."""
    request = RequestFactory().get("/search/", {"q": "الرقة", "fbclid": "secret-click"})
    url = _render("{% digits_url 'arab' %}", request)
    assert "secret-click" not in url and "fbclid" not in url
    assert "digits=arab" in url and "q=" in url


def test_digits_url_elsewhere_keeps_every_parameter():
    request = RequestFactory().get("/comments/1/write/", {"parent": "7"})
    assert "parent=7" in _render("{% digits_url 'arab' %}", request)
