"""sitemap.xml (articles and sections) and the Google News sitemap (last 48 hours)."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from .models import Article, Section

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().only(
            "slug", "published_at", "content_updated_at"
        )

    def lastmod(self, item):
        return item.modified_at


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Section.objects.all()


class NewsSitemap(Sitemap):
    """Google News: articles published in the last 48 hours, at most 1000."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .only("slug", "headline", "published_at")[:NEWS_LIMIT]
        )

    def lastmod(self, item):
        return item.published_at


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap}
NEWS_SITEMAPS = {"news": NewsSitemap}
