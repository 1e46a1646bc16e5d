"""Comments through the API: the visible thread, the form token and submission."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from articles.models import Article, Comment
from articles.services.comments import approve_comments, read_form_token
from tests.factories import (
    comment_form_token,
    make_article,
    make_comment,
    make_moderator,
)

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)> &amp; "quotes"'


def post_comment(api, article_id, extra=None, **fields):
    body = {"name": "سارة", "body": "تقرير واضح، شكرًا.", "token": comment_form_token()}
    body.update(fields)
    return api.post(
        f"/api/v1/articles/{article_id}/comments",
        body,
        content_type="application/json",
        **(extra or {}),
    )


def errors_of(response) -> dict:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


# Reading ------------------------------------------------------------------------------


def test_list_shows_visible_comments_oldest_first_with_replies(api):
    article = make_article()
    first = make_comment(article=article, status="approved", email="a@example.com")
    reply = make_comment(article=article, status="approved", parent=first)
    make_comment(article=article, status="pending")
    make_comment(article=article, status="rejected")
    make_comment(article=article, status="spam")
    make_comment(article=article, status="approved", is_removed=True)
    hidden_parent = make_comment(article=article, status="pending")
    make_comment(article=article, status="approved", parent=hidden_parent)
    second = make_comment(article=article, status="approved")
    make_comment(article=make_article(), status="approved")  # another article's

    response = api.get(f"/api/v1/articles/{article.pk}/comments")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3 and (data["limit"], data["offset"]) == (20, 0)
    assert [(c["id"], c["parent"]) for c in data["items"]] == [
        (first.pk, None),
        (reply.pk, first.pk),
        (second.pk, None),
    ]
    assert set(data["items"][0]) == {"id", "parent", "name", "body", "created_at"}
    assert data["items"][0]["created_at"].endswith("+03:00")
    assert "a@example.com" not in response.content.decode()


def test_list_is_paginated_like_articles(api):
    article = make_article()
    made = [make_comment(article=article, status="approved") for _ in range(5)]

    page = api.get(f"/api/v1/articles/{article.pk}/comments?limit=2&offset=2").json()

    assert page["count"] == 5
    assert [c["id"] for c in page["items"]] == [made[2].pk, made[3].pk]
    for bad in ("0", "-1", "1000", "abc"):
        response = api.get(f"/api/v1/articles/{article.pk}/comments?limit={bad}")
        assert response.status_code == 422
        assert errors_of(response).keys() == {"limit"}


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.ARCHIVED},
        {"status": Article.Status.SCHEDULED},  # in the future, below
    ],
)
def test_comments_of_an_article_readers_cannot_see_are_404(api, fields):
    if fields["status"] == Article.Status.SCHEDULED:
        fields["published_at"] = timezone.now() + timedelta(hours=2)
    article = make_article(**fields)
    make_comment(article=article, status="approved")

    response = api.get(f"/api/v1/articles/{article.pk}/comments")

    assert response.status_code == 404
    assert response.json()["status"] == 404


@pytest.mark.parametrize("article_id", ["abc", "1.5", "0", "-3", "1 OR 1=1", "1;--"])
def test_bad_article_ids_are_422_naming_the_field(api, article_id):
    response = api.get(f"/api/v1/articles/{article_id}/comments")
    sent = post_comment(api, article_id)

    assert response.status_code == sent.status_code == 422
    assert errors_of(response).keys() == errors_of(sent).keys() == {"article_id"}
    assert not Comment.objects.exists()


def test_list_is_shareable_for_a_short_while(api):
    article = make_article()
    make_comment(article=article, status="approved")

    response = api.get(f"/api/v1/articles/{article.pk}/comments")
    again = api.get(
        f"/api/v1/articles/{article.pk}/comments",
        HTTP_IF_NONE_MATCH=response["ETag"],
    )

    assert "public" in response["Cache-Control"]
    assert "max-age=30" in response["Cache-Control"]
    assert again.status_code == 304


# The form token ----------------------------------------------------------------------


def test_comment_token_is_fresh_signed_and_never_cached(api):
    response = api.get("/api/v1/comment-token")

    assert response.status_code == 200
    data = response.json()
    assert "no-store" in response["Cache-Control"]
    assert 0 <= read_form_token(token=data["token"]) < 5
    assert data["min_seconds"] == 3 and data["max_age_seconds"] == 86400


# Submitting --------------------------------------------------------------------------


def test_a_comment_waits_for_review_and_is_not_shown(api):
    article = make_article()

    response = post_comment(api, article.pk, email="Sara@Example.com")

    assert response.status_code == 201
    assert response.json() == {
        "status": "pending",
        "detail": (
            "شكرًا لك. تعليقك بانتظار المراجعة، ولن يظهر قبل أن يوافق عليه فريق الإشراف."
        ),
    }
    assert "no-store" in response["Cache-Control"]
    comment = Comment.objects.get()
    assert (comment.status, comment.email, comment.article) == (
        "pending",
        "sara@example.com",
        article,
    )
    assert comment.visitor_id  # hashed client address: the flood rule can count it
    assert api.get(f"/api/v1/articles/{article.pk}/comments").json()["count"] == 0
    article.refresh_from_db()
    assert article.comment_count == 0


def test_an_approved_comment_is_listed_and_counted(
    api, django_capture_on_commit_callbacks
):
    article = make_article()
    post_comment(api, article.pk, body="أول تعليق")

    with django_capture_on_commit_callbacks(execute=True):
        approve_comments(comments=Comment.objects.all())

    items = api.get(f"/api/v1/articles/{article.pk}/comments").json()["items"]
    assert [c["body"] for c in items] == ["أول تعليق"]
    assert api.get(f"/api/v1/articles/{article.pk}").json()["counts"]["comments"] == 1


def test_moderators_are_told_about_an_app_comment(
    api, django_capture_on_commit_callbacks
):
    article = make_article()
    make_moderator("mod")

    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(api, article.pk)

    assert response.status_code == 201
    assert len(mail.outbox) == 1
    assert "mod@example.com" in mail.outbox[0].recipients()


def test_reply_goes_under_a_visible_comment(api):
    article = make_article()
    parent = make_comment(article=article, status="approved")
    pending = make_comment(article=article, status="pending")

    ok = post_comment(api, article.pk, parent=parent.pk)
    hidden = post_comment(api, article.pk, parent=pending.pk, body="ردّ آخر")
    elsewhere = make_comment(article=make_article(), status="approved")
    foreign = post_comment(api, article.pk, parent=elsewhere.pk, body="ردّ ثالث")

    assert ok.status_code == 201
    assert Comment.objects.get(parent=parent).status == "pending"
    assert hidden.status_code == foreign.status_code == 422
    assert errors_of(hidden) == {"parent": "التعليق الذي تردّ عليه غير موجود."}
    assert Comment.objects.count() == 4  # the three made here plus the one reply


def test_xss_is_stored_as_text_and_returned_as_plain_text(
    api, django_capture_on_commit_callbacks
):
    article = make_article()

    response = post_comment(api, article.pk, name="<b>x</b>", body=XSS)
    with django_capture_on_commit_callbacks(execute=True):
        approve_comments(comments=Comment.objects.all())

    assert response.status_code == 201
    assert Comment.objects.get().body == XSS  # kept as typed; never turned into HTML
    item = api.get(f"/api/v1/articles/{article.pk}/comments").json()["items"][0]
    assert item["body"] == XSS and item["name"] == "<b>x</b>"
    page = api.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "   \n\t  "}, "body"),
        ({"body": "\u200b\u200f\u202e"}, "body"),  # only invisible characters
        ({"body": "ب" * 5001}, "body"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "س" * 81}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"parent": "abc"}, "parent"),
        ({"parent": 0}, "parent"),
        ({"token": "forged"}, "token"),
        ({"token": 0}, "token"),  # just handed out: faster than a person types
        ({"token": 90000}, "token"),  # expired
    ],
)
def test_bad_input_is_422_naming_the_field_and_stores_nothing(api, fields, field):
    article = make_article()
    if isinstance(fields.get("token"), int):
        fields = {"token": comment_form_token(age_seconds=fields["token"])}

    response = post_comment(api, article.pk, **fields)

    assert response.status_code == 422
    errors = errors_of(response)
    assert field in errors and errors[field]
    assert not Comment.objects.exists()


@pytest.mark.parametrize("missing", ["name", "body", "token"])
def test_missing_fields_are_named(api, missing):
    article = make_article()
    body = {"name": "سارة", "body": "نص", "token": comment_form_token()}
    del body[missing]

    response = api.post(
        f"/api/v1/articles/{article.pk}/comments", body, content_type="application/json"
    )

    assert response.status_code == 422
    assert errors_of(response) == {missing: "هذا الحقل مطلوب."}


def test_lone_surrogates_are_dropped_not_a_server_error(api):
    article = make_article()

    only = post_comment(api, article.pk, body="\ud800")
    assert only.status_code == 422 and "body" in errors_of(only)
    mixed = post_comment(api, article.pk, name="\udfffسارة", body="\ud800تعليق واضح")

    assert mixed.status_code == 201
    comment = Comment.objects.get()
    assert (comment.name, comment.body) == ("سارة", "تعليق واضح")


def test_honeypot_is_refused(api):
    article = make_article()

    response = post_comment(api, article.pk, website="http://spam.example")

    assert response.status_code == 400
    assert response.json()["detail"] == "تعذّر قبول التعليق."
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ("{not json", 400, "جسم الطلب ليس JSON صالحاً."),
        # A missing body is named as the request, not as a parameter.
        (b"", 422, "يجب أن يحمل الطلب كائن JSON."),
    ],
    ids=["malformed-json-is-400", "missing-body-is-422"],
)
def test_a_body_that_is_no_json_object_is_refused(api, body, status, message):
    article = make_article()

    response = api.post(
        f"/api/v1/articles/{article.pk}/comments", body, content_type="application/json"
    )

    assert response.status_code == status
    assert response.json()["errors"] == [{"field": "request", "message": message}]
    assert not Comment.objects.exists()


def test_duplicate_is_409(api):
    article = make_article()
    post_comment(api, article.pk, body="نص مكرر")

    again = post_comment(api, article.pk, body="نصّ  مكرر")  # same once normalised

    assert again.status_code == 409
    assert "من قبل" in again.json()["detail"]
    assert Comment.objects.count() == 1


def test_closed_article_is_403(api, settings):
    closed = make_article(is_open_for_comments=False)
    settings.COMMENTS_CLOSE_AFTER_DAYS = 3
    old = make_article(published_at=timezone.now() - timedelta(days=4))

    assert post_comment(api, closed.pk).status_code == 403
    response = post_comment(api, old.pk, body="تعليق متأخر")
    assert response.status_code == 403
    assert response.json()["detail"] == "التعليقات مغلقة على هذا المقال."
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.ARCHIVED},
    ],
)
def test_unpublished_article_is_404_with_nothing_stored(api, fields):
    article = make_article(**fields)

    response = post_comment(api, article.pk)
    unknown = post_comment(api, 987654, body="آخر")

    assert response.status_code == unknown.status_code == 404
    assert not Comment.objects.exists()


def test_flood_from_one_visitor_is_429(api, settings):
    settings.COMMENTS_FLOOD_LIMIT = 2
    article = make_article()

    answers = [post_comment(api, article.pk, body=f"تعليق {n}") for n in range(3)]

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2]["Retry-After"] == str(settings.COMMENTS_FLOOD_WINDOW_SECONDS)
    assert "كثيرة" in answers[2].json()["detail"]
    assert Comment.objects.count() == 2


def test_request_rate_per_address_is_429_before_any_work(api, settings):
    settings.API_COMMENT_RATE = 2
    article = make_article()

    answers = [post_comment(api, article.pk, body="") for _ in range(3)]

    assert [a.status_code for a in answers] == [422, 422, 429]
    assert answers[2]["Retry-After"] == "60"  # the limit is per minute
    other = post_comment(api, article.pk, extra={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 201  # another address has its own budget


def test_body_over_64_kb_is_413(api):
    article = make_article()

    response = post_comment(api, article.pk, body="ب" * 70_000)

    assert response.status_code == 413
    assert not Comment.objects.exists()


def test_no_csrf_token_is_needed_and_no_cookie_is_set(api):
    article = make_article()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"/api/v1/articles/{article.pk}/comments",
        {"name": "سارة", "body": "من تطبيق", "token": comment_form_token()},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert not response.cookies


def test_other_sites_pages_cannot_post(api, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://m.example.com"]
    article = make_article()

    foreign = post_comment(api, article.pk, {"HTTP_ORIGIN": "https://evil.example"})
    fetch = post_comment(api, article.pk, {"HTTP_SEC_FETCH_SITE": "cross-site"})
    ours = post_comment(api, article.pk, {"HTTP_ORIGIN": "https://m.example.com"})

    assert foreign.status_code == fetch.status_code == 403
    assert "مواقع أخرى" in foreign.json()["detail"]
    assert ours.status_code == 201
    assert Comment.objects.count() == 1
