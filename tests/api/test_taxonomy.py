"""GET /api/v1/sections and /api/v1/authors."""

import pytest
from django.conf import settings

from tests.factories import make_author, make_section

pytestmark = pytest.mark.django_db


def test_sections_in_menu_order_with_absolute_urls(api):
    make_section(name="رياضة", slug="sport", position=2)
    make_section(name="سياسة", slug="politics", position=1, description="أخبار")

    data = api.get("/api/v1/sections").json()

    assert data["count"] == 2
    assert data["items"][0] == {
        "slug": "politics",
        "name": "سياسة",
        "description": "أخبار",
        "url": f"{settings.SITE_URL}/section/politics/",
    }
    assert data["items"][1]["slug"] == "sport"


def test_authors_are_active_ones_by_name_and_paginated(api):
    make_author(name="ياسر", slug="yasser")
    make_author(name="أحمد", slug="ahmad", bio="محرر اقتصادي")
    make_author(name="باسم", slug="basem", is_active=False)

    data = api.get("/api/v1/authors").json()
    page = api.get("/api/v1/authors", {"limit": 1, "offset": 1}).json()

    assert data["count"] == 2
    assert [a["slug"] for a in data["items"]] == ["ahmad", "yasser"]
    assert data["items"][0]["bio"] == "محرر اقتصادي"
    assert data["items"][0]["url"] == f"{settings.SITE_URL}/author/ahmad/"
    assert [a["slug"] for a in page["items"]] == ["yasser"]


@pytest.mark.parametrize("limit", ["0", "-1", "1000", "abc"])
def test_authors_reject_bad_limits(api, limit):
    response = api.get("/api/v1/authors", {"limit": limit})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"
