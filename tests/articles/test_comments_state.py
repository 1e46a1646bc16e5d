"""A state machine: after any sequence of moderation actions, the shown count is right."""

import itertools

import pytest
from django.template.loader import render_to_string
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from articles.models import Comment
from articles.services import comments as services
from articles.templatetags.comments_tags import comment_count_label
from tests.factories import make_article

pytestmark = pytest.mark.django_db

_seq = itertools.count()

ACTIONS = {
    "approve": (services.approve_comments, {"status": "approved"}),
    "reject": (services.reject_comments, {"status": "rejected"}),
    "spam": (services.mark_spam, {"status": "spam"}),
    "trash": (services.trash_comments, {"removed": True}),
    "restore": (services.restore_comments, {"removed": False}),
}


class CommentModeration(RuleBasedStateMachine):
    """Readers add comments and replies; moderators act on any subset, in any order."""

    def __init__(self):
        super().__init__()
        self.articles = [make_article(), make_article()]
        self.model: dict[int, dict] = {}  # pk -> what we expect of the row

    def _visible(self, pk) -> bool:
        row = self.model[pk]
        own = row["status"] == "approved" and not row["removed"]
        return own and (row["parent"] is None or self._visible(row["parent"]))

    @rule(on_second=st.booleans(), reply_to=st.integers(0, 40) | st.none())
    def add_comment(self, on_second, reply_to):
        article = self.articles[on_second]
        tops = [
            pk
            for pk, row in self.model.items()
            if row["article"] == article.pk and row["parent"] is None
        ]
        parent = tops[reply_to % len(tops)] if tops and reply_to is not None else None
        n = next(_seq)
        comment = Comment.objects.create(
            article=article,
            parent_id=parent,
            name=f"قارئ {n}",
            body=f"تعليق {n}",
            body_hash=f"state-{n}",
        )
        self.model[comment.pk] = {
            "article": article.pk,
            "parent": parent,
            "status": "pending",
            "removed": False,
        }

    @precondition(lambda self: self.model)
    @rule(
        action=st.sampled_from(sorted(ACTIONS)),
        picks=st.sets(st.integers(0, 40), min_size=1, max_size=6),
    )
    def moderate(self, action, picks):
        pks = sorted(self.model)
        chosen = {pks[i % len(pks)] for i in picks}
        service, change = ACTIONS[action]
        service(comments=Comment.objects.filter(pk__in=chosen))
        for pk in chosen:
            self.model[pk].update(change)

    @precondition(lambda self: any(row["removed"] for row in self.model.values()))
    @rule(pick=st.integers(0, 40))
    def empty_trash(self, pick):
        trashed = sorted(pk for pk, row in self.model.items() if row["removed"])
        doomed = trashed[pick % len(trashed)]
        services.delete_comments(comments=Comment.objects.filter(pk=doomed))
        for pk in [pk for pk, row in self.model.items() if row["parent"] == doomed]:
            del self.model[pk]
        del self.model[doomed]

    @invariant()
    def shown_count_equals_visible_comments(self):
        for article in self.articles:
            article.refresh_from_db()
            expected = sum(
                1
                for pk, row in self.model.items()
                if row["article"] == article.pk and self._visible(pk)
            )
            visible = article.comments.visible().order_by("created_at", "pk")
            assert visible.count() == expected
            assert article.comment_count == expected
            html = render_to_string(
                "includes/_comments.html", {"article": article, "comments": visible}
            )
            assert html.count('<article class="comment') == expected
            assert f"({comment_count_label(expected)})" in html


def test_shown_count_equals_approved_visible_comments_after_any_actions():
    run_state_machine_as_test(
        CommentModeration,
        settings=settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
