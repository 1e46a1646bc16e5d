"""Share buttons: POST only, same-origin, per network, flood-limited, then on to the network."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Sum
from django.urls import reverse

from articles.models import Article, EngagementCount
from tests.factories import make_article

ORIGIN = "http://testserver"

pytestmark = pytest.mark.django_db


def shares(article, network=None):
    rows = EngagementCount.objects.filter(article=article, metric="share")
    if network:
        rows = rows.filter(detail=network)
    return rows.aggregate(n=Sum("count", default=0))["n"]


def share(client, article_id, network, **headers):
    headers.setdefault("HTTP_ORIGIN", ORIGIN)
    return client.post(reverse("articles:share", args=[article_id, network]), **headers)


@pytest.fixture
def article():
    return make_article(headline="وزير الخارجية يزور بغداد & يلتقي <نظيره>")


@pytest.mark.parametrize(
    ("network", "host", "text_param"),
    [
        ("whatsapp", "wa.me", "text"),
        ("telegram", "t.me", "text"),
        ("x", "x.com", "text"),
    ],
)
def test_share_redirects_with_the_arabic_headline_and_short_link(
    client, article, network, host, text_param
):
    response = share(client, article.pk, network)
    assert response.status_code == 303
    assert "no-store" in response["Cache-Control"]
    target = urlsplit(response["Location"])
    assert target.scheme == "https" and target.netloc == host
    query = parse_qs(target.query)
    short = f"http://testserver{article.get_short_url()}"
    assert article.headline in query[text_param][0]
    assert short in " ".join(v[0] for v in query.values())
    assert shares(article, network) == 1


def test_facebook_gets_the_short_link(client, article):
    response = share(client, article.pk, "facebook")
    target = urlsplit(response["Location"])
    assert target.netloc == "www.facebook.com"
    assert parse_qs(target.query)["u"] == [
        f"http://testserver{article.get_short_url()}"
    ]


def test_copy_link_is_recorded_without_a_redirect(client, article):
    response = share(client, article.pk, "copy")
    assert response.status_code == 204
    assert shares(article, "copy") == 1


def test_each_network_is_counted_apart(client, article):
    for network in ["whatsapp", "whatsapp", "telegram", "copy"]:
        share(client, article.pk, network)
    assert shares(article) == 4
    assert shares(article, "whatsapp") == 2
    assert shares(article, "telegram") == 1


def test_unknown_network_is_400_and_stores_nothing(client, article):
    for network in ["myspace", "WHATSAPP", "x' OR '1'='1", "<script>"]:
        response = share(client, article.pk, network)
        assert response.status_code == 400
        assert "شبكة مشاركة غير معروفة" in response.content.decode()
    assert not EngagementCount.objects.exists()


def test_get_never_records_a_share(client, article):
    response = client.get(reverse("articles:share", args=[article.pk, "whatsapp"]))
    assert response.status_code == 405
    assert not EngagementCount.objects.exists()


def test_a_cross_site_post_is_refused(client, article):
    response = share(client, article.pk, "whatsapp", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not EngagementCount.objects.exists()


def test_a_post_without_origin_or_referer_is_refused(client, article):
    response = client.post(reverse("articles:share", args=[article.pk, "x"]))
    assert response.status_code == 403
    assert not EngagementCount.objects.exists()


def test_unknown_and_unpublished_articles_are_404(client):
    draft = make_article(status=Article.Status.DRAFT)
    assert share(client, draft.pk, "whatsapp").status_code == 404
    assert (
        client.post("/engagement/share/999999/whatsapp", HTTP_ORIGIN=ORIGIN).status_code
        == 404
    )
    assert (
        client.post("/engagement/share/abc/whatsapp", HTTP_ORIGIN=ORIGIN).status_code
        == 404
    )
    assert (
        client.post(
            "/engagement/share/99999999999999999999999/x", HTTP_ORIGIN=ORIGIN
        ).status_code
        == 404
    )
    assert not EngagementCount.objects.exists()


def test_a_huge_body_is_413(client, article):
    response = client.post(
        reverse("articles:share", args=[article.pk, "x"]),
        data=b"a" * 50_000,
        content_type="text/plain",
        HTTP_ORIGIN=ORIGIN,
    )
    assert response.status_code == 413
    assert not EngagementCount.objects.exists()


def test_a_flood_from_one_visitor_gets_429(client, article, settings):
    settings.ENGAGEMENT_SHARE_RATE = 3
    statuses = [share(client, article.pk, "copy").status_code for _ in range(5)]
    assert statuses == [204, 204, 204, 429, 429]
    assert shares(article) == 3


def test_article_page_share_buttons_post_to_the_share_endpoint(client, article):
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    for network in ["whatsapp", "telegram", "x", "facebook", "copy"]:
        assert reverse("articles:share", args=[article.pk, network]) in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" not in html  # cacheable: nothing per visitor
    assert "js/engagement.js" in html and " defer" in html
    assert "<noscript><img" in html
    assert " onclick" not in html
