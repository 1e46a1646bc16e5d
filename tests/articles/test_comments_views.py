"""The comment endpoints and the comments on the article page, through HTTP."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Comment
from articles.services import comments as services
from tests.factories import comment_form_token, make_article, make_comment

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}
XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">اضغط</a>',
]


@pytest.fixture
def article():
    return make_article()


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def form(**values):
    data = {"name": "سلمى", "email": "", "body": "تعليق حسن", "website": ""}
    data["started"] = comment_form_token()
    data.update(values)
    return data


def post(client, article, headers=JSON, **values):
    url = reverse("articles:comment-create", args=[article.pk])
    return client.post(url, form(**values), headers=headers)


def token(client):
    response = client.get(reverse("articles:comment-token"), headers=JSON)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.json()


def test_the_token_endpoint_gives_a_csrf_token_cookie_and_start_time(csrf_client):
    data = token(csrf_client)
    assert data["csrf_token"] and "csrftoken" in csrf_client.cookies
    assert services.read_form_token(token=data["started"]) is not None


def test_a_reader_posts_with_the_fetched_token_and_is_told_it_awaits_review(
    csrf_client, article, settings
):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    data = token(csrf_client)
    response = post(
        csrf_client,
        article,
        headers={**JSON, "X-CSRFToken": data["csrf_token"]},
        started=data["started"],
    )
    assert response.status_code == 201
    assert "بانتظار المراجعة" in response.json()["message"]
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_without_javascript_the_answer_is_an_arabic_page(client, article):
    response = post(client, article, headers={})
    assert response.status_code == 201
    assert "articles/comment_pending.html" in [t.name for t in response.templates]
    assert "تعليقك بانتظار المراجعة" in response.content.decode()
    response = post(client, article, headers={}, body="")
    assert response.status_code == 400
    assert "اكتب تعليقك" in response.content.decode()


@pytest.mark.parametrize("headers", [JSON, {}])
def test_missing_csrf_is_a_clear_arabic_403_and_nothing_is_stored(
    csrf_client, article, headers
):
    response = post(csrf_client, article, headers=headers)
    assert response.status_code == 403
    text = response.json()["message"] if headers else response.content.decode()
    assert "رمز الحماية" in text or "تعذّر التحقق من أن الطلب صادر عن هذا الموقع" in text
    csrf_client.get(reverse("articles:comment-token"))  # cookie but no token
    assert post(csrf_client, article, headers=headers).status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("values", "status", "message"),
    [
        ({"website": "x"}, 400, "تعذّر قبول التعليق"),
        ({"started": ""}, 400, "أعد تحميل الصفحة"),
        ({"started": "forged"}, 400, "أعد تحميل الصفحة"),
        ({"body": "   "}, 400, "اكتب تعليقك"),
        ({"name": "ن" * 81}, 400, "الاسم أطول"),
        ({"body": "ب" * 1_000_000}, 400, "التعليق أطول"),
        ({"parent": "999"}, 400, "تردّ عليه"),
        ({"parent": "9" * 40}, 400, "تردّ عليه"),
        ({"parent": "١٢"}, 400, "تردّ عليه"),
    ],
)
def test_bad_input_gets_an_arabic_message_and_stores_nothing(
    client, article, values, status, message
):
    response = post(client, article, **values)
    assert response.status_code == status
    assert message in response.json()["message"]
    assert not Comment.objects.exists()


def test_duplicate_is_409_and_flood_is_429_with_retry_after(client, article, settings):
    settings.COMMENTS_FLOOD_LIMIT = 2
    assert post(client, article, body="أول").status_code == 201
    response = post(client, article, body="أول")
    assert response.status_code == 409 and "من قبل" in response.json()["message"]
    assert post(client, article, body="ثان").status_code == 201
    response = post(client, article, body="ثالث")
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.COMMENTS_FLOOD_WINDOW_SECONDS)
    assert Comment.objects.count() == 2


def test_the_visitor_is_a_keyed_hash_of_the_address(client, article, settings):
    client.post(
        reverse("articles:comment-create", args=[article.pk]),
        form(),
        REMOTE_ADDR="203.0.113.9",
    )
    visitor = Comment.objects.get().visitor_id
    assert "203.0.113.9" not in visitor and len(visitor) == 64
    assert visitor == services.visitor_id_for(address="203.0.113.9")


def test_unknown_draft_and_closed_articles(client):
    draft = make_article(status="draft", published_at=None)
    closed = make_article(is_open_for_comments=False)
    for missing in (999999, 0, 10**30):
        url = reverse("articles:comment-create", args=[missing])
        assert client.post(url, form(), headers=JSON).status_code == 404
    assert post(client, draft).status_code == 404
    response = post(client, closed)
    assert response.status_code == 403
    assert response.json()["message"] == "التعليقات مغلقة على هذا المقال."
    assert not Comment.objects.exists()


def test_ten_thousand_fields_are_a_400_not_a_500(client, csrf_client, article):
    data = {f"f{i}": "x" for i in range(10_000)}
    url = reverse("articles:comment-create", args=[article.pk])
    response = client.post(url, data, headers=JSON)
    assert response.status_code == 400
    assert "حقول كثيرة" in response.json()["message"]
    csrf_client.get(reverse("articles:comment-token"))
    response = csrf_client.post(url, data)  # the CSRF check reads the form first
    assert response.status_code == 400
    assert "طلب غير صالح" in response.content.decode()
    assert not Comment.objects.exists()


def test_get_on_the_post_url_is_405(client, article):
    url = reverse("articles:comment-create", args=[article.pk])
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("payload", XSS)
def test_xss_in_every_field_is_shown_as_text(client, article, payload):
    response = post(client, article, name=payload[:80], body=f"{payload} نص")
    assert response.status_code == 201
    services.approve_comments(comments=Comment.objects.all())
    page = client.get(article.get_absolute_url()).content.decode()
    section = page[page.index('id="comments"') :]
    assert "<script>alert" not in section
    assert "<img src=x" not in section
    assert 'href="javascript' not in section
    assert "&lt;" in section or "javascript:alert(1)" in section


def test_xss_in_the_email_field_is_refused(client, article):
    for payload in XSS:
        response = post(client, article, email=payload)
        assert response.status_code == 400
        assert "البريد" in response.json()["message"]
    assert not Comment.objects.exists()


def test_the_page_shows_approved_comments_oldest_first_with_replies(client, article):
    first = make_comment(article=article, status="approved", name="الأول")
    second = make_comment(article=article, status="approved", name="الثاني")
    make_comment(article=article, parent=first, status="approved", name="المجيب")
    make_comment(article=article, name="بانتظار", status="pending")
    make_comment(article=article, name="محذوف", status="approved", is_removed=True)
    services.recount_comments(article_ids=[article.pk])
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("الأول") < html.index("المجيب") < html.index("الثاني")
    assert "بانتظار</bdi>" not in html and "محذوف" not in html
    reply_block = html[html.index(f'id="comment-{first.pk}"') : html.index("الثاني")]
    assert 'class="comment-replies"' in reply_block
    assert f'id="comment-{second.pk}"' in html
    assert '<bdi class="comment-author">الأول</bdi>' in html
    assert 'class="comment-body" dir="rtl"' in html and "<time datetime=" in html
    assert "3 تعليقات" in html


def test_links_in_comments_are_not_clickable(client, article):
    make_comment(article=article, status="approved", body="زوروا https://spam.example")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "https://spam.example" in html
    assert 'href="https://spam.example' not in html


def test_open_articles_show_a_form_without_any_per_visitor_token(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="comment-form"' in html
    assert "csrfmiddlewaretoken" not in html  # the token travels in a header
    assert 'name="started"' in html and "js/comments.js" in html
    assert "onclick" not in html and "onsubmit" not in html
    again = Client().get(article.get_absolute_url()).content.decode()
    form_html = html[html.index('<form class="comment-form"') :]
    assert form_html[: form_html.index("</form>")] in again


def test_closed_articles_show_a_note_instead_of_the_form(client, settings):
    closed = make_article(is_open_for_comments=False)
    html = client.get(closed.get_absolute_url()).content.decode()
    assert "التعليقات مغلقة على هذا المقال." in html
    assert 'class="comment-form"' not in html and "comment-reply" not in html
    settings.COMMENTS_CLOSE_AFTER_DAYS = 1
    old = make_article()  # published hours ago, not days
    old.published_at = old.published_at.replace(year=2020)
    old.save()
    assert "التعليقات مغلقة" in client.get(old.get_absolute_url()).content.decode()


def test_mixed_direction_names_are_isolated(client, article):
    make_comment(article=article, status="approved", name="John محمد", body="abc ثم نص")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<bdi class="comment-author">John محمد</bdi>' in html
