"""Read rules for articles and comments: the one definition of "published"."""

from django.db import models
from django.db.models import F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone


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

    def headlines(self):
        """Featured or breaking stories first, newest first (the home page lead)."""
        return self.filter(Q(is_featured=True) | Q(is_breaking=True)).order_by(
            "-is_breaking", "-published_at", "-pk"
        )

    def top_per_section(self, per_section):
        """The newest `per_section` articles of every section, in one query."""
        newest = Window(
            RowNumber(),
            partition_by=[F("section_id")],
            order_by=[F("published_at").desc(), F("pk").desc()],
        )
        return (
            self.annotate(section_rank=newest)
            .filter(section_rank__lte=per_section)
            .order_by("section__position", "section__name", "section_rank")
        )

    def related_to(self, article):
        """Other articles sharing the article's section or one of its tags."""
        tag_ids = [tag.pk for tag in article.tags.all()]
        return (
            self.filter(Q(section_id=article.section_id) | Q(tags__in=tag_ids))
            .exclude(pk=article.pk)
            .distinct()
        )

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


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """Comments readers see: approved and not in the trash."""
        return self.filter(status=self.model.Status.APPROVED, is_removed=False)

    def pending(self):
        """Comments awaiting a moderator's decision."""
        return self.filter(status=self.model.Status.PENDING, is_removed=False)
