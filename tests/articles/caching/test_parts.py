"""The article page's kept parts: the same page, fewer queries, and never stale."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from articles.caching import parts
from articles.demo.loader import load_reference_article
from articles.models import Article, Comment
from articles.services import comments as comment_services
from articles.services import publishing
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_editor,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _parts_on(settings):
    settings.PAGE_PARTS_SECONDS = 300


@pytest.fixture
def article():
    section = make_section(name="سياسة")
    tag = make_tag(name="الرقة")
    story = make_article(
        headline="خبر بأجزاء محفوظة",
        section=section,
        tags=[tag],
        authors=[make_author(name="كاتب أول")],
    )
    make_article(headline="خبر ذو صلة", section=section)
    return story


@pytest.fixture
def stored(monkeypatch):
    """Each part entry the page stores: (key, entry, timeout), on any cache backend."""
    calls = []
    original = cache.set

    def recording(key, value, timeout=None, *args, **kwargs):
        if key.startswith("parts:") and key != parts.GENERATION_KEY:
            calls.append((key, value, timeout))
        return original(key, value, timeout, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording)
    return calls


def page(client, article, **headers):
    response = client.get(article.get_absolute_url(), headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_kept_page_is_the_same_page_from_one_query(
    client, article, django_assert_num_queries
):
    whole = page(client, article)
    with django_assert_num_queries(1):  # is it live, and its counters
        kept = page(client, article)
    assert kept == whole
    assert "خبر ذو صلة" in kept and "كاتب أول" in kept and "سياسة" in kept


def test_the_reference_article_from_kept_parts(client, django_assert_num_queries):
    reference, _ = load_reference_article()
    whole = page(client, reference)
    with django_assert_num_queries(1):
        kept = page(client, reference)
    assert kept == whole
    text = " ".join(re.sub(r"<[^>]+>", " ", kept).split())
    assert "العرب [نُشر في 2017/11/15]" in text and "3 مشاهدات" in text
    assert "واشنطن- " in text and "مشاركة" in text


def test_every_part_of_the_template_is_kept_and_needed(client, article, stored):
    from articles.views.reader import ArticleDetailView

    page(client, article)
    ((_, (_, kept), _),) = stored
    assert set(kept) == set(ArticleDetailView.part_names)


def test_a_preview_keeps_nothing_in_the_view_class(client, article):
    from articles.views.reader import ArticleDetailView

    client.force_login(make_editor())
    client.get(f"/preview/{article.pk}/")
    assert ArticleDetailView.parts.kept == {}


def test_without_the_setting_every_render_is_whole(
    client, article, settings, django_assert_num_queries
):
    settings.PAGE_PARTS_SECONDS = 0
    page(client, article)
    with django_assert_num_queries(6):
        page(client, article)


def test_counters_and_comments_stay_fresh_on_a_kept_page(client, article):
    page(client, article)
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 7)
    comment = make_comment(article=article, body="تعليق ظهر للتو")
    comment_services.approve_comments(comments=Comment.objects.filter(pk=comment.pk))
    html = page(client, article)
    assert "7 مشاهدات" in html
    assert "تعليق ظهر للتو" in html and "تعليق واحد" in html


def test_comment_moderation_keeps_the_parts(client, article, django_assert_num_queries):
    page(client, article)
    comment = make_comment(article=article)
    comment_services.approve_comments(comments=Comment.objects.filter(pk=comment.pk))
    with django_assert_num_queries(2):  # the article row and its comments
        page(client, article)


def _edit_headline(article):
    article.headline = "عنوان بعد التحرير"
    article.save()
    return "عنوان بعد التحرير"


def _rename_author(article):
    author = article.bylines.get().author
    author.name = "كاتب باسم جديد"
    author.save()
    return "كاتب باسم جديد"


def _rename_section(article):
    section = article.section
    section.name = "شؤون دولية"
    section.save()
    return "شؤون دولية"


def _rename_tag(article):
    tag = article.tags.get()
    tag.name = "دير الزور"
    tag.save()
    return "دير الزور"


def _tag_again(article):
    article.tags.add(make_tag(name="وسم أضيف"))
    return "وسم أضيف"


def _correct(article):
    publishing.add_correction(article=article, text="صُحّح الاسم", user=make_editor())
    return "صُحّح الاسم"


def _publish_related(article):
    make_article(headline="خبر جديد في القسم", section=article.section)
    return "خبر جديد في القسم"


@pytest.mark.parametrize(
    "change",
    [
        _edit_headline,
        _rename_author,
        _rename_section,
        _rename_tag,
        _tag_again,
        _correct,
        _publish_related,
    ],
)
def test_each_editorial_change_shows_at_once(client, article, change):
    page(client, article)
    shown = change(article)
    assert shown in page(client, article)


def test_an_unpublished_article_is_gone_though_its_parts_are_kept(client, article):
    page(client, article)
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.DRAFT
    )  # no signal
    assert client.get(article.get_absolute_url()).status_code == 404


def test_each_digits_choice_has_its_own_parts(client, article):
    latin = page(client, article)
    client.cookies["digits"] = "arab"
    arabic = page(client, article)
    year = str(article.published_at.year)
    assert year in latin
    assert year.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) in arabic


def test_signed_in_staff_never_see_kept_parts(client, article):
    page(client, article)
    Article.objects.filter(pk=article.pk).update(headline="تحرير بلا إشارة")
    client.force_login(make_editor())
    assert "<h1>تحرير بلا إشارة</h1>" in page(client, article)


def test_a_preview_neither_uses_nor_keeps_parts(client, article):
    page(client, article)
    Article.objects.filter(pk=article.pk).update(headline="مسودة معاينة")
    client.force_login(make_editor())
    preview = client.get(f"/preview/{article.pk}/")
    assert "<h1>مسودة معاينة</h1>" in preview.content.decode()


def test_parts_missing_from_the_kept_entry_mean_a_whole_render(client, article, stored):
    page(client, article)
    ((key, (generation, kept), timeout),) = stored
    del kept["related"]
    cache.set(key, (generation, kept), timeout)
    assert "خبر ذو صلة" in page(client, article)


def test_a_failing_cache_serves_the_whole_page(client, article, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set", down)
    assert "خبر ذو صلة" in page(client, article)
    assert "خبر ذو صلة" in page(client, article)


def test_parts_live_no_longer_than_the_next_scheduled_article(client, article, stored):
    make_article(
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(seconds=20),
    )
    page(client, article)
    ((_, _, timeout),) = stored
    assert 1 <= timeout <= 21


def test_a_retirement_the_cache_refused_is_made_before_the_next_read(
    client, article, monkeypatch
):
    page(client, article)
    with monkeypatch.context() as down:
        down.setattr(cache, "set", lambda *a, **k: (_ for _ in ()).throw(OSError))
        _edit_headline(article)
    assert parts._retire_pending
    assert "<h1>عنوان بعد التحرير</h1>" in page(client, article)
    assert not parts._retire_pending
