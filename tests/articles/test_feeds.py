"""RSS and Atom feeds parse, carry the required fields and list only published articles."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def newsroom():
    section, other_section = make_section(), make_section()
    author = make_author(name="ريم الكاتبة")
    live = make_article(
        section=section,
        authors=[author],
        headline="خبر <مهم> & عاجل",
        deck="مقدمة الخبر",
    )
    elsewhere = make_article(section=other_section)
    hidden = [
        make_article(section=section, authors=[author], status=Article.Status.DRAFT),
        make_article(
            section=section,
            authors=[author],
            published_at=timezone.now() + timedelta(days=1),
        ),
        make_article(section=section, authors=[author], status=Article.Status.ARCHIVED),
    ]
    return {
        "section": section,
        "author": author,
        "live": live,
        "elsewhere": elsewhere,
        "hidden": hidden,
    }


def _rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") and channel.findtext("link")
    assert channel.findtext("language") == "ar"
    return channel.findall("item")


def _atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") and feed.findtext(f"{ATOM}id")
    return feed.findall(f"{ATOM}entry")


def test_site_rss_lists_published_articles_with_required_fields(client, newsroom):
    items = _rss_items(client, reverse("articles:feed-rss"))
    titles = [item.findtext("title") for item in items]
    assert newsroom["live"].headline in titles  # escaped in XML, intact after parsing
    assert newsroom["elsewhere"].headline in titles
    for article in newsroom["hidden"]:
        assert article.headline not in titles
    item = items[titles.index(newsroom["live"].headline)]
    assert item.findtext("link").endswith(newsroom["live"].get_absolute_url())
    assert item.findtext("pubDate") and item.findtext("guid")
    assert item.findtext("description") == "مقدمة الخبر"
    assert item.findtext("category") == newsroom["section"].name


def test_a_deck_reaches_feed_readers_as_text_not_markup(client):
    make_article(deck='مقدمة <img src=x onerror="alert(1)"> & تتمة')
    items = _rss_items(client, reverse("articles:feed-rss"))
    description = items[0].findtext("description")  # the HTML a feed reader renders
    assert "<img" not in description
    assert (
        description == "مقدمة &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; تتمة"
    )


def test_site_atom_feed(client, newsroom):
    entries = _atom_entries(client, reverse("articles:feed-atom"))
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert newsroom["live"].headline in titles
    entry = entries[titles.index(newsroom["live"].headline)]
    assert entry.findtext(f"{ATOM}updated") and entry.findtext(f"{ATOM}published")
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "ريم الكاتبة"


def test_section_feeds_list_only_that_section(client, newsroom):
    slug = newsroom["section"].slug
    for url in (reverse("articles:section-rss", args=[slug]),):
        titles = [i.findtext("title") for i in _rss_items(client, url)]
        assert titles == [newsroom["live"].headline]
    entries = _atom_entries(client, reverse("articles:section-atom", args=[slug]))
    assert [e.findtext(f"{ATOM}title") for e in entries] == [newsroom["live"].headline]


def test_author_feeds_list_only_their_published_articles(client, newsroom):
    slug = newsroom["author"].slug
    titles = [
        i.findtext("title")
        for i in _rss_items(client, reverse("articles:author-rss", args=[slug]))
    ]
    assert titles == [newsroom["live"].headline]
    entries = _atom_entries(client, reverse("articles:author-atom", args=[slug]))
    assert len(entries) == 1


@pytest.mark.parametrize(
    "url",
    ["/section/nope/rss/", "/author/nope/atom/", "/section/" + "x" * 500 + "/rss/"],
)
def test_unknown_feed_owner_is_404(client, url):
    assert client.get(url).status_code == 404


def test_a_control_character_typed_into_a_headline_never_breaks_a_feed(client):
    # Stored straight through the ORM, as text saved before the admin cleaned it was.
    make_article(headline="عنوان\x0bمن وورد", deck="مقدمة\x1bخفية")
    rss = _rss_items(client, reverse("articles:feed-rss"))
    assert rss[0].findtext("title") == "عنوان من وورد"
    assert _atom_entries(client, reverse("articles:feed-atom"))
    sitemap = client.get("/sitemap-news.xml")
    titles = ET.fromstring(sitemap.content).iter(
        "{http://www.google.com/schemas/sitemap-news/0.9}title"
    )
    assert [title.text for title in titles] == ["عنوان من وورد"]


def test_the_admin_stores_a_pasted_control_character_as_a_space():
    article = make_article()
    article.headline = "عنوان\x0bمن وورد"
    article.deck = "سطر\nثانٍ\x07"
    article.full_clean()  # what every admin form runs before saving
    assert (article.headline, article.deck) == ("عنوان من وورد", "سطر\nثانٍ ")
