"""Demo content for `make run`: the reference article plus a small newsroom around it."""

import datetime
import hashlib
import zoneinfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from ..models import Article, Author, Byline, Image, Section, Source
from . import reference_article as ref
from .pictures import draw_news_picture


def _paragraphs_html(paragraphs) -> str:
    from django.utils.html import escape

    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _picture(*, seed: int, alt: str, caption: str, credit: str) -> Image:
    data = draw_news_picture(seed=seed)
    digest = hashlib.sha256(data).hexdigest()
    existing = Image.objects.filter(file_hash=digest).first()
    if existing:
        return existing
    image = Image(
        file=ContentFile(data, name=f"demo-{seed}.jpg"),
        alt_text=alt,
        caption=caption,
        credit=credit,
        file_hash=digest,
        file_size=len(data),
    )
    image.save()
    return image


@transaction.atomic
def load_reference_article() -> tuple[Article, bool]:
    """Create the reference article once; returns it and whether it was created."""
    section, _ = Section.objects.get_or_create(
        slug=ref.SECTION[1], defaults={"name": ref.SECTION[0], "position": 1}
    )
    slug = slugify(ref.HEADLINE, allow_unicode=True)
    existing = Article.objects.filter(slug=slug).first()
    if existing:
        return existing, False
    source, _ = Source.objects.get_or_create(
        name=ref.SOURCE_NAME, defaults={"url": ref.SOURCE_URL}
    )
    author, _ = Author.objects.get_or_create(
        slug="alarab-desk", defaults={"name": "قسم الأخبار في العرب"}
    )
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    article = Article(
        headline=ref.HEADLINE,
        slug=slug,
        deck=ref.DECK,
        sub_heading=ref.SUB_HEADING,
        dateline=ref.DATELINE,
        body=_paragraphs_html(ref.PARAGRAPHS),
        section=section,
        source=source,
        original_published_on=ref.ORIGINAL_PUBLISHED_ON,
        status=Article.Status.PUBLISHED,
        published_at=datetime.datetime(*ref.PUBLISHED_AT, tzinfo=tz),
        lead_image=_picture(
            seed=2017,
            alt=ref.IMAGE_ALT,
            caption=ref.IMAGE_CAPTION,
            credit=ref.IMAGE_CREDIT,
        ),
        view_count=ref.VIEWS,
        comment_count=ref.COMMENTS,
        share_count=ref.SHARES,
    )
    article.full_clean()
    article.save()
    Byline.objects.create(article=article, author=author, position=0)
    return article, True
