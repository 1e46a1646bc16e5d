"""A reader comments on the reference article; a moderator approves it in the admin."""

import pytest
from playwright.sync_api import expect

from articles.demo.loader import load_reference_article
from tests.factories import make_moderator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_comment_awaits_review_then_appears_once_approved(
    browser, live_server, settings, artifacts_dir
):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 1
    article, _ = load_reference_article()
    assert article.comment_count == 0
    moderator = make_moderator("moderator")
    url = live_server.url + article.get_absolute_url()

    reader = browser.new_context(locale="ar")
    page = reader.new_page()
    problems = []
    page.on(  # CSP violations and script errors; missing files are checked below
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load resource")
            and problems.append(m.text)
        ),
    )
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and "favicon" not in r.url
            and problems.append(f"{r.status} {r.url}")
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url)
    comments = page.locator("#comments")
    expect(comments.locator(".comments-count")).to_have_text("(لا تعليقات)")
    page.fill("#id_name", "قارئة من الرياض")
    page.fill("#id_email", "reader@example.com")
    page.fill("#id_body", "تحليل مفيد، شكرًا لكم. Thanks!")
    # The signed start time arrives with the form's token; a person takes longer than
    # the minimum (1 s here) from then to sending. Counting from the token, not from
    # the typing, keeps a slow token answer on a busy machine from failing the test.
    page.wait_for_function(
        "() => document.querySelector('form.comment-form').elements.started.value"
    )
    page.wait_for_timeout(1500)
    page.click("form.comment-form button[type=submit]")
    expect(page.locator("form.comment-form .comment-status")).to_contain_text(
        "بانتظار المراجعة"
    )
    page.screenshot(path=str(artifacts_dir / "comments-1-awaiting-review.png"))
    page.reload()
    expect(comments).not_to_contain_text("قارئة من الرياض")

    staff = browser.new_context(locale="ar")
    admin = staff.new_page()
    admin.goto(live_server.url + "/admin/login/")
    admin.fill("#id_username", moderator.username)
    admin.fill("#id_password", "pw-12345678")
    admin.click("input[type=submit]")
    admin.goto(live_server.url + "/admin/articles/comment/")
    row = admin.locator("#result_list tbody tr").filter(has_text="تحليل مفيد")
    row.locator("input.action-select").check()
    admin.select_option("select[name=action]", "approve_selected")
    admin.click("button[name=index]")
    expect(admin.locator(".messagelist")).to_contain_text("تمت الموافقة: تعليق واحد.")
    admin.screenshot(path=str(artifacts_dir / "comments-2-approved-in-admin.png"))

    page.reload()
    expect(comments.locator(".comment-author")).to_have_text(["قارئة من الرياض"])
    expect(comments.locator(".comment-body")).to_have_text(
        "تحليل مفيد، شكرًا لكم. Thanks!"
    )
    expect(comments.locator(".comments-count")).to_have_text("(تعليق واحد)")
    page.screenshot(
        path=str(artifacts_dir / "comments-3-published.png"), full_page=True
    )
    article.refresh_from_db()
    assert article.comment_count == 1
    assert problems == []
    reader.close()
    staff.close()
