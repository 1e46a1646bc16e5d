"""A NUL character in an admin query string is a 400, never a 500 (PostgreSQL cannot
compare such a string). Found by wapiti in the admin's search and list filters."""

import pytest

from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    ["q=%00", "q=%D8%A7%00", "status__exact=%00", "section__id__exact=1%00"],
)
def test_a_nul_in_the_admins_query_is_a_clear_400(client, query):
    make_article()
    client.force_login(make_editor())
    response = client.get(f"/admin/articles/article/?{query}")
    assert response.status_code == 400
    assert 'lang="ar"' in response.content.decode()


def test_an_admin_query_without_nul_is_untouched(client):
    make_article()
    client.force_login(make_editor())
    assert client.get("/admin/articles/article/?q=abc").status_code == 200
