"""Read rules for articles and comments: the one definition of "published"."""

from datetime import timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, models
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

# Columns only the article page, search and the API need; lists leave them behind.
LONG_TEXTS = ("body", "search_text")
# What a card shows (headline, deck, date, section, picture, the breaking badge).
CARD_FIELDS = (
    "headline",
    "slug",
    "deck",
    "published_at",
    "is_breaking",
    "section__name",
    "section__slug",
    "lead_image__file",
    "lead_image__alt_text",
    "lead_image__width",
    "lead_image__height",
)
# Windows the "most read" lists accept.
MOST_READ_WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7)}


def current_hour():
    """The hour the engagement count rows of this moment are stored under."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def window_start(window: str = "24h"):
    """The first hourly count row of a window ending now.

    The hour the window starts in is counted whole (24 h means 24 to 25 hours)."""
    return current_hour() - MOST_READ_WINDOWS[window]


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see now: published or scheduled, and their time has come.

        A scheduled article needs no cron job: it turns live the moment its
        `published_at` passes, because this is the one definition of "live".
        """
        Status = self.model.Status
        return self.filter(
            status__in=[Status.PUBLISHED, Status.SCHEDULED],
            published_at__lte=timezone.now(),
        )

    def editable_by(self, user):
        """Articles a user may open in the admin: all for publishers, else their own."""
        if user.has_perm("articles.publish_article"):
            return self
        byline_model = self.model._meta.get_field("bylines").related_model
        own_bylines = byline_model.objects.filter(author__user=user).values("article")
        return self.filter(models.Q(created_by=user) | models.Q(pk__in=own_bylines))

    def in_section(self, section):
        """Articles filed in one section."""
        return self.filter(section=section)

    def by_author(self, author):
        """Articles one author has a byline on."""
        return self.filter(bylines__author=author)

    def tagged(self, tag):
        """Articles carrying one tag."""
        return self.filter(tags=tag)

    def headlines(self):
        """Featured or breaking stories first, newest first (the home page lead)."""
        return self.filter(Q(is_featured=True) | Q(is_breaking=True)).order_by(
            "-is_breaking", "-published_at", "-pk"
        )

    def top_per_section(self, per_section):
        """The newest `per_section` articles of every section, in one query.

        PostgreSQL: each section's few newest come off an index through a correlated
        array subquery (2 ms on 10,000 articles). Elsewhere a window function ranks every
        article (27 ms on PostgreSQL at that size, but fine for SQLite's small sites).
        """
        order = ("section__position", "section__name", "-published_at", "-pk")
        if connection.vendor == "postgresql":
            newest = (
                self.filter(section_id=OuterRef("pk"))
                .order_by("-published_at", "-pk")
                .values("pk")[:per_section]
            )
            section_model = self.model._meta.get_field("section").related_model
            ids = section_model.objects.annotate(
                article_id=Func(ArraySubquery(newest), function="unnest")
            ).values("article_id")
            return self.filter(pk__in=ids).order_by(*order)
        newest = Window(
            RowNumber(),
            partition_by=[F("section_id")],
            order_by=[F("published_at").desc(), F("pk").desc()],
        )
        return (
            self.annotate(section_rank=newest)
            .filter(section_rank__lte=per_section)
            .order_by(*order)
        )

    def using_image(self, image):
        """Articles showing a picture, as their lead or inside the body."""
        in_body = self.model.body_images.through.objects.filter(image=image)
        return self.filter(Q(lead_image=image) | Q(pk__in=in_body.values("article_id")))

    def related_to(self, article):
        """Other articles sharing the article's section or one of its tags."""
        related = Q(section_id=article.section_id)
        tag_ids = [tag.pk for tag in article.tags.all()]
        if tag_ids:  # an empty subquery would still be compiled, then dropped
            # A subquery, not a join: no DISTINCT over whole rows, so the newest few
            # come straight off the (section, status, published_at) index.
            tagged = self.model.tags.through.objects.filter(tag_id__in=tag_ids)
            related |= Q(pk__in=tagged.values("article_id"))
        return self.filter(related).exclude(pk=article.pk)

    def with_card_data(self):
        """Whole rows with their section and picture, without the long texts.

        For feed items, and search results (which add the body back); pages of cards
        use `as_cards`."""
        return self.select_related("section", "lead_image").defer(*LONG_TEXTS)

    def as_cards(self):
        """Card data and nothing else, for every page made of cards.

        Home, lists and the article page's related list: a third of the columns of
        whole rows to compile and load."""
        return self.select_related("section", "lead_image").only(*CARD_FIELDS)

    def with_snippet_data(self):
        """Card data and the body, which a search result quotes."""
        return self.with_card_data().defer(None).defer("search_text")

    def with_bylines(self):
        """The bylines and their authors, in one more query."""
        byline_model = self.model._meta.get_field("bylines").related_model
        return self.prefetch_related(
            Prefetch("bylines", queryset=byline_model.objects.select_related("author"))
        )

    def with_page_data(self):
        """Everything the article page renders besides comments."""
        return (
            self.select_related("section", "lead_image")
            .with_bylines()
            .select_related("source")
            .prefetch_related("tags", "corrections")
        )

    def with_live_data(self):
        """Title, counters and comment state: one row, no joins.

        What the article page reads fresh when its kept parts are current
        (articles/caching/parts.py)."""
        return self.only(
            "headline",
            "slug",
            "deck",
            "status",
            "published_at",
            "is_open_for_comments",
            "view_count",
            "comment_count",
            "share_count",
        )

    def with_api_data(self):
        """Everything a Content API list item carries: card, bylines, source, tags."""
        return (
            self.select_related("section", "lead_image", "source")
            .defer(*LONG_TEXTS)
            .with_bylines()
            .prefetch_related("tags")
        )

    def with_recent_views(self, window="24h"):
        """Annotate `recent_views`: reader views in the last 24h or 7d (hourly rows)."""
        since = window_start(window)
        counted = Q(
            engagement_counts__metric="view", engagement_counts__hour__gte=since
        )
        return self.annotate(
            recent_views=Sum("engagement_counts__count", filter=counted, default=0)
        )

    def most_read(self, window="24h"):
        """Articles with the most reader views in the window, most read first."""
        since = window_start(window)
        counts = self.model._meta.get_field("engagement_counts").related_model
        # Aggregate only articles viewed in the window, not every article.
        viewed = counts.objects.filter(metric="view", hour__gte=since).values(
            "article_id"
        )
        return (
            self.filter(pk__in=viewed)
            .with_recent_views(window)
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


class ImageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Pictures a user may see in the admin, in one query.

        Every one for publishers; for anyone else their own uploads, the pictures of
        live articles and those of the articles they may open (so an embargoed draft's
        picture stays the desk's)."""
        if user.has_perm("articles.publish_article"):
            return self
        if not user.is_authenticated:
            return self.none()
        article_model = self.model._meta.apps.get_model("articles", "Article")
        shown = article_model.objects.published() | article_model.objects.editable_by(
            user
        )
        in_body = article_model.body_images.through.objects.filter(
            article__in=shown.values("pk")
        )
        return self.filter(
            Q(uploaded_by=user)
            | Q(pk__in=shown.filter(lead_image__isnull=False).values("lead_image"))
            | Q(pk__in=in_body.values("image"))
        )


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """Comments readers see: approved, not trashed, replies only under visible ones."""
        approved = self.model.Status.APPROVED
        return self.filter(status=approved, is_removed=False).filter(
            Q(parent__isnull=True)
            | Q(parent__status=approved, parent__is_removed=False)
        )

    def pending(self):
        """Comments awaiting a moderator's decision."""
        return self.filter(status=self.model.Status.PENDING, is_removed=False)

    def removed(self):
        """Comments in the trash, whatever their status."""
        return self.filter(is_removed=True)

    def in_queue_order(self):
        """The moderation queue: pending first, then newest first."""
        rank = Case(
            When(status=self.model.Status.PENDING, is_removed=False, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return self.annotate(queue_rank=rank).order_by("queue_rank", "-created_at")

    def from_visitor_since(self, visitor_id, since):
        """Comments one visitor sent after a moment (flood control)."""
        return self.filter(visitor_id=visitor_id, created_at__gte=since)

    def visible_count_for_article(self):
        """A subquery: the number of visible comments of the outer article."""
        counted = (
            self.visible()
            .filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(models.Subquery(counted), Value(0))
