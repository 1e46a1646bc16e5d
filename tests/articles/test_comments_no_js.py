"""Commenting without JavaScript: a form page of its own, never cached, that keeps what
the reader wrote when a comment is refused."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Comment
from articles.services import comments as services
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(headline="خبر للتعليق")


@pytest.fixture
def reader():
    return Client(enforce_csrf_checks=True)


def _page(client, article):
    return client.get(reverse("articles:comment-page", args=[article.pk]))


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html)[1]


def test_the_article_page_points_readers_without_javascript_to_the_form_page(
    client, article
):
    html = client.get(article.get_absolute_url()).content.decode()
    url = reverse("articles:comment-page", args=[article.pk])
    noscript = re.search(
        r"<noscript><p class=\"comment-status\">(.*?)</noscript>", html
    )
    assert url in noscript[1]


def test_the_form_page_carries_its_own_tokens_and_is_never_shared(reader, article):
    response = _page(reader, article)
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "X-Page-Cache" not in response
    assert _hidden(html, "csrfmiddlewaretoken")
    assert services.read_form_token(token=_hidden(html, "started")) is not None
    assert "خبر للتعليق" in html and 'content="noindex"' in html


def test_a_reader_without_javascript_comments_end_to_end(reader, article, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    html = _page(reader, article).content.decode()
    response = reader.post(
        reverse("articles:comment-create", args=[article.pk]),
        {
            "csrfmiddlewaretoken": _hidden(html, "csrfmiddlewaretoken"),
            "started": _hidden(html, "started"),
            "name": "قارئ بلا سكربت",
            "email": "",
            "body": "تعليق من صفحة النموذج",
            "website": "",
        },
    )
    assert response.status_code == 201
    assert "تعليقك بانتظار المراجعة" in response.content.decode()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.name == "قارئ بلا سكربت"


def test_a_refused_comment_comes_back_with_what_was_written(reader, article, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    html = _page(reader, article).content.decode()
    started = _hidden(html, "started")
    response = reader.post(
        reverse("articles:comment-create", args=[article.pk]),
        {
            "csrfmiddlewaretoken": _hidden(html, "csrfmiddlewaretoken"),
            "started": started,
            "name": "سلمى <b>",
            "body": "",
            "website": "",
        },
    )
    again = response.content.decode()
    assert response.status_code == 400
    assert "no-store" in response["Cache-Control"]
    assert "اكتب تعليقك" in again and 'role="alert"' in again
    assert 'value="سلمى &lt;b&gt;"' in again  # kept, and escaped
    assert _hidden(again, "started") == started  # the time already spent still counts
    assert Comment.objects.count() == 0


def test_a_post_without_a_token_comes_back_with_what_was_written(reader, article):
    # The article page's inline form, sent with JavaScript off: the shared page has
    # no token, so the comment page answers with the text kept and a token to resend.
    response = reader.post(
        reverse("articles:comment-create", args=[article.pk]),
        {"name": "سلمى", "body": "نص كتبته بلا جافاسكربت"},
        HTTP_ORIGIN="http://testserver",  # what a browser sends with our own form
    )
    html = response.content.decode()
    assert response.status_code == 403 and "no-store" in response["Cache-Control"]
    assert "لم يُرسَل تعليقك بعد" in html and "نص كتبته بلا جافاسكربت" in html
    assert 'name="csrfmiddlewaretoken"' in html and 'value="سلمى"' in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://forger.example"},
        {"HTTP_REFERER": "https://forger.example/page"},
        {},  # nothing says where it came from
    ],
)
def test_a_forged_post_from_another_site_comes_back_as_an_empty_form(
    reader, article, headers
):
    response = reader.post(
        reverse("articles:comment-create", args=[article.pk]),
        {"name": "اسم مزوّر", "body": "كلام دسّه موقع آخر"},
        **headers,
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "كلام دسّه موقع آخر" not in html and "اسم مزوّر" not in html
    assert 'name="csrfmiddlewaretoken"' in html  # the reader may still write their own
    assert not Comment.objects.exists()


def test_drafts_are_404_and_closed_articles_say_so(client, settings):
    draft = make_article(status="draft", published_at=None)
    assert _page(client, draft).status_code == 404
    assert client.get("/comments/999999/write/").status_code == 404
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = make_article(published_at=timezone.now() - timedelta(days=60))
    response = _page(client, old)
    assert response.status_code == 403
    html = response.content.decode()
    assert "التعليقات مغلقة" in html and '<form class="comment-form"' not in html


def test_posting_to_the_form_page_address_is_405(client, article):
    url = reverse("articles:comment-page", args=[article.pk])
    assert client.post(url, {"name": "x"}).status_code == 405


def test_a_reader_without_javascript_replies_from_the_form_page(
    reader, article, settings
):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    first = make_comment(article=article, status="approved", name="هند")
    html = reader.get(article.get_absolute_url()).content.decode()
    reply_url = reverse("articles:comment-page", args=[article.pk])
    assert f'{reply_url}?parent={first.pk}"' in html  # the <noscript> reply link
    page = reader.get(reply_url, {"parent": first.pk}).content.decode()
    assert "ردًّا على" in page and "هند" in page
    assert _hidden(page, "parent") == str(first.pk)
    response = reader.post(
        reverse("articles:comment-create", args=[article.pk]),
        {
            "csrfmiddlewaretoken": _hidden(page, "csrfmiddlewaretoken"),
            "started": _hidden(page, "started"),
            "parent": _hidden(page, "parent"),
            "name": "سامر",
            "body": "رد من دون سكربت",
        },
    )
    assert response.status_code == 201
    assert Comment.objects.get(name="سامر").parent == first


@pytest.mark.parametrize("parent", ["abc", "0", "-1", "99999999999999999999", "other"])
def test_a_reply_link_to_nothing_valid_gives_the_plain_form(reader, article, parent):
    if parent == "other":
        parent = str(make_comment(article=make_article(), status="approved").pk)
    response = reader.get(
        reverse("articles:comment-page", args=[article.pk]), {"parent": parent}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ردًّا على" not in html and 'name="parent"' not in html
