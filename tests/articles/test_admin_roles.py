"""Who may see, add, change, delete and read the history of each newsroom model."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleImage, Source
from tests.factories import (
    make_article,
    make_author,
    make_editor,
    make_image,
    make_moderator,
    make_section,
    make_tag,
    make_writer,
)

pytestmark = pytest.mark.django_db

OK, REDIRECT, FORBIDDEN = 200, 302, 403
PAGES = ["changelist", "add", "change", "delete", "history"]

# role -> model -> expected status per page, in PAGES order.
EXPECTED = {
    "editor": {
        model: [OK] * 5
        for model in ("article", "section", "tag", "author", "source", "image")
    },
    "writer": {
        # Own draft: open, edit and history; never delete.
        "article": [OK, OK, OK, FORBIDDEN, OK],
        "section": [OK, FORBIDDEN, OK, FORBIDDEN, OK],
        "tag": [OK, OK, OK, FORBIDDEN, OK],
        "author": [OK, FORBIDDEN, OK, FORBIDDEN, OK],
        "source": [OK, FORBIDDEN, OK, FORBIDDEN, OK],
        # An editor's picture no article readers see: hidden from writers, so its
        # change and history pages send them back (tests/articles/test_admin_images.py).
        "image": [OK, OK, REDIRECT, FORBIDDEN, REDIRECT],
    },
    "moderator": {
        model: [FORBIDDEN] * 5
        for model in ("article", "section", "tag", "author", "source", "image")
    },
}


@pytest.fixture
def newsroom():
    editor, writer, moderator = make_editor(), make_writer(), make_moderator()
    section = make_section()
    objects = {
        "section": section,
        "tag": make_tag(),
        "author": make_author(),
        "source": Source.objects.create(name="العرب", url="https://alarab.co.uk"),
        "image": make_image(uploaded_by=editor),
        "article": make_article(
            section=section, status=Article.Status.DRAFT, created_by=writer
        ),
    }
    others_article = make_article(section=section, created_by=editor)
    return {
        "editor": editor,
        "writer": writer,
        "moderator": moderator,
        "objects": objects,
        "others_article": others_article,
    }


def admin_url(model, page, obj):
    name = f"admin:articles_{model}_{page}"
    if page in ("changelist", "add"):
        return reverse(name)
    return reverse(name, args=[obj.pk])


@pytest.mark.parametrize("model", list(EXPECTED["editor"]))
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_the_login_page(client, newsroom, model, page):
    url = admin_url(model, page, newsroom["objects"][model])
    response = client.get(url)
    assert response.status_code == REDIRECT
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("model", list(EXPECTED["editor"]))
def test_role_matrix_over_every_admin_page(client, newsroom, role, model):
    client.force_login(newsroom[role])
    obj = newsroom["objects"][model]
    got = [client.get(admin_url(model, page, obj)).status_code for page in PAGES]
    assert got == EXPECTED[role][model]


def test_writer_sees_only_own_articles_and_cannot_open_others(client, newsroom):
    client.force_login(newsroom["writer"])
    response = client.get(reverse("admin:articles_article_changelist"))
    assert list(response.context["cl"].result_list) == [newsroom["objects"]["article"]]
    other = newsroom["others_article"]
    for page in ("change", "history", "delete"):
        response = client.get(admin_url("article", page, other))
        assert response.status_code in (REDIRECT, FORBIDDEN)
        assert other.headline not in response.content.decode()


def test_writer_cannot_change_read_only_models_by_post(client, newsroom):
    client.force_login(newsroom["writer"])
    section = newsroom["objects"]["section"]
    response = client.post(
        admin_url("section", "change", section),
        {"name": "مخترق", "slug": section.slug, "position": 0},
    )
    assert response.status_code == FORBIDDEN
    section.refresh_from_db()
    assert section.name != "مخترق"


def test_writer_may_not_delete_own_draft_by_post(client, newsroom):
    client.force_login(newsroom["writer"])
    article = newsroom["objects"]["article"]
    response = client.post(admin_url("article", "delete", article), {"post": "yes"})
    assert response.status_code == FORBIDDEN
    assert Article.objects.filter(pk=article.pk).exists()


def test_writer_edits_own_draft_only_while_it_is_a_draft(client, newsroom):
    client.force_login(newsroom["writer"])
    article = newsroom["objects"]["article"]
    article.status = Article.Status.IN_REVIEW
    article.save()
    response = client.get(admin_url("article", "change", article))
    assert response.status_code == OK
    assert not response.context["has_change_permission"]  # read-only now


def test_editor_and_moderator_cannot_manage_users(client, newsroom):
    user_pages = [
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[newsroom["writer"].pk]),
        reverse("admin:auth_group_changelist"),
    ]
    for role in ("editor", "moderator", "writer"):
        client.force_login(newsroom[role])
        for url in user_pages:
            assert client.get(url).status_code == FORBIDDEN
    client.force_login(newsroom["editor"])
    writer = newsroom["writer"]
    response = client.post(
        reverse("admin:accounts_user_change", args=[writer.pk]),
        {"username": writer.username, "is_superuser": "on", "is_staff": "on"},
    )
    assert response.status_code == FORBIDDEN
    writer.refresh_from_db()
    assert not writer.is_superuser


@pytest.mark.parametrize(
    ("role", "expected", "offered"),
    # The newsroom's one picture is an editor's that no live article shows: hidden
    # from writers (tests/articles/test_admin_images.py).
    [("editor", 200, True), ("writer", 200, False), ("moderator", 403, False)],
)
def test_autocomplete_for_pictures_follows_the_roles(
    client, newsroom, role, expected, offered
):
    client.force_login(newsroom[role])
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_image",
            "term": "صورة",
        },
    )
    assert response.status_code == expected
    if expected == 200:
        assert bool(response.json()["results"]) is offered


@pytest.mark.parametrize(("role", "may_publish"), [("editor", True), ("writer", False)])
def test_publish_actions_are_offered_to_editors_only(
    client, newsroom, role, may_publish
):
    client.force_login(newsroom[role])
    response = client.get(reverse("admin:articles_article_changelist"))
    actions = dict(response.context["action_form"].fields["action"].choices)
    for action in ("publish_selected", "unpublish_selected", "archive_selected"):
        assert (action in actions) is may_publish


@pytest.mark.parametrize("use", ["lead", "body"])
def test_writer_cannot_change_own_picture_once_a_live_article_shows_it(
    client, newsroom, use
):
    writer = newsroom["writer"]
    picture = make_image(uploaded_by=writer, caption="التعليق الأصلي")
    url = admin_url("image", "change", picture)
    client.force_login(writer)
    assert client.get(url).context["has_change_permission"]  # not used yet: theirs
    if use == "lead":
        make_article(lead_image=picture)
    else:
        ArticleImage.objects.create(article=make_article(), image=picture)
    assert not client.get(url).context["has_change_permission"]
    response = client.post(url, {"alt_text": "بديل", "caption": "مخترق", "credit": ""})
    assert response.status_code == FORBIDDEN
    picture.refresh_from_db()
    assert picture.caption == "التعليق الأصلي"


@pytest.mark.parametrize("use", ["in_review", "scheduled", "someone_elses_draft"])
def test_writer_cannot_change_own_picture_once_the_desk_holds_an_article_using_it(
    client, newsroom, use
):
    writer = newsroom["writer"]
    picture = make_image(uploaded_by=writer, caption="التعليق الأصلي")
    own_draft = make_article(
        lead_image=picture, status=Article.Status.DRAFT, created_by=writer
    )
    url = admin_url("image", "change", picture)
    client.force_login(writer)
    assert client.get(url).context["has_change_permission"]  # only their own draft
    if use == "someone_elses_draft":
        make_article(
            lead_image=picture,
            status=Article.Status.DRAFT,
            created_by=newsroom["editor"],
        )
    else:
        own_draft.status = use
        if use == "scheduled":  # goes live by itself, with no one looking again
            own_draft.published_at = timezone.now() + timedelta(hours=1)
        own_draft.save()

    response = client.post(url, {"alt_text": "بديل", "caption": "مخترق", "credit": ""})

    assert response.status_code == FORBIDDEN
    picture.refresh_from_db()
    assert picture.caption == "التعليق الأصلي"


def test_view_on_site_shortcut_opens_only_what_the_user_may_see(client, newsroom):
    from django.contrib.contenttypes.models import ContentType

    embargoed = make_article(
        headline="استقالة الوزير غدا", status=Article.Status.DRAFT, created_by=None
    )
    kind = ContentType.objects.get_for_model(Article).pk
    url = reverse("admin:view_on_site", args=[kind, embargoed.pk])
    for role in ("moderator", "writer"):
        client.force_login(newsroom[role])
        response = client.get(url)
        assert response.status_code == 404 and embargoed.slug not in response.get(
            "Location", ""
        )
    client.force_login(newsroom["editor"])
    response = client.get(url)
    assert response.status_code == REDIRECT
    assert response["Location"].endswith(embargoed.get_absolute_url())
    client.logout()
    assert "/admin/login/" in client.get(url)["Location"]


def test_changelist_counts_read_as_arabic(client, newsroom):
    client.force_login(newsroom["editor"])
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    count = Article.objects.count()
    assert f"المقالات: {count}" in html
    assert f"{count} المقالات" not in html


def test_an_article_readers_have_had_is_archived_not_deleted(client, newsroom):
    client.force_login(newsroom["editor"])
    live = make_article()
    unpublished = make_article()
    unpublished.status = Article.Status.DRAFT  # taken down: its publish time is kept
    unpublished.save()
    draft = make_article(status=Article.Status.DRAFT, published_at=None)

    for article in (live, unpublished):
        assert client.get(admin_url("article", "delete", article)).status_code == 403
        response = client.post(admin_url("article", "delete", article), {"post": "yes"})
        assert response.status_code == 403
        client.post(  # the bulk action, confirmed
            reverse("admin:articles_article_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [article.pk],
                "post": "yes",
            },
        )
        assert Article.objects.filter(pk=article.pk).exists()

    response = client.post(admin_url("article", "delete", draft), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=draft.pk).exists()


def test_deleting_a_section_in_use_says_why_it_cannot(client, newsroom):
    client.force_login(newsroom["editor"])
    section = newsroom["objects"]["section"]  # its articles still use it

    response = client.get(admin_url("section", "delete", section))

    html = response.content.decode()
    assert "ما زالت تستعمله" in html
    assert "ليس لديه صلاحية" not in html  # Django's Arabic catalogue got this wrong
    assert Article.objects.filter(section=section).exists()
