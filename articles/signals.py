"""Cache purging only: editorial saves retire the shared page cache (see articles/caching)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .caching import retire_pages
from .models import (
    Article,
    ArticleImage,
    Author,
    Byline,
    Comment,
    Correction,
    Image,
    Section,
    Source,
    Tag,
)

_EDITORIAL = (
    Article,
    ArticleImage,
    Author,
    Byline,
    Correction,
    Image,
    Section,
    Source,
    Tag,
)


def purge_on_editorial_change(sender, instance, **kwargs):
    if sender is not Comment:
        retire_pages(editorial=True)
    elif instance.status == Comment.Status.APPROVED:
        # A new pending comment changes nothing readers see; moderation services
        # (bulk updates, no signals) purge explicitly when they recount.
        retire_pages(editorial=False)


# Connected per model: a receiver with no sender listens to every model, and Django
# then deletes any model's rows one by one (loading each) instead of in one DELETE.
for _model in (*_EDITORIAL, Comment):
    post_save.connect(purge_on_editorial_change, sender=_model)
    post_delete.connect(purge_on_editorial_change, sender=_model)


@receiver(m2m_changed, sender=Article.tags.through)
def purge_on_tags_change(sender, **kwargs):
    if kwargs["action"].startswith("post_"):
        retire_pages(editorial=True)
