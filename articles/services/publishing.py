"""The editorial workflow: review, publish, schedule, unpublish, archive, correct.

Every transition checks the acting user's rights here, so the admin actions, the
change form and any future API share one rule: writers move their own drafts to review,
publishers (the `publish_article` permission) do everything else.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Article, Correction

PUBLISH_PERMISSION = "articles.publish_article"

# Fields whose change on a live article shows readers an "updated" time.
CONTENT_FIELDS = frozenset(
    {"headline", "deck", "sub_heading", "dateline", "body", "lead_image"}
)


def can_publish(user) -> bool:
    """Whether `user` may publish, schedule, unpublish and archive articles."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def _require_publisher(user) -> None:
    if user is not None and not can_publish(user):
        raise PermissionDenied(_("لا تملك صلاحية نشر المقالات أو جدولتها أو أرشفتها."))


def _save_status(article: Article, *fields: str) -> Article:
    article.full_clean()
    article.save(update_fields=["status", "updated_at", *fields])
    return article


@transaction.atomic
def publish_article(
    *, article: Article, user=None, when: datetime | None = None
) -> Article:
    """Make an article live now, or schedule it when `when` is in the future."""
    _require_publisher(user)
    article.published_at = when or article.published_at or timezone.now()
    if article.published_at > timezone.now():
        article.status = Article.Status.SCHEDULED
    else:
        article.status = Article.Status.PUBLISHED
    return _save_status(article, "published_at")


@transaction.atomic
def schedule_article(*, article: Article, when: datetime, user=None) -> Article:
    """Schedule an article to go live by itself at `when` (a future time)."""
    _require_publisher(user)
    if when <= timezone.now():
        raise ValidationError(
            {"published_at": _("وقت الجدولة يجب أن يكون في المستقبل.")}
        )
    article.status = Article.Status.SCHEDULED
    article.published_at = when
    return _save_status(article, "published_at")


@transaction.atomic
def unpublish_article(*, article: Article, user=None) -> Article:
    """Take an article off the site and back to draft; its publish time is kept."""
    _require_publisher(user)
    article.status = Article.Status.DRAFT
    return _save_status(article)


@transaction.atomic
def archive_article(*, article: Article, user=None) -> Article:
    """Retire an article: it leaves every public page but stays in the admin."""
    _require_publisher(user)
    article.status = Article.Status.ARCHIVED
    return _save_status(article)


@transaction.atomic
def submit_article_for_review(*, article: Article, user) -> Article:
    """Move a draft to review; writers may do this only with their own drafts."""
    if article.status != Article.Status.DRAFT:
        raise ValidationError(_("لا يُرسل إلى المراجعة إلا مقال في حالة مسودة."))
    if not can_publish(user) and not article.is_owned_by(user):
        raise PermissionDenied(_("لا يمكنك إرسال مقال غيرك إلى المراجعة."))
    article.status = Article.Status.IN_REVIEW
    return _save_status(article)


@transaction.atomic
def add_correction(*, article: Article, text: str, user=None) -> Correction:
    """Append a dated correction note and show readers the article was updated."""
    _require_publisher(user)
    correction = Correction(article=article, text=text.strip(), created_by=user)
    correction.full_clean()
    correction.save()
    note_content_update(article=article, when=correction.created_at)
    return correction


def note_content_update(*, article: Article, when: datetime | None = None) -> None:
    """Stamp `content_updated_at` on a live article whose content just changed."""
    if not article.is_live:
        return
    article.content_updated_at = when or timezone.now()
    Article.objects.filter(pk=article.pk).update(
        content_updated_at=article.content_updated_at
    )
