"""The reference article reads the same through the API as on its page."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.demo import reference_article as ref
from articles.models import Article, Comment
from articles.services.comments import approve_comments
from articles.services.engagement import roll_up_counts
from articles.templatetags.articles_tags import counter
from tests.factories import comment_form_token

pytestmark = pytest.mark.django_db


def text_of(html: str) -> list[str]:
    return unescape(re.sub(r"<[^>]+>", " ", html)).split()


def page_part(html: str, css_class: str, tag: str = r"\w+") -> str:
    match = re.search(
        rf'<({tag}) class="{css_class}"[^>]*>(.*?)</\1>', html, flags=re.DOTALL
    )
    assert match, css_class
    return match.group(2)


def test_reference_article_matches_its_page(api):
    call_command("load_demo")
    article = Article.objects.get(headline=ref.HEADLINE)

    listed = api.get("/api/v1/articles").json()["items"]
    data = api.get(f"/api/v1/articles/{article.pk}").json()
    # The page is fetched through the API's canonical URL: it must be the article page.
    assert data["url"].startswith(f"{settings.SITE_URL}/news/")
    page = api.get(data["url"].removeprefix(settings.SITE_URL))
    html = page.content.decode()

    assert page.status_code == 200
    assert article.pk in [item["id"] for item in listed]
    # Headline
    assert (
        unescape(re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1)) == data["headline"]
    )
    assert data["headline"] == ref.HEADLINE
    # Body text, word for word (the page adds only the dateline before it)
    page_body = text_of(page_part(html, "article-body", "div"))
    assert page_body[0] == f"{data['dateline']}-"
    assert page_body[1:] == text_of(data["body_html"])
    assert text_of(data["body_html"]) == " ".join(ref.PARAGRAPHS).split()
    # Source
    source_line = unescape(
        re.sub(r"<[^>]+>", "", page_part(html, "article-source", "p"))
    )
    assert data["source"]["name"] == ref.SOURCE_NAME
    assert source_line.startswith(data["source"]["name"])
    day = data["source"]["original_published_at"]  # 2017-11-15
    assert day.replace("-", "/") in source_line
    # Counts
    for key in ("views", "comments", "shares"):
        shown = re.search(rf'class="counter counter--{key}">(\d+)', html).group(1)
        assert int(shown) == data["counts"][key]
    assert data["counts"] == {
        "views": ref.VIEWS,
        "comments": ref.COMMENTS,
        "shares": ref.SHARES,
    }


def test_reference_article_engagement_through_the_api_shows_on_its_page(
    api, django_capture_on_commit_callbacks
):
    call_command("load_demo")
    article = Article.objects.get(headline=ref.HEADLINE)
    base = f"/api/v1/articles/{article.pk}"
    token = api.get("/api/v1/comment-token").json()["token"]
    sent = api.post(
        f"{base}/comments",
        {"name": "قارئة", "body": "شكرًا على التقرير.", "token": token},
        content_type="application/json",
    )
    assert sent.status_code == 422  # the token is fresh: faster than a person types
    assert sent.json()["errors"][0]["field"] == "token"

    sent = api.post(
        f"{base}/comments",
        {"name": "قارئة", "body": "شكرًا على التقرير.", "token": comment_form_token()},
        content_type="application/json",
    )
    viewed = api.post(
        f"{base}/views",
        HTTP_X_VISITOR_ID="reference-reader-01",
        HTTP_USER_AGENT="PortalApp/2.1 (iOS 18)",
    )
    assert sent.status_code == 201 and viewed.json() == {"counted": True}
    with django_capture_on_commit_callbacks(execute=True):
        approve_comments(comments=Comment.objects.filter(article=article))
    roll_up_counts()

    data = api.get(base).json()
    comments = api.get(f"{base}/comments").json()
    page = api.get(data["url"].removeprefix(settings.SITE_URL))
    html = page.content.decode()

    assert page.status_code == 200, html[:500]
    assert data["counts"]["views"] == ref.VIEWS + 1
    assert data["counts"]["comments"] == comments["count"] == 1
    for key in ("views", "comments"):  # "4 مشاهدات", "تعليق واحد"
        shown = re.search(rf'class="counter counter--{key}">([^<]+)<', html).group(1)
        assert shown == counter({}, data["counts"][key], key)
    body = comments["items"][0]["body"]
    assert body == "شكرًا على التقرير." and body in html
