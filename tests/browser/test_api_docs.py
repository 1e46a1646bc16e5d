"""The API docs page works in a real browser under the strict CSP, all from our origin."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_docs_page_renders_the_operations_without_csp_violations(browser, live_server):
    make_article(headline="خبر للواجهة")
    page = browser.new_page()
    console, requested = [], []
    page.on("console", lambda message: console.append(message.text))
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector("#operations-articles-list_articles", timeout=15000)
    assert page.locator(".opblock").count() >= 4
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=True)

    # Try it out: the page calls the API on our origin and shows the answer.
    page.click("#operations-articles-list_articles .opblock-summary")
    page.click("#operations-articles-list_articles button.try-out__btn")
    page.click("#operations-articles-list_articles button.execute")
    live = page.locator("#operations-articles-list_articles .live-responses-table")
    expect(live).to_contain_text("خبر للواجهة", timeout=15000)

    origin = urlsplit(live_server.url).netloc
    assert {urlsplit(url).netloc for url in requested if url.startswith("http")} == {
        origin
    }
    violations = [text for text in console if "Content Security Policy" in text]
    assert violations == []
