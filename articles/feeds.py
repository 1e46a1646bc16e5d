"""RSS and Atom feeds for the site, a section and an author."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from .models import Article, Author, Section
from .text.plain import xml_text
from .views.reader import checked_slug

FEED_SIZE = 30


class _XmlSafe:
    """A feed generator writing every text it is given without the characters XML 1.0
    forbids, so text stored before it was cleaned cannot break the feed (a 500)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*xml_text(args), **{k: xml_text(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*xml_text(args), **{k: xml_text(v) for k, v in kwargs.items()})


class RssFeed(_XmlSafe, Rss201rev2Feed):
    pass


class AtomFeed(_XmlSafe, Atom1Feed):
    pass


class _ArticleFeed(Feed):
    feed_type = RssFeed
    language = "ar"

    def articles(self):
        return Article.objects.published().with_card_data().with_bylines()

    def items(self, obj=None):
        return self.articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.headline  # plain text (Atom: type="text"), escaped once as XML

    def item_description(self, item):
        # A description is HTML (RSS by custom, Atom's summary type="html"): the deck
        # an editor typed is text, so it is escaped before it becomes that HTML.
        return escape(item.deck)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        return "، ".join(byline.author.name for byline in item.bylines.all()) or None

    def item_categories(self, item):
        return [item.section.name]

    def item_guid(self, item):
        return item.get_short_url()

    item_guid_is_permalink = False


class LatestArticlesFeed(_ArticleFeed):
    description = "آخر المقالات المنشورة"

    def title(self):
        return f"{settings.SITE_NAME}: آخر الأخبار"

    def link(self):
        return reverse("articles:home")


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = AtomFeed
    subtitle = LatestArticlesFeed.description


class _OwnerFeed(_ArticleFeed):
    """The feed of one section or author, found by the slug in its URL."""

    owner_model = None

    def get_object(self, request, slug):
        return get_object_or_404(self.owner_model, slug=checked_slug(slug))

    def link(self, obj):
        return obj.get_absolute_url()


class _AtomOfOwner:
    """The Atom twin of an owner's RSS feed: its description is the subtitle."""

    feed_type = AtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class SectionFeed(_OwnerFeed):
    owner_model = Section

    def title(self, obj):
        return f"{obj.name}: آخر الأخبار"

    def description(self, obj):
        return obj.description or f"آخر مقالات قسم {obj.name}"

    def items(self, obj):
        return self.articles().in_section(obj)[:FEED_SIZE]


class SectionAtomFeed(_AtomOfOwner, SectionFeed):
    pass


class AuthorFeed(_OwnerFeed):
    owner_model = Author

    def title(self, obj):
        return f"مقالات {obj.name}"

    def description(self, obj):
        return obj.bio or f"آخر ما كتب {obj.name}"

    def items(self, obj):
        return self.articles().by_author(obj)[:FEED_SIZE]


class AuthorAtomFeed(_AtomOfOwner, AuthorFeed):
    pass
