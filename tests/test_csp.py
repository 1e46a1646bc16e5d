"""The Content-Security-Policy header: strict on reader pages, and in the admin too."""

import re

import pytest

from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(
        part.strip().split(" ", 1) for part in header.split(";") if part.strip()
    )


def test_admin_pages_allow_no_inline_script(client):
    client.force_login(make_editor())
    for url in ("/admin/", "/admin/articles/article/", "/admin/articles/article/add/"):
        policy = _policy(client.get(url))
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        assert policy["style-src"] == "'self' 'unsafe-inline'"  # the admin's styles
        assert policy["frame-ancestors"] == "'none'"


def test_the_prose_editors_import_map_carries_the_requests_nonce(client):
    client.force_login(make_editor())
    article = make_article()
    for url in (
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
    ):
        response = client.get(url)
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
        html = response.content.decode()
        assert f'<script type="importmap" nonce="{nonce}">' in html


def test_reader_pages_keep_the_strict_styles(client):
    policy = _policy(client.get(make_article().get_absolute_url()))
    assert policy["style-src"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
