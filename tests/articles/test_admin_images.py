"""Which pictures each role sees in the admin: a writer never sees another desk's
embargoed photo, in the list, by URL, or in the article form's picture choices."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleImage, Image
from articles.services import images as image_service
from tests.articles.admin_forms import article_post, change_post
from tests.factories import (
    image_bytes,
    make_article,
    make_editor,
    make_image,
    make_section,
    make_superuser,
    make_writer,
)

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_image_changelist")


@pytest.fixture
def library():
    """One picture per case, captioned after it, and who may see it."""
    editor, writer = make_editor(), make_writer()

    def picture(name, uploaded_by=editor):
        return make_image(uploaded_by=uploaded_by, caption=name)

    pictures = {name: picture(name) for name in ("embargoed", "scheduled", "unused")}
    pictures |= {
        name: picture(name) for name in ("live_lead", "live_body", "unpublished")
    }
    pictures["own_upload"] = picture("own_upload", uploaded_by=writer)
    pictures["on_own_draft"] = picture("on_own_draft")
    make_article(lead_image=pictures["embargoed"], status=Article.Status.DRAFT)
    make_article(
        lead_image=pictures["scheduled"],
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=2),
    )
    make_article(lead_image=pictures["live_lead"])
    ArticleImage.objects.create(article=make_article(), image=pictures["live_body"])
    taken_down = make_article(lead_image=pictures["unpublished"])
    taken_down.status = Article.Status.DRAFT  # readers had it; it is off the site now
    taken_down.save()
    own_draft = make_article(
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=writer,
        lead_image=pictures["on_own_draft"],
    )
    return {
        "editor": editor,
        "writer": writer,
        "pictures": pictures,
        "own_draft": own_draft,
        "writer_sees": {"own_upload", "live_lead", "live_body", "on_own_draft"},
    }


def captions(images) -> set[str]:
    return {image.caption for image in images}


def test_visible_to_gives_writers_own_live_and_own_articles_pictures(library):
    writer = library["writer"]
    assert captions(Image.objects.visible_to(writer)) == library["writer_sees"]
    assert captions(Image.objects.visible_to(library["editor"])) == set(
        library["pictures"]
    )


def test_visible_to_is_one_query(library, django_assert_num_queries):
    writer = library["writer"]
    writer.has_perm("articles.view_image")  # the admin has the permissions cached
    with django_assert_num_queries(1):
        list(Image.objects.visible_to(writer))


def test_writer_lists_only_own_and_live_pictures(client, library):
    client.force_login(library["writer"])
    response = client.get(CHANGELIST)
    assert captions(response.context["cl"].result_list) == library["writer_sees"]
    html = response.content.decode()
    assert "embargoed" not in html and "scheduled" not in html


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_editors_and_superusers_list_every_picture(client, library, who):
    client.force_login(library["editor"] if who == "editor" else make_superuser())
    response = client.get(CHANGELIST)
    assert captions(response.context["cl"].result_list) == set(library["pictures"])


@pytest.mark.parametrize("page", ["change", "history"])
def test_writer_cannot_open_a_hidden_picture_by_its_url(client, library, page):
    hidden = library["pictures"]["embargoed"]
    client.force_login(library["writer"])
    response = client.get(
        reverse(f"admin:articles_image_{page}", args=[hidden.pk]), follow=True
    )
    assert response.redirect_chain  # sent away, never shown
    assert "embargoed" not in response.content.decode()
    assert hidden.file.url not in response.content.decode()


def test_writer_opens_a_live_articles_picture_read_only(client, library):
    client.force_login(library["writer"])
    live = library["pictures"]["live_lead"]
    response = client.get(reverse("admin:articles_image_change", args=[live.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_writer_changelist_query_count_does_not_grow(client, library):
    writer = library["writer"]
    client.force_login(writer)

    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(CHANGELIST).status_code == 200
        return len(queries)

    few = queries_for_the_list()
    for n in range(8):
        image_service.store_image(
            upload=SimpleUploadedFile(f"{n}.jpg", image_bytes(colour=(n, 0, 0))),
            alt_text=f"صورة {n}",
            user=writer,
        )
    assert queries_for_the_list() == few
    assert len(client.get(CHANGELIST).context["cl"].result_list) == 12


@pytest.mark.parametrize("field_name", ["lead_image", "image"])
def test_picture_autocomplete_offers_a_writer_only_what_they_may_see(
    client, library, field_name
):
    model_name = "article" if field_name == "lead_image" else "articleimage"
    client.force_login(library["writer"])
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": model_name,
            "field_name": field_name,
            "term": "",
        },
    )
    assert response.status_code == 200
    offered = {int(row["id"]) for row in response.json()["results"]}
    visible = {library["pictures"][name].pk for name in library["writer_sees"]}
    assert offered == visible


def test_writer_cannot_set_a_hidden_picture_by_a_crafted_post(client, library):
    draft = library["own_draft"]
    hidden = library["pictures"]["embargoed"]
    client.force_login(library["writer"])
    response = client.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        change_post(draft, lead_image=hidden.pk),
    )
    assert response.status_code == 200  # the form again, with an error
    assert "lead_image" in response.context["adminform"].form.errors
    assert "embargoed" not in response.content.decode()
    draft.refresh_from_db()
    assert draft.lead_image == library["pictures"]["on_own_draft"]


def test_writer_keeps_the_picture_an_editor_put_on_their_draft(client, library):
    draft = library["own_draft"]
    client.force_login(library["writer"])
    response = client.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        change_post(draft, headline="عنوان جديد"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "عنوان جديد"
    assert draft.lead_image == library["pictures"]["on_own_draft"]


def test_writer_adds_an_article_with_a_live_picture(client, library):
    client.force_login(library["writer"])
    response = client.post(
        reverse("admin:articles_article_add"),
        article_post(
            section=make_section(), lead_image=library["pictures"]["live_lead"]
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="khabar-tajribi")
    assert article.lead_image == library["pictures"]["live_lead"]


def test_uploading_a_hidden_pictures_twin_gives_the_writer_no_link_to_it(client):
    editor, writer = make_editor(), make_writer()
    data = image_bytes(size=(60, 60))
    hidden = image_service.store_image(
        upload=SimpleUploadedFile("a.jpg", data), alt_text="محجوبة", user=editor
    )
    make_article(lead_image=hidden, status=Article.Status.DRAFT)
    client.force_login(writer)
    response = client.post(
        reverse("admin:articles_image_add"),
        {"file": SimpleUploadedFile("b.jpg", data), "alt_text": "نسختي"},
        follow=True,
    )
    assert Image.objects.filter(uploaded_by=writer).exists()
    html = response.content.decode()
    assert reverse("admin:articles_image_change", args=[hidden.pk]) not in html
    assert "مرفوعة من قبل" not in html
