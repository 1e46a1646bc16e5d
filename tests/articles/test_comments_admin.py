"""The moderation queue in the admin: access, actions, trash, query count."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Comment, ModerationWord
from tests.factories import (
    make_article,
    make_comment,
    make_editor,
    make_moderator,
    make_superuser,
    make_writer,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:articles_comment_changelist")


def login(client, user):
    client.force_login(user)
    return client


def act(client, action, comments):
    data = {"action": action, "_selected_action": [c.pk for c in comments]}
    return client.post(QUEUE, data)


def test_the_queue_shows_pending_first(client):
    article = make_article()
    approved = make_comment(article=article, status="approved")
    pending = make_comment(article=article)
    newest_spam = make_comment(article=article, status="spam")
    response = login(client, make_moderator()).get(QUEUE)
    assert response.status_code == 200
    shown = [c.pk for c in response.context["cl"].result_list]
    assert shown[0] == pending.pk
    assert set(shown) == {approved.pk, pending.pk, newest_spam.pk}


@pytest.mark.parametrize(
    "query",
    ["status__exact=pending", "flag__exact=links", "is_removed__exact=1", "q=نادر"],
)
def test_filters_and_search(client, query):
    article = make_article()
    make_comment(article=article, flag="links", is_removed=True, body="نادر جدا")
    make_comment(article=article, status="approved")
    response = login(client, make_moderator()).get(f"{QUEUE}?{query}")
    assert response.status_code == 200
    if query.startswith("status"):
        assert response.context["cl"].result_count == 1
    else:
        assert [c.body for c in response.context["cl"].result_list] == ["نادر جدا"]
    response = client.get(f"{QUEUE}?article__id__exact={article.pk}")
    assert response.status_code == 200
    # The month the comments were made in, not the month it is now: at local midnight
    # ending a month the two differ. One moment for both, so they cannot straddle it.
    moment = timezone.now()
    Comment.objects.update(created_at=moment)
    day = timezone.localtime(moment)
    response = client.get(
        f"{QUEUE}?created_at__year={day.year}&created_at__month={day.month}"
    )
    assert response.context["cl"].result_count == 2


@pytest.mark.parametrize("make_user", [make_moderator, make_editor])
def test_moderators_and_editors_approve_and_the_count_follows(client, make_user):
    article = make_article()
    user = make_user()
    comments = [make_comment(article=article) for _ in range(3)]
    response = act(login(client, user), "approve_selected", comments)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.comment_count == 3
    assert set(Comment.objects.values_list("moderated_by", flat=True)) == {user.pk}
    act(client, "trash_selected", comments[:1])
    act(client, "reject_selected", comments[1:2])
    article.refresh_from_db()
    assert article.comment_count == 1
    act(client, "restore_selected", comments[:1])
    act(client, "spam_selected", comments[2:])
    article.refresh_from_db()
    assert article.comment_count == 1
    assert Comment.objects.get(pk=comments[2].pk).status == "spam"


def test_the_action_message_uses_arabic_plurals(client):
    article = make_article()
    comments = [make_comment(article=article) for _ in range(2)]
    response = act(login(client, make_moderator()), "approve_selected", comments)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["تمت الموافقة: تعليقان."]


def test_writers_and_anonymous_visitors_cannot_moderate(client):
    article = make_article()
    comment = make_comment(article=article)
    assert client.get(QUEUE).status_code == 302  # to the login page
    login(client, make_writer())
    assert client.get(QUEUE).status_code == 403
    assert act(client, "approve_selected", [comment]).status_code == 403
    assert Comment.objects.get().status == "pending"


def test_moderators_cannot_edit_articles_or_delete_comments(client):
    moderator = make_moderator()
    article = make_article()
    comment = make_comment(article=article, is_removed=True)
    login(client, moderator)
    assert not moderator.has_perm("articles.change_article")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    models = [
        m["object_name"] for app in response.context["app_list"] for m in app["models"]
    ]
    assert "Article" not in models and "Comment" in models
    actions = client.get(QUEUE).context["action_form"].fields["action"].choices
    names = [name for name, _ in actions]
    assert "delete_selected" not in names and "empty_trash_selected" not in names
    act(client, "delete_selected", [comment])  # not an action of theirs: ignored
    url = reverse("admin:articles_comment_delete", args=[comment.pk])
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:articles_comment_add")).status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_only_a_superuser_empties_the_trash_and_only_trashed_comments(client):
    article = make_article()
    trashed = make_comment(article=article, status="approved", is_removed=True)
    kept = make_comment(article=article, status="approved")
    login(client, make_superuser())
    act(client, "empty_trash_selected", [trashed, kept])
    assert list(Comment.objects.all()) == [kept]
    article.refresh_from_db()
    assert article.comment_count == 1


def test_superuser_delete_selected_keeps_the_count_right(client):
    article = make_article()
    comments = [make_comment(article=article, status="approved") for _ in range(2)]
    from articles.services.comments import recount_comments

    recount_comments(article_ids=[article.pk])
    login(client, make_superuser())
    data = {
        "action": "delete_selected",
        "_selected_action": [comments[0].pk],
        "post": "yes",
    }
    response = client.post(QUEUE, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.comment_count == 1


def test_the_comment_page_is_read_only_and_escaped(client):
    article = make_article()
    comment = make_comment(article=article, body="<script>alert(1)</script>")
    login(client, make_moderator())
    url = reverse("admin:articles_comment_change", args=[comment.pk])
    html = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    client.post(url, {"body": "تغيير", "status": "approved"})
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("<script>alert(1)</script>", "pending")


def test_the_queue_runs_a_fixed_number_of_queries(client):
    login(client, make_moderator())
    first, second = make_article(), make_article()

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(QUEUE).status_code == 200
        return len(ctx.captured_queries)

    for n in range(10):
        make_comment(article=first if n % 2 else second)
    few = queries()
    Comment.objects.bulk_create(
        Comment(
            article=first if n % 2 else second,
            name=f"قارئ {n}",
            body=f"تعليق {n}",
            body_hash=f"bulk-{n}",
        )
        for n in range(1000)
    )
    assert Comment.objects.pending().count() == 1010
    assert queries() == few
    assert few <= 15


def test_moderators_manage_the_word_lists_and_writers_cannot(client):
    url = reverse("admin:articles_moderationword_add")
    login(client, make_writer())
    assert client.get(url).status_code == 403
    login(client, make_moderator())
    response = client.post(url, {"word": "كَلِمَة", "list": "block"})
    assert response.status_code == 302
    word = ModerationWord.objects.get()
    assert word.normalized == "كلمه"
    response = client.post(url, {"word": "كلمة", "list": "block"})
    assert response.status_code == 200
    assert "موجودة في القائمة نفسها" in response.content.decode()
    response = client.post(url, {"word": "ـــ", "list": "hold"})
    assert "تحتوي حروفًا" in response.content.decode()
    assert ModerationWord.objects.count() == 1


def test_admin_registration():
    assert site.is_registered(Comment) and site.is_registered(ModerationWord)


def test_the_read_only_comment_page_cannot_undo_a_decision(client, monkeypatch):
    from articles.admin.comments import CommentAdmin
    from articles.services import comments as services

    article = make_article()
    comment = make_comment(article=article)
    stale = Comment.objects.get(pk=comment.pk)  # the page was opened while pending
    services.approve_comments(comments=Comment.objects.filter(pk=comment.pk))
    monkeypatch.setattr(CommentAdmin, "get_object", lambda *args, **kwargs: stale)
    url = reverse("admin:articles_comment_change", args=[comment.pk])
    moderator = login(client, make_moderator())
    page = moderator.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    moderator.post(url, {"_save": "1"})
    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.status == "approved" and article.comment_count == 1
