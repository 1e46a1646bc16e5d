"""The workflow services and the one definition of "live"."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import publishing
from tests.factories import (
    make_article,
    make_author,
    make_editor,
    make_moderator,
    make_writer,
)

pytestmark = pytest.mark.django_db
Status = Article.Status


def test_published_hides_drafts_review_archived_and_future_articles():
    live = make_article()
    past_scheduled = make_article(
        status=Status.SCHEDULED, published_at=timezone.now() - timedelta(minutes=1)
    )
    make_article(status=Status.DRAFT)
    make_article(status=Status.IN_REVIEW)
    make_article(status=Status.ARCHIVED, published_at=timezone.now())
    make_article(
        status=Status.SCHEDULED, published_at=timezone.now() + timedelta(minutes=1)
    )
    make_article(
        status=Status.PUBLISHED, published_at=timezone.now() + timedelta(hours=1)
    )
    assert set(Article.objects.published()) == {live, past_scheduled}
    assert {a for a in Article.objects.all() if a.is_live} == {live, past_scheduled}


def test_scheduled_article_appears_by_itself_when_its_time_comes(client, settings):
    article = make_article(
        status=Status.SCHEDULED, published_at=timezone.now() + timedelta(seconds=2)
    )
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(reverse("articles:short", args=[article.pk])).status_code == 404
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - timedelta(seconds=1)
    )  # time passes, and no job runs
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.headline in client.get("/").content.decode()


def test_publish_now_or_schedule_for_later():
    editor = make_editor()
    draft = make_article(status=Status.DRAFT)
    publishing.publish_article(article=draft, user=editor)
    assert draft.status == Status.PUBLISHED and draft.is_live
    later = make_article(status=Status.DRAFT)
    when = timezone.now() + timedelta(days=2)
    publishing.publish_article(article=later, user=editor, when=when)
    later.refresh_from_db()
    assert later.status == Status.SCHEDULED and later.published_at == when
    assert not later.is_live


def test_schedule_refuses_a_time_in_the_past():
    article = make_article(status=Status.DRAFT)
    with pytest.raises(ValidationError):
        publishing.schedule_article(
            article=article, when=timezone.now() - timedelta(hours=1)
        )
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_unpublish_and_archive_take_the_article_off_the_site():
    editor = make_editor()
    one, two = make_article(), make_article()
    publishing.unpublish_article(article=one, user=editor)
    publishing.archive_article(article=two, user=editor)
    assert (one.status, two.status) == (Status.DRAFT, Status.ARCHIVED)
    assert not Article.objects.published().exists()


@pytest.mark.parametrize(
    "service",
    [
        publishing.publish_article,
        publishing.unpublish_article,
        publishing.archive_article,
    ],
)
def test_writers_and_moderators_may_not_publish_unpublish_or_archive(service):
    for user in (make_writer(), make_moderator()):
        article = make_article(status=Status.DRAFT, created_by=user)
        with pytest.raises(PermissionDenied):
            service(article=article, user=user)
        article.refresh_from_db()
        assert article.status == Status.DRAFT


def test_writer_submits_own_draft_for_review_but_not_someone_elses():
    writer = make_writer()
    own = make_article(status=Status.DRAFT, created_by=writer)
    publishing.submit_article_for_review(article=own, user=writer)
    assert own.status == Status.IN_REVIEW

    author = make_author(user=writer)
    by_line = make_article(status=Status.DRAFT, authors=[author])
    publishing.submit_article_for_review(article=by_line, user=writer)
    assert by_line.status == Status.IN_REVIEW

    other = make_article(status=Status.DRAFT)
    with pytest.raises(PermissionDenied):
        publishing.submit_article_for_review(article=other, user=writer)
    with pytest.raises(ValidationError):
        publishing.submit_article_for_review(article=own, user=writer)  # not a draft


def test_correction_is_dated_signed_and_shows_the_article_was_updated():
    editor = make_editor()
    article = make_article()
    correction = publishing.add_correction(
        article=article, text="  صُحّح التاريخ.  ", user=editor
    )
    article.refresh_from_db()
    assert correction.text == "صُحّح التاريخ."
    assert correction.created_by == editor
    assert article.content_updated_at == correction.created_at
    with pytest.raises(PermissionDenied):
        publishing.add_correction(article=article, text="x", user=make_writer())


def test_empty_correction_is_refused_and_nothing_changes():
    article = make_article()
    with pytest.raises(ValidationError):
        publishing.add_correction(article=article, text="   ", user=make_editor())
    article.refresh_from_db()
    assert article.content_updated_at is None
    assert not article.corrections.exists()


def test_preview_shows_a_draft_to_its_writer_and_editors_only(client):
    writer = make_writer()
    draft = make_article(status=Status.DRAFT, created_by=writer, headline="مسودة سرية")
    url = reverse("articles:preview", args=[draft.pk])

    response = client.get(url)
    assert response.status_code == 302  # anonymous: log in first
    assert client.get(draft.get_absolute_url()).status_code == 404

    for user, expected in (
        (writer, 200),
        (make_editor(), 200),
        (make_writer(), 404),
        (make_moderator(), 404),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected
        if expected == 200:
            assert "مسودة سرية" in response.content.decode()
            assert response["X-Robots-Tag"] == "noindex, nofollow"
            assert "articles/article_detail.html" in [
                t.name for t in response.templates
            ]


def test_preview_renders_the_same_page_readers_will_see(client):
    article = make_article()
    client.force_login(make_editor())
    preview = client.get(reverse("articles:preview", args=[article.pk]))
    public = client.get(article.get_absolute_url())
    assert preview.status_code == public.status_code == 200
    assert preview.context["article"] == public.context["article"]
    assert article.body in preview.content.decode()
    assert preview.templates[0].name == public.templates[0].name
