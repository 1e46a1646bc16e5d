"""Two moderators acting on one article at the same moment (PostgreSQL only).

Both moderators are made to start while a third transaction holds the article row, so
both are genuinely in flight together when it lets go. A naive recount (no article lock)
loses one moderator's change under exactly this schedule; ours must not.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from articles.models import Article, Comment
from articles.services import comments as services
from tests.factories import make_article, make_comment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(target, **kwargs):
    errors = []

    def run():
        try:
            target(**kwargs)
        except Exception as exc:  # surfaced by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def _wait_for_lock_waiters(count: int, timeout: float = 15) -> None:
    """Poll from a fresh connection (pg_stat_activity is frozen inside a transaction)."""
    seen = []

    def poll():
        deadline = time.monotonic() + timeout
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                seen.append(cursor.fetchone()[0])
                if seen[-1] >= count:
                    return
                time.sleep(0.05)

    thread, errors = _in_thread(poll)
    thread.join()
    assert not errors and seen and seen[-1] >= count, f"waiters seen: {seen[-5:]}"


def _race(article, first, second):
    """Run two moderation calls so that both wait on the article, then release them."""
    with transaction.atomic():
        Article.objects.select_for_update().get(pk=article.pk)
        threads = [_in_thread(fn, **kwargs) for fn, kwargs in (first, second)]
        _wait_for_lock_waiters(2)
    for thread, errors in threads:
        thread.join(timeout=30)
        assert not errors, errors


def _naive_approve(*, comments):
    """What the lock prevents: change, then recount, without locking the article first."""
    with transaction.atomic():
        ids = list(comments.values_list("pk", flat=True))
        Comment.objects.filter(pk__in=ids).update(
            status=Comment.Status.APPROVED, moderated_at=timezone.now()
        )
        services.recount_comments(article_ids=[comments.first().article_id])


def _setup(n=40):
    article = make_article()
    ids = [make_comment(article=article).pk for _ in range(n)]
    return article, ids


def test_two_moderators_approving_at_once_both_count():
    article, ids = _setup()
    _race(
        article,
        (
            services.approve_comments,
            {"comments": Comment.objects.filter(pk__in=ids[:20])},
        ),
        (
            services.approve_comments,
            {"comments": Comment.objects.filter(pk__in=ids[20:])},
        ),
    )
    article.refresh_from_db()
    assert article.comment_count == 40 == Comment.objects.visible().count()


def test_approve_and_trash_at_once_leave_the_count_equal_to_visible_comments():
    article, ids = _setup()
    _race(
        article,
        (services.approve_comments, {"comments": Comment.objects.filter(pk__in=ids)}),
        (
            services.trash_comments,
            {"comments": Comment.objects.filter(pk__in=ids[:10])},
        ),
    )
    article.refresh_from_db()
    assert article.comment_count == Comment.objects.visible().count() == 30


def test_the_harness_catches_a_recount_without_the_article_lock():
    article, ids = _setup()
    _race(
        article,
        (_naive_approve, {"comments": Comment.objects.filter(pk__in=ids[:20])}),
        (_naive_approve, {"comments": Comment.objects.filter(pk__in=ids[20:])}),
    )
    article.refresh_from_db()
    assert Comment.objects.visible().count() == 40
    assert article.comment_count == 20  # one moderator's change was lost


def test_parallel_posts_from_one_visitor_stop_at_the_flood_limit(settings):
    settings.COMMENTS_FLOOD_LIMIT = 3
    article = make_article()
    start = threading.Barrier(8)
    outcomes = []

    def post(index):
        start.wait()
        try:
            services.submit_comment(
                article_id=article.pk,
                name="زائر",
                body=f"تعليق رقم {index}",
                visitor_id="one-visitor",
                check_timing=False,
            )
            outcomes.append("stored")
        except services.CommentRefused as refusal:
            outcomes.append(refusal.status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=str) == sorted(["stored"] * 3 + [429] * 5, key=str)
    assert Comment.objects.filter(visitor_id="one-visitor").count() == 3
