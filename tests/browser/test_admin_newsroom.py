"""An editor enters the reference article in the real admin; a writer cannot publish."""

import re
from pathlib import Path

import pytest

from articles.demo import reference_article as ref
from articles.demo.pictures import draw_news_picture
from articles.models import Article, Image, Source
from tests.browser.console import csp_violations
from tests.factories import (
    make_article,
    make_author,
    make_editor,
    make_section,
    make_writer,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
EDITOR_BOX = ".ProseMirror[contenteditable=true]"  # the prose editor's writing area
PASSWORD = "pw-12345678"  # what tests.factories.make_staff sets


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#content")


def pick(page, field_id, search):
    """Choose an option in one of the admin's autocomplete (select2) boxes."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", search)
    page.click(f".select2-results__option:has-text('{search}')")


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_editor_creates_and_publishes_the_reference_article(
    browser, live_server, tmp_path
):
    editor = make_editor("editor")
    section = make_section(name=ref.SECTION[0], slug=ref.SECTION[1])
    Source.objects.create(name=ref.SOURCE_NAME, url=ref.SOURCE_URL)
    make_author(name="قسم الأخبار في العرب", slug="alarab-desk")
    picture = tmp_path / "raqqa.jpg"
    picture.write_bytes(draw_news_picture(seed=2017))

    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ar")
    log_in(page, live_server, editor.username)
    assert page.locator("html").get_attribute("dir") == "rtl"

    # The picture first, through the image library.
    page.goto(f"{live_server.url}/admin/articles/image/add/")
    page.set_input_files("#id_file", str(picture))
    page.fill("#id_alt_text", ref.IMAGE_ALT)
    page.fill("#id_caption", ref.IMAGE_CAPTION)
    page.fill("#id_credit", ref.IMAGE_CREDIT)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    image = Image.objects.get()
    assert image.uploaded_by == editor and image.width == 1200

    # Then the article, typed the way an editor would.
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", ref.HEADLINE)
    page.locator("#id_headline").blur()
    assert page.input_value("#id_slug").startswith("جهاديون-أجانب")
    page.fill("#id_deck", ref.DECK)
    page.fill("#id_sub_heading", ref.SUB_HEADING)
    page.fill("#id_dateline", ref.DATELINE)
    editor_box = page.locator(EDITOR_BOX)
    editor_box.click()
    for index, paragraph in enumerate(ref.PARAGRAPHS):
        if index:
            page.keyboard.press("Enter")
        page.keyboard.insert_text(paragraph)
    pick(page, "id_section", section.name)
    pick(page, "id_lead_image", ref.IMAGE_CAPTION)
    pick(page, "id_bylines-0-author", "قسم الأخبار")
    page.click("details:has(#id_source) summary")
    pick(page, "id_source", ref.SOURCE_NAME)
    page.fill("#id_original_published_on", "2017-11-15")
    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", "2017-11-15")
    page.fill("#id_published_at_1", "00:00:00")
    shot(page, "admin-reference-article-form")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    shot(page, "admin-article-list-after-publish")

    article = Article.objects.get()
    assert article.is_live and article.status == Article.Status.PUBLISHED
    assert article.lead_image == image
    assert article.source.name == ref.SOURCE_NAME
    assert [b.author.slug for b in article.bylines.all()] == ["alarab-desk"]
    text = re.sub(r"<[^>]+>", " ", article.body)
    assert text.split() == " ".join(ref.PARAGRAPHS).split()
    assert article.body.count("<p>") == len(ref.PARAGRAPHS)

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.locator("h1").inner_text() == ref.HEADLINE
    assert "واشنطن-" in page.locator(".article-body").inner_text()
    shot(page, "reader-reference-article")
    page.close()


def test_writer_draft_cannot_be_published_by_the_writer(browser, live_server):
    writer = make_writer("writer")
    section = make_section(name="سياسة", slug="politics")
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ar")
    log_in(page, live_server, writer.username)

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    offered = page.locator("#id_status option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert offered == ["draft", "in_review"]
    page.fill("#id_headline", "مسودة الكاتب")
    page.locator(EDITOR_BOX).click()
    page.keyboard.insert_text("نص المسودة.")
    pick(page, "id_section", section.name)
    # A crafted request: add the missing option and choose it.
    page.evaluate(
        """() => {
            const select = document.getElementById('id_status');
            select.add(new Option('منشور', 'published'));
            select.value = 'published';
        }"""
    )
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    assert "لا تملك صلاحية هذه الحالة" in page.content()
    assert not Article.objects.exists()

    page.select_option("#id_status", "draft")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT and article.created_by == writer

    actions = page.locator("select[name=action] option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert "publish_selected" not in actions
    assert "submit_selected_for_review" in actions
    assert not Article.objects.published().exists()
    page.close()


def test_typing_keeps_the_session_and_an_ended_one_is_announced_at_once(
    browser, live_server
):
    from django.contrib.sessions.models import Session

    editor = make_editor("typist")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    log_in(page, live_server, editor.username)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    ends = Session.objects.get().expire_date

    # Typing in the body is activity: the first keystroke pings the server.
    with page.expect_response(lambda r: "/admin/keep-alive/" in r.url) as ping:
        page.locator(EDITOR_BOX).click()
        page.keyboard.insert_text("نص يُكتب ببطء.")
    assert ping.value.status == 204
    assert Session.objects.get().expire_date >= ends
    assert page.locator(".errornote[role=alert]").count() == 0

    # A second form opens, then the session ends while it stays open: its first
    # keystroke is told so, before anything is submitted to a login page and lost.
    second = context.new_page()
    second.goto(f"{live_server.url}/admin/articles/article/add/")
    Session.objects.all().delete()
    with second.expect_response(lambda r: "/admin/keep-alive/" in r.url) as ping:
        second.fill("#id_headline", "عنوان لم يُحفظ")
    assert ping.value.status == 401
    page.close()
    page = second
    alert = page.locator(".errornote[role=alert]")
    alert.wait_for()
    assert "انتهت جلستك" in alert.inner_text()
    context.close()


def test_the_admin_works_under_its_content_security_policy(browser, live_server):
    """Every admin tool used daily runs with no inline script allowed: no violation
    reported, and the prose editor, autocomplete and calendar all work."""
    editor = make_editor("csp-editor")
    section = make_section(name="سياسة")
    article = make_article(headline="خبر للتحرير", section=section)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    violations = csp_violations(page)
    log_in(page, live_server, editor.username)
    for path in (
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/image/add/",
        "/admin/articles/comment/",
        "/admin/articles/author/add/",
        f"/admin/articles/article/{article.pk}/history/",
    ):
        assert page.goto(live_server.url + path).headers["content-security-policy"]
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator(EDITOR_BOX).click()
    page.keyboard.press("End")
    page.keyboard.insert_text(" فقرة أضيفت تحت السياسة.")
    pick(page, "id_section", section.name)
    page.locator(".datetimeshortcuts a").first.click()  # "now" fills the date
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert "فقرة أضيفت تحت السياسة" in article.body
    assert violations == []
    context.close()
