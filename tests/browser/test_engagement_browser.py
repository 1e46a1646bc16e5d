"""A real browser on the reference article: views count once per reader, shares work."""

from pathlib import Path

import pytest

from articles.demo.loader import load_reference_article
from articles.models import Article, EngagementCount
from tests.browser.console import csp_violations

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Headless Chromium says "HeadlessChrome", which the portal rightly treats as a bot;
# these contexts stand in for real readers, so they carry a desktop Chrome User-Agent.
READER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def is_view_beacon(response):
    return "/engagement/view/" in response.url and response.request.method == "POST"


def views_total(article):
    return Article.objects.with_exact_counts().get(pk=article.pk).views_total


@pytest.fixture
def reference(settings):
    settings.ENGAGEMENT_ROLLUP_SECONDS = 0
    article, _ = load_reference_article()
    return article


def open_and_count(context, url):
    page = context.new_page()
    csp_errors = csp_violations(page)
    with page.expect_response(is_view_beacon) as beacon:
        page.goto(url)
    assert beacon.value.status == 200
    assert csp_errors == []
    return page


def test_ten_fresh_readers_add_ten_views_and_a_reload_adds_none(
    browser, live_server, reference
):
    url = live_server.url + reference.get_absolute_url()
    before = views_total(reference)
    for _ in range(10):
        context = browser.new_context(user_agent=READER_UA)
        open_and_count(context, url)
        context.close()
    assert views_total(reference) == before + 10

    context = browser.new_context(user_agent=READER_UA)
    page = open_and_count(context, url)
    assert views_total(reference) == before + 11
    with page.expect_response(is_view_beacon) as again:
        page.reload()
    assert again.value.status == 200
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "engagement-reference.png"), full_page=True)
    context.close()
    assert views_total(reference) == before + 11
    repeats = EngagementCount.objects.filter(
        article=reference, metric="filtered", detail="repeat"
    )
    assert sum(repeats.values_list("count", flat=True)) == 1


def test_share_button_records_and_opens_the_network(browser, live_server, reference):
    context = browser.new_context(user_agent=READER_UA)
    page = open_and_count(context, live_server.url + reference.get_absolute_url())
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    csp_errors = csp_violations(context)
    with page.expect_popup() as popup:
        page.get_by_role("button", name="واتساب").click()
    popup.value.wait_for_load_state()
    # The test machine has no internet: the popup's request reaching wa.me is enough
    # (a CSP form-action block would stop it before any request is made).
    to_network = [url for url in requested if url.startswith("https://wa.me/?text=")]
    assert len(to_network) == 1
    assert "%2Fa%2F" in to_network[0]  # the short link travels with the headline
    assert csp_errors == []
    shares = EngagementCount.objects.filter(
        article=reference, metric="share", detail="whatsapp"
    )
    assert sum(shares.values_list("count", flat=True)) == 1
    context.close()


def test_copy_link_button_copies_the_short_link(browser, live_server, reference):
    context = browser.new_context(
        user_agent=READER_UA, permissions=["clipboard-read", "clipboard-write"]
    )
    page = open_and_count(context, live_server.url + reference.get_absolute_url())
    with page.expect_response(lambda r: r.url.endswith("/copy")) as recorded:
        page.get_by_role("button", name="نسخ الرابط").click()
    assert recorded.value.status == 204
    assert page.evaluate("navigator.clipboard.readText()").endswith(
        reference.get_short_url()
    )
    assert page.get_by_role("status").inner_text() == "نُسخ الرابط."
    context.close()
