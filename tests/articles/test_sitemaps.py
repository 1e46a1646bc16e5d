"""sitemap.xml, the Google News sitemap, robots.txt and JSON-LD."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.demo import reference_article as ref
from articles.demo.loader import load_reference_article
from articles.models import Article, Source
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def _locs(client, url, ns=SM):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return root, [u.findtext(f"{SM}loc") for u in root.findall(f"{SM}url")]


def _sitemap_index(client):
    response = client.get(reverse("articles:sitemap"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SM}sitemapindex"
    return [s.findtext(f"{SM}loc") for s in root.findall(f"{SM}sitemap")]


def test_sitemap_lists_published_articles_and_sections(client):
    live = make_article(slug="خبر-حي")
    draft = make_article(status=Article.Status.DRAFT)
    future = make_article(published_at=timezone.now() + timedelta(hours=1))
    parts = _sitemap_index(client)
    assert [p.removeprefix("http://testserver") for p in parts] == [
        "/sitemap-articles.xml",
        "/sitemap-sections.xml",
    ]
    locs = []
    for part in parts:
        root, found = _locs(client, part.removeprefix("http://testserver"))
        assert all(u.findtext(f"{SM}lastmod") for u in root.findall(f"{SM}url")) or (
            "sections" in part
        )
        locs += found
    assert all(loc.startswith("http://testserver/") for loc in locs)
    assert all(loc.isascii() for loc in locs)  # IRIs are percent-encoded
    paths = [unquote(loc.removeprefix("http://testserver")) for loc in locs]
    assert live.get_absolute_url() in [
        loc.removeprefix("http://testserver") for loc in locs
    ]
    assert "/news/خبر-حي/" in paths
    assert draft.get_absolute_url() not in paths
    assert future.get_absolute_url() not in paths
    assert live.section.get_absolute_url() in paths


def test_sitemap_index_pages_large_article_sets(client, monkeypatch):
    from articles.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for _ in range(5):
        make_article()
    parts = _sitemap_index(client)
    article_parts = [p for p in parts if "articles" in p]
    assert len(article_parts) == 3
    seen = set()
    for part in article_parts:
        seen.update(_locs(client, part.removeprefix("http://testserver"))[1])
    assert len(seen) == 5
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-articles.xml?p=99").status_code == 404


def test_news_sitemap_keeps_only_the_last_48_hours(client):
    fresh = make_article(
        headline="خبر & <جديد>", published_at=timezone.now() - timedelta(hours=3)
    )
    old = make_article(published_at=timezone.now() - timedelta(hours=49))
    draft = make_article(status=Article.Status.DRAFT)
    root, locs = _locs(client, reverse("articles:sitemap-news"))
    paths = [loc.removeprefix("http://testserver") for loc in locs]
    assert paths == [fresh.get_absolute_url()]
    assert old.get_absolute_url() not in paths and draft.get_absolute_url() not in paths
    news = root.find(f"{SM}url").find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}title") == "خبر & <جديد>"
    assert news.findtext(f"{NEWS}publication_date")
    publication = news.find(f"{NEWS}publication")
    assert publication.findtext(f"{NEWS}language") == "ar"
    assert publication.findtext(f"{NEWS}name")


def test_robots_txt_points_at_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemap-news.xml" in text
    assert "Disallow: /admin/" in text


def _json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_json_ld_news_article_for_the_reference_article(client):
    article, _ = load_reference_article()
    html = client.get(article.get_absolute_url()).content.decode()
    data = _json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["datePublished"].startswith("2017-11-1")
    assert data["dateModified"]
    # No byline in the report: it is credited to its source, an organisation.
    assert data["author"] == [
        {
            "@type": "NewsMediaOrganization",
            "name": "العرب",
            "url": ref.SOURCE_URL,
        }
    ]
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["articleSection"] == "عربي ودولي"
    assert data["image"][0].startswith("http://testserver/media/")
    assert data["isBasedOn"]["publisher"] == "العرب"
    assert data["isBasedOn"]["datePublished"] == "2017-11-15"
    assert data["url"] == data["mainEntityOfPage"]["@id"]
    assert 'property="og:image"' in html and 'name="twitter:card"' in html
    assert (
        f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">'
        in html
    )


def test_json_ld_is_escaped_against_script_injection(client):
    author = make_author(name="</script><script>alert(1)</script>")
    article = make_article(
        headline="</script><img src=x onerror=alert(1)> & خبر",
        authors=[author],
        source=Source.objects.create(name="مصدر <b>"),
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    data = _json_ld(html)
    assert data["headline"] == article.headline  # intact once parsed
    assert data["author"][0]["name"] == author.name
    assert "image" not in data  # no lead picture
