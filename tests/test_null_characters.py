"""A NUL character in a query string is a 400 everywhere, never a 500 (PostgreSQL
cannot compare such a string). Found by wapiti in the admin's search."""

import pytest

from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/?q=%00",
        "/admin/articles/article/?status=%00",
        "/search/?q=%D8%A7%00",
        "/latest/?page=1%00",
    ],
)
def test_a_nul_in_the_query_is_a_clear_400(client, url):
    make_article()
    client.force_login(make_editor())
    response = client.get(url)
    assert response.status_code == 400
    assert 'lang="ar"' in response.content.decode()


def test_the_api_answers_a_nul_in_json(client):
    response = client.get("/api/v1/articles?q=%00")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_a_query_without_nul_is_untouched(client):
    make_article()
    client.force_login(make_editor())
    assert client.get("/admin/articles/article/?q=abc").status_code == 200
