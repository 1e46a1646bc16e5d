"""Model instances -> the plain dicts the API schemas describe (no queries here)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from ..models.images import RENDITION_SIZES
from ..presentation.renditions import rendition_path

# Rendition fields offered to apps: every size in AVIF, WebP and JPEG, plus the
# social-card JPEG (og_jpeg) that partners use for link previews.
RENDITION_FIELDS = [
    (f"{name}_{fmt}", width, height)
    for name, width, height in RENDITION_SIZES
    for fmt in ("avif", "webp", "jpeg")
    if name != "og" or fmt == "jpeg"
]


def absolute(url: str) -> str:
    """An absolute URL on the canonical site (storage URLs that are absolute stay)."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + url


def local(moment):
    """Datetimes in the newsroom's time zone, so the offset is explicit (+03:00)."""
    return timezone.localtime(moment) if moment else None


def image_data(image) -> dict | None:
    if image is None:
        return None
    return {
        "url": absolute(image.file.url),
        "width": image.width,
        "height": image.height,
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "renditions": {
            name: {
                "url": absolute(rendition_path(image.pk, image.file.name, name)),
                "width": width,
                "height": height,
            }
            for name, width, height in RENDITION_FIELDS
        },
    }


def source_data(article) -> dict | None:
    source = article.source
    if source is None:
        return None
    return {
        "name": source.name,
        "url": source.url,
        "original_url": article.original_url,
        "original_published_at": article.original_published_on,
    }


def updated_at(article):
    """The last editorial change readers are told about; publication if none."""
    return local(article.modified_at)


def article_item(article) -> dict:
    """One list item; `article` comes from `with_api_data()` or `with_page_data()`."""
    return {
        "id": article.pk,
        "url": absolute(article.get_absolute_url()),
        "short_url": absolute(article.get_short_url()),
        "headline": article.headline,
        "slug": article.slug,
        "deck": article.deck,
        "section": {"slug": article.section.slug, "name": article.section.name},
        "authors": [
            {"slug": byline.author.slug, "name": byline.author.name}
            for byline in article.bylines.all()
        ],
        "tags": [{"slug": tag.slug, "name": tag.name} for tag in article.tags.all()],
        "published_at": local(article.published_at),
        "updated_at": updated_at(article),
        "image": image_data(article.lead_image),
        "source": source_data(article),
        "counts": {
            "views": article.view_count,
            "comments": article.comment_count,
            "shares": article.share_count,
        },
    }


def comments_open(article) -> bool:
    """Open when the editors left them open and the closing window has not passed."""
    if not article.is_open_for_comments:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    return not days or article.published_at + timedelta(days=days) > timezone.now()


def article_detail(article) -> dict:
    """The full article; `article` comes from `with_page_data()`."""
    return {
        **article_item(article),
        "sub_heading": article.sub_heading,
        "dateline": article.dateline,
        "body_html": article.body,
        "corrections": [
            {"text": correction.text, "created_at": local(correction.created_at)}
            for correction in article.corrections.all()
        ],
        "comments_open": comments_open(article),
    }


def last_change(article):
    """The latest moment that changes what the detail answer says."""
    moments = [article.published_at, article.updated_at, article.content_updated_at]
    moments += [correction.created_at for correction in article.corrections.all()]
    return max(moment for moment in moments if moment)
