"""Every API error is JSON with a status and an Arabic message; big write bodies stop early."""

import pytest

from articles.api.middleware import MAX_BODY_BYTES
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_unknown_api_url_is_a_json_404(api):
    response = api.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"status": 404, "detail": "غير موجود.", "errors": []}


def test_wrong_method_is_a_json_405_that_keeps_allow(api):
    response = api.delete("/api/v1/articles")

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    body = response.json()
    assert body["status"] == 405 and "غير مسموح" in body["detail"]


def test_small_post_to_a_read_only_route_is_405(api):
    response = api.post("/api/v1/sections", data="{}", content_type="application/json")

    assert response.status_code == 405


def test_body_over_64_kb_is_413_before_any_view_runs(api):
    too_big = "x" * (MAX_BODY_BYTES + 1)

    # The cap answers first even where the method itself is not allowed: the body is
    # never read, so no route, present or future, has to remember the limit.
    response = api.post("/api/v1/sections", data=too_big, content_type="text/plain")
    unknown = api.post("/api/v1/nowhere", data=too_big, content_type="text/plain")

    assert response.status_code == unknown.status_code == 413
    assert response.json()["detail"] == (
        "حجم الطلب يتجاوز الحد المسموح به (64 كيلوبايت)."
    )


def test_body_of_exactly_64_kb_passes_the_cap(api):
    exact = "x" * MAX_BODY_BYTES

    response = api.post("/api/v1/sections", data=exact, content_type="text/plain")

    assert response.status_code == 405


def test_garbage_content_length_is_a_400(api):
    response = api.generic("POST", "/api/v1/sections", data=b"", CONTENT_LENGTH="lots")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Content-Length"


def test_reads_and_pages_outside_the_api_are_untouched(api):
    article = make_article()

    page = api.get(article.get_absolute_url())
    missing = api.get("/news/no-such-article/")

    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("text/html")


def test_reads_may_be_fetched_from_partner_pages(api):
    ok = api.get("/api/v1/sections")
    missing = api.get("/api/v1/articles/999999")

    assert ok["Access-Control-Allow-Origin"] == "*"
    assert missing["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in api.get("/")


def test_a_partner_page_may_read_with_validators_after_its_preflight(api):
    etag = api.get("/api/v1/sections")["ETag"]
    preflight = api.options(
        "/api/v1/sections",
        headers={
            "Origin": "https://partner.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    read = api.get(
        "/api/v1/sections",
        headers={"Origin": "https://partner.example", "If-None-Match": etag},
    )

    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"].lower()
    assert int(preflight["Access-Control-Max-Age"]) > 0
    assert read.status_code == 304
    assert read["Access-Control-Allow-Origin"] == "*"
    assert read["Access-Control-Expose-Headers"] == "ETag"
    assert "Origin" not in read.get("Vary", "")


def test_a_preflight_for_a_write_is_not_allowed_from_another_site(api):
    article = make_article()
    preflight = api.options(
        f"/api/v1/articles/{article.pk}/comments",
        headers={
            "Origin": "https://partner.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )

    assert preflight.status_code == 204
    assert "Access-Control-Allow-Origin" not in preflight
    assert "Access-Control-Allow-Methods" not in preflight
