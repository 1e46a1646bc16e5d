"""Moderation services: who and when, counts in the same transaction, notifications."""

import pytest
from django.core import mail

from articles.models import Comment
from articles.services import comments as services
from tests.factories import make_article, make_comment, make_moderator

pytestmark = pytest.mark.django_db

APPROVED, PENDING = Comment.Status.APPROVED, Comment.Status.PENDING


def count(article):
    article.refresh_from_db()
    return article.comment_count


def qs(*comments):
    return Comment.objects.filter(pk__in=[c.pk for c in comments])


def test_each_action_records_who_and_when_and_moves_the_count():
    article = make_article()
    moderator = make_moderator()
    a, b = make_comment(article=article), make_comment(article=article)
    assert services.approve_comments(comments=qs(a, b), by=moderator) == 2
    a.refresh_from_db()
    assert (a.status, a.moderated_by, a.moderated_at is not None) == (
        APPROVED,
        moderator,
        True,
    )
    assert count(article) == 2
    assert services.approve_comments(comments=qs(a, b), by=moderator) == 0
    assert services.trash_comments(comments=qs(a), by=moderator) == 1
    assert count(article) == 1
    assert services.restore_comments(comments=qs(a), by=moderator) == 1
    assert count(article) == 2
    assert services.reject_comments(comments=qs(a), by=moderator) == 1
    assert count(article) == 1
    assert services.mark_spam(comments=qs(b), by=moderator) == 1
    assert count(article) == 0
    b.refresh_from_db()
    assert (b.status, b.moderated_by) == (Comment.Status.SPAM, moderator)


def test_trash_keeps_the_status_and_restore_brings_it_back():
    article = make_article()
    c = make_comment(article=article, status=APPROVED)
    services.recount_comments(article_ids=[article.pk])
    services.trash_comments(comments=qs(c))
    c.refresh_from_db()
    assert (c.status, c.is_removed) == (APPROVED, True)
    assert count(article) == 0
    services.restore_comments(comments=qs(c))
    assert count(article) == 1


def test_replies_under_a_hidden_comment_are_not_counted():
    article = make_article()
    top = make_comment(article=article)
    reply = make_comment(article=article, parent=top)
    services.approve_comments(comments=qs(top, reply))
    assert count(article) == 2
    services.reject_comments(comments=qs(top))
    assert count(article) == 0
    assert list(Comment.objects.visible()) == []
    services.approve_comments(comments=qs(top))
    assert count(article) == 2


def test_actions_across_articles_recount_each_article():
    one, two = make_article(), make_article()
    c1, c2, c3 = (
        make_comment(article=one),
        make_comment(article=two),
        make_comment(article=two),
    )
    services.approve_comments(comments=qs(c1, c2, c3))
    assert (count(one), count(two)) == (1, 2)


def test_a_wrong_stored_count_is_repaired_by_the_next_action():
    article = make_article(comment_count=42)
    c = make_comment(article=article)
    services.approve_comments(comments=qs(c))
    assert count(article) == 1


def test_superuser_delete_recounts():
    article = make_article()
    top = make_comment(article=article, status=APPROVED)
    make_comment(article=article, parent=top, status=APPROVED)
    services.recount_comments(article_ids=[article.pk])
    assert count(article) == 2
    assert services.delete_comments(comments=qs(top)) == 2  # the reply goes with it
    assert count(article) == 0


def test_the_author_is_told_once_when_approved(django_capture_on_commit_callbacks):
    article = make_article()
    with_mail = make_comment(article=article, email="reader@example.com")
    without_mail = make_comment(article=article)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_comments(comments=qs(with_mail, without_mail))
    assert [m.to for m in mail.outbox] == [["reader@example.com"]]
    assert "نُشر تعليقك" in mail.outbox[0].subject
    assert f"#comment-{with_mail.pk}" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_comments(comments=qs(with_mail))
        services.approve_comments(comments=qs(with_mail))
    assert len(mail.outbox) == 1


def test_a_mail_outage_does_not_undo_the_decision(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.articles.test_comments_moderation.BrokenBackend"
    article = make_article()
    c = make_comment(article=article, email="reader@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.approve_comments(comments=qs(c)) == 1
    c.refresh_from_db()
    assert (c.status, c.author_notified_at) == (APPROVED, None)


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_moderators_without_email_are_skipped():
    article = make_article()
    moderator = make_moderator()
    moderator.email = ""
    moderator.save()
    assert services.notify_moderators(comment=make_comment(article=article)) == 0
