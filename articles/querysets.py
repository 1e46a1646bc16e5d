"""Read rules for articles and comments: the one definition of "published"."""

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone


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
