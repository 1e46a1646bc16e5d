"""A reader opens the home page, follows the reference article and reads it."""

import re

import pytest

from articles.demo import reference_article as ref
from articles.demo.loader import load_reference_article
from articles.models import Comment
from tests.factories import make_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


LEAD_LOADED = (
    "() => { const i = document.querySelector('.lead-figure img');"
    " return i.complete && i.naturalWidth > 0; }"
)


def _words(text):
    return text.split()


def test_reader_reads_the_reference_article(browser, live_server, artifacts_dir):
    load_reference_article()
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    page.get_by_role("link", name=ref.HEADLINE).first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == ref.HEADLINE
    body = page.locator(".article-body").inner_text()
    assert _words(body) == _words("واشنطن- " + " ".join(ref.PARAGRAPHS))
    assert "العرب [نُشر في 2017/11/15]" in page.locator(".article-source").inner_text()
    assert page.locator(".article-deck").inner_text() == ref.DECK
    assert page.locator(".article-subheading").inner_text() == ref.SUB_HEADING
    counters = page.locator(".counters li").all_inner_texts()
    assert counters == ["3 مشاهدات", "0 تعليقات", "0 مشاركات"]
    picture = page.locator(".lead-figure picture img")
    picture.scroll_into_view_if_needed()
    page.wait_for_function(LEAD_LOADED)
    assert re.search(r"\.(avif|webp|jpg)$", picture.evaluate("i => i.currentSrc"))
    assert picture.get_attribute("alt") == ref.IMAGE_ALT
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'عربي')")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(
        path=str(artifacts_dir / "reader-article-phone.png"), full_page=True
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    page.wait_for_timeout(200)  # the wider viewport picks a larger rendition
    page.wait_for_function(LEAD_LOADED)
    page.screenshot(
        path=str(artifacts_dir / "reader-article-desktop.png"), full_page=True
    )
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts_dir / "reader-home-desktop.png"), full_page=True)
    page.close()
    assert errors == []  # no CSP violation, no missing resource


def test_reader_searches_with_another_spelling(browser, live_server):
    load_reference_article()
    page = browser.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="ابحث في الأخبار").fill("الاسلاميه")
    page.get_by_role("button", name="بحث").first.click()
    page.wait_for_load_state("load")
    assert page.locator(".search-result h2").first.inner_text() == ref.HEADLINE
    assert page.locator(".snippet mark").count() >= 1
    page.close()


def test_digits_choice_is_remembered(browser, live_server):
    article, _ = load_reference_article()
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("link", name="أرقام هندية ١٢٣").click()
    page.wait_for_load_state("load")
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator(".counters li").first.inner_text() == "٣ مشاهدات"
    context.close()


def test_buttons_that_need_javascript_stay_hidden_without_it(browser, live_server):
    article, _ = load_reference_article()
    make_comment(article=article, status=Comment.Status.APPROVED, body="تعليق منشور")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())

    # Each is styled with a display of its own: only the [hidden] rule keeps it hidden.
    for selector in (".share-copy", ".comment-reply", ".comment-replying"):
        assert page.locator(selector).count() == 1, selector
        assert not page.locator(selector).is_visible(), selector
    # What works without JavaScript is shown instead.
    assert page.locator(".share-whatsapp").is_visible()
    assert page.locator(".comment-reply-link").is_visible()
    context.close()
