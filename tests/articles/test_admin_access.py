"""An object that exists but is not the user's to open is said to be so, in Arabic;
a missing one keeps Django's "doesn't exist" message. Neither shows the object."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    make_article,
    make_editor,
    make_image,
    make_moderator,
    make_writer,
)

pytestmark = pytest.mark.django_db

NOT_YOUR_ARTICLE = "هذا المقال ليس من مقالاتك، فلا يمكنك فتحه"
NOT_YOUR_PICTURE = "هذه الصورة ليست من صورك ولا من صور المقالات المنشورة"
DOES_NOT_EXIST = "لربّما حُذف"  # Django's own Arabic: "... Perhaps it was deleted?"


@pytest.fixture
def embargoed():
    return make_article(
        headline="استقالة الوزير غدا",
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=make_editor(),
    )


def opened(client, url, **kwargs):
    response = client.get(url, follow=True, **kwargs)
    return response, response.content.decode()


@pytest.mark.parametrize("page", ["change", "history"])
def test_writer_opening_someone_elses_article_is_told_it_is_not_theirs(
    client, embargoed, page
):
    client.force_login(make_writer())
    url = reverse(f"admin:articles_article_{page}", args=[embargoed.pk])
    response, html = opened(client, url)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_article_changelist"
    )
    assert NOT_YOUR_ARTICLE in html
    assert DOES_NOT_EXIST not in html
    assert embargoed.headline not in html and embargoed.slug not in html


def test_writer_posting_to_someone_elses_article_changes_nothing(client, embargoed):
    client.force_login(make_writer())
    response = client.post(
        reverse("admin:articles_article_change", args=[embargoed.pk]),
        {"headline": "مخترق"},
        follow=True,
    )
    assert NOT_YOUR_ARTICLE in response.content.decode()
    embargoed.refresh_from_db()
    assert embargoed.headline == "استقالة الوزير غدا"


@pytest.mark.parametrize("object_id", ["999999", "not-a-number"])
@pytest.mark.parametrize("role", ["writer", "editor"])
def test_a_missing_article_keeps_djangos_message(client, role, object_id):
    client.force_login(make_writer() if role == "writer" else make_editor())
    url = reverse("admin:articles_article_change", args=[object_id])
    _, html = opened(client, url)
    assert DOES_NOT_EXIST in html
    assert NOT_YOUR_ARTICLE not in html


def test_writer_opening_a_hidden_picture_is_told_it_is_not_theirs(client):
    editor = make_editor()
    picture = make_image(uploaded_by=editor, caption="صورة الوزير قبل الاستقالة")
    make_article(lead_image=picture, status=Article.Status.DRAFT, created_by=editor)
    client.force_login(make_writer())
    response, html = opened(
        client, reverse("admin:articles_image_change", args=[picture.pk])
    )
    assert response.redirect_chain[-1][0] == reverse("admin:articles_image_changelist")
    assert NOT_YOUR_PICTURE in html
    assert picture.caption not in html and DOES_NOT_EXIST not in html


def test_a_missing_picture_keeps_djangos_message(client):
    client.force_login(make_writer())
    _, html = opened(client, reverse("admin:articles_image_change", args=[999999]))
    assert DOES_NOT_EXIST in html and NOT_YOUR_PICTURE not in html


@pytest.mark.parametrize("exists", [True, False])
def test_who_may_not_see_pictures_gets_403_whether_or_not_one_exists(client, exists):
    picture_id = make_image(uploaded_by=make_editor()).pk if exists else 999999
    client.force_login(make_moderator())
    url = reverse("admin:articles_image_history", args=[picture_id])
    assert client.get(url).status_code == 403
