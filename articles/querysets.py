"""Read rules for articles and comments: the one definition of "published"."""

from datetime import timedelta

from django.db import models
from django.db.models import F, Prefetch, Q, Sum
from django.utils import timezone

# Windows the "most read" lists accept.
MOST_READ_WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7)}


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see now: published, and their time has come."""
        return self.filter(
            status=self.model.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def in_section(self, section):
        """Articles filed in one section."""
        return self.filter(section=section)

    def by_author(self, author):
        """Articles one author has a byline on."""
        return self.filter(bylines__author=author)

    def tagged(self, tag):
        """Articles carrying one tag."""
        return self.filter(tags=tag)

    def with_card_data(self):
        """Everything a list card renders, in a fixed number of queries."""
        byline_model = self.model._meta.get_field("bylines").related_model
        byline_authors = Prefetch(
            "bylines", queryset=byline_model.objects.select_related("author")
        )
        return self.select_related("section", "lead_image").prefetch_related(
            byline_authors
        )

    def with_page_data(self):
        """Everything the article page renders besides comments."""
        return (
            self.with_card_data()
            .select_related("source")
            .prefetch_related("tags", "corrections")
        )

    def with_recent_views(self, window="24h"):
        """Annotate `recent_views`: reader views in the last 24h or 7d (hourly rows)."""
        since = timezone.now() - MOST_READ_WINDOWS[window]
        counted = Q(
            engagement_counts__metric="view", engagement_counts__hour__gte=since
        )
        return self.annotate(
            recent_views=Sum("engagement_counts__count", filter=counted, default=0)
        )

    def most_read(self, window="24h"):
        """Articles with the most reader views in the window, most read first."""
        return (
            self.with_recent_views(window)
            .filter(recent_views__gt=0)
            .order_by("-recent_views", "-published_at", "-pk")
        )

    def with_exact_counts(self):
        """Annotate `views_total`/`shares_total`: rolled-up counters plus pending shards."""
        pending = F("engagement_counts__count") - F("engagement_counts__rolled")
        return self.annotate(
            pending_views=Sum(
                pending, filter=Q(engagement_counts__metric="view"), default=0
            ),
            pending_shares=Sum(
                pending, filter=Q(engagement_counts__metric="share"), default=0
            ),
        ).annotate(
            views_total=F("view_count") + F("pending_views"),
            shares_total=F("share_count") + F("pending_shares"),
        )


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """Comments readers see: approved and not in the trash."""
        return self.filter(status=self.model.Status.APPROVED, is_removed=False)

    def pending(self):
        """Comments awaiting a moderator's decision."""
        return self.filter(status=self.model.Status.PENDING, is_removed=False)
