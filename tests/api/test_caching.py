"""ETag / Last-Modified, 304 answers and cache headers a CDN can use."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article, Comment
from articles.services.comments import approve_comments
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

URLS = ["/api/v1/articles", "/api/v1/sections", "/api/v1/authors"]


@pytest.fixture
def article():
    return make_article()


@pytest.mark.parametrize("url", [*URLS, "detail"])
def test_reads_carry_validators_and_cache_headers(api, article, url):
    url = f"/api/v1/articles/{article.pk}" if url == "detail" else url

    response = api.get(url)

    assert response.status_code == 200
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "stale-while-revalidate=300"} <= cache_control
    assert "Accept-Encoding" in response["Vary"]


@pytest.mark.parametrize("url", [*URLS, "detail"])
def test_if_none_match_gives_304_with_no_body(api, article, url):
    url = f"/api/v1/articles/{article.pk}" if url == "detail" else url
    etag = api.get(url)["ETag"]

    again = api.get(url, headers={"If-None-Match": etag})
    other = api.get(url, headers={"If-None-Match": '"something-else"'})

    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and "max-age=60" in again["Cache-Control"]
    assert other.status_code == 200


def test_if_modified_since_alone_never_hides_a_removed_article(api, article):
    yesterday = timezone.now() - timedelta(days=1)
    older = make_article(published_at=yesterday)
    # Its last edit is yesterday too, so the list's date is the fixture article's: taking
    # the older one away leaves Last-Modified where it was, and only the ETag can tell.
    Article.objects.filter(pk=older.pk).update(updated_at=yesterday)
    first = api.get("/api/v1/articles")
    last_modified = first["Last-Modified"]  # the newest article's date
    Article.objects.filter(pk=older.pk).update(status=Article.Status.DRAFT)

    again = api.get("/api/v1/articles", headers={"If-Modified-Since": last_modified})

    assert again.status_code == 200
    assert [item["id"] for item in again.json()["items"]] == [article.pk]
    assert again["Last-Modified"] == last_modified  # the date did not move


def test_etag_changes_when_counts_change(api, article):
    url = f"/api/v1/articles/{article.pk}"
    etag = api.get(url)["ETag"]
    Article.objects.filter(pk=article.pk).update(view_count=99)

    response = api.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response.json()["counts"]["views"] == 99


def test_unpublishing_moves_the_list_last_modified(api, article):
    other = make_article()
    before = api.get("/api/v1/articles")["Last-Modified"]
    Article.objects.filter(pk=other.pk).update(
        status=Article.Status.ARCHIVED, updated_at=timezone.now() + timedelta(seconds=2)
    )

    response = api.get("/api/v1/articles", headers={"If-Modified-Since": before})

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [article.pk]


def test_list_last_modified_is_the_latest_change(api, article):
    response = api.get("/api/v1/articles")
    article.refresh_from_db()

    assert response["Last-Modified"] == http_date(int(article.updated_at.timestamp()))


def test_errors_are_never_shared_and_carry_no_validators(api):
    soon = make_article(published_at=timezone.now() + timedelta(seconds=5))
    for url in ("/api/v1/articles/123456", f"/api/v1/articles/{soon.pk}"):
        response = api.get(url)  # the second goes live in 5 s: no CDN may keep its 404
        assert response.status_code == 404
        assert "ETag" not in response
        assert response["Cache-Control"] == "no-store"


def test_a_thousand_query_parameters_are_a_400_not_a_500(api, settings):
    settings.PAGE_CACHE_SECONDS = 60
    crowded = "&".join(f"a{i}=1" for i in range(1100))
    response = api.get(f"/api/v1/articles?{crowded}")
    assert response.status_code == 400 and response["Content-Type"].startswith(
        "application/json"
    )
    assert api.get(f"/?{crowded}").status_code == 200  # the home page reads no field


def test_the_digits_choice_sets_no_cookie_on_the_api(api):
    response = api.get("/api/v1/articles?digits=arab")
    assert response.status_code == 200 and "digits" not in response.cookies


def test_head_answers_like_get_without_a_body(api, article):
    get = api.get("/api/v1/articles")
    head = api.head("/api/v1/articles")
    matching = api.head("/api/v1/articles", headers={"If-None-Match": get["ETag"]})

    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Length"] == str(len(get.content))
    assert matching.status_code == 304


class TestWithThePageCacheOn:
    """The shared page cache keeps public API reads, and never a write or a token."""

    @pytest.fixture(autouse=True)
    def page_cache_on(self, settings):
        settings.PAGE_CACHE_SECONDS = 60

    def test_comments_list_is_shared_until_a_moderator_decides(
        self, api, django_capture_on_commit_callbacks
    ):
        article = make_article()
        url = f"/api/v1/articles/{article.pk}/comments"
        first, second = api.get(url), api.get(url)
        comment = make_comment(article=article, status="pending")

        with django_capture_on_commit_callbacks(execute=True):
            approve_comments(comments=Comment.objects.filter(pk=comment.pk))
        after = api.get(url)

        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
        assert after.json()["count"] == 1

    def test_comment_tokens_are_never_shared(self, api):
        first, second = (
            api.get("/api/v1/comment-token"),
            api.get("/api/v1/comment-token"),
        )

        assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
        assert "no-store" in second["Cache-Control"]

    @pytest.mark.parametrize("path", ["comments", "views", "shares"])
    def test_write_answers_are_never_stored(self, api, path):
        article = make_article()

        response = api.post(
            f"/api/v1/articles/{article.pk}/{path}",
            {"network": "x", "name": "", "body": "", "token": ""},
            content_type="application/json",
            HTTP_X_VISITOR_ID="install-0001",
            HTTP_USER_AGENT="PortalApp/1",
        )

        assert response.status_code in (200, 422)
        assert "no-store" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "X-Page-Cache" not in response
