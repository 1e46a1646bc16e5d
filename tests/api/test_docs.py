"""The OpenAPI 3 description and the human docs page, served from our own origin."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_openapi_describes_every_read_endpoint(api):
    response = api.get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert {
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/sections",
        "/api/v1/authors",
    } <= set(spec["paths"])
    listing = spec["paths"]["/api/v1/articles"]["get"]
    params = {p["name"]: p["schema"] for p in listing["parameters"]}
    assert params["limit"]["maximum"] == 100 and params["limit"]["minimum"] == 1
    assert {"section", "author", "tag", "offset"} <= set(params)
    assert {"200", "404", "422"} <= set(listing["responses"])
    item = spec["components"]["schemas"]["ArticleItem"]["properties"]
    assert {"url", "short_url", "counts", "image", "source"} <= set(item)


def test_docs_page_loads_only_same_origin_assets(api):
    response = api.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar"' in html
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(ref.endswith("swagger-ui-bundle.js") for ref in refs)
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in refs), refs
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html  # no badge from validator.swagger.io


def test_docs_page_is_under_the_strict_csp(api):
    response = api.get("/api/v1/docs")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy


def test_swagger_assets_ship_with_our_static_files():
    for asset in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        path = finders.find(f"ninja/{asset}")
        assert path and Path(path).stat().st_size > 100, asset
