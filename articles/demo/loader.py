"""Demo content for `make run`: the reference article plus a small newsroom around it."""

import datetime
import hashlib
import zoneinfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from ..models import Article, Author, Byline, Image, Section, Source, Tag
from . import reference_article as ref
from .newsroom import ARTICLES, AUTHORS, SECTIONS, TAGS
from .pictures import draw_news_picture, draw_portrait


def _paragraphs_html(paragraphs) -> str:
    from django.utils.html import escape

    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _picture(*, seed: int, alt: str, caption: str, credit: str) -> Image:
    return _stored_picture(
        draw_news_picture(seed=seed),
        name=f"demo-{seed}.jpg",
        alt=alt,
        caption=caption,
        credit=credit,
    )


def _stored_picture(
    data: bytes, *, name: str, alt: str, caption: str = "", credit: str = ""
) -> Image:
    """The picture with these bytes, stored once whatever how often it is asked for."""
    digest = hashlib.sha256(data).hexdigest()
    existing = Image.objects.filter(file_hash=digest).first()
    if existing:
        return existing
    image = Image(
        file=ContentFile(data, name=name),
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
    existing = _with_slug_now_or_once(slug).first()
    if existing:
        return existing, False
    source, _ = Source.objects.get_or_create(
        name=ref.SOURCE_NAME, defaults={"url": ref.SOURCE_URL}
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
    # No byline: the report as readers saw it names none. It is credited to its
    # source (العرب) in the source line and, in JSON-LD, as the author organisation.
    return article, True


def _with_slug_now_or_once(*slugs):
    """Articles at these addresses, or once at them: an editor may have renamed one."""
    return Article.objects.filter(
        Q(slug__in=slugs) | Q(old_slugs__slug__in=slugs)
    ).distinct()


def _demo_author(slug: str, name: str, bio: str, seed: int) -> Author:
    author = Author.objects.filter(slug=slug).first()
    if author:
        return author
    photo = _stored_picture(
        draw_portrait(seed=seed),
        name=f"author-{slug}.jpg",
        alt=f"صورة {name}",
        caption=name,
        credit="غرفة الأخبار",
    )
    return Author.objects.create(slug=slug, name=name, bio=bio, photo=photo)


def _demo_article(data: dict, index: int, *, sections, authors, tags) -> Article:
    now = timezone.now()
    hours = data["hours_ago"]
    if hours is None:
        status, published_at = Article.Status.IN_REVIEW, None
    elif hours < 0:
        status = Article.Status.SCHEDULED
        published_at = now + datetime.timedelta(hours=-hours)
    else:
        status = Article.Status.PUBLISHED
        published_at = now - datetime.timedelta(hours=hours)
    live = status == Article.Status.PUBLISHED
    article = Article(
        slug=data["slug"],
        headline=data["headline"],
        deck=data["deck"],
        dateline=data["dateline"],
        body=_paragraphs_html(data["body"]),
        section=sections[data["section"]],
        status=status,
        published_at=published_at,
        is_featured=data.get("is_featured", False),
        is_breaking=data.get("is_breaking", False),
        lead_image=_picture(
            seed=100 + index,
            alt=f"رسم توضيحي لأفق مدينة {data['dateline']} عند الغروب",
            caption=f"{data['dateline']}: صورة توضيحية للخبر",
            credit="غرفة الأخبار",
        ),
        view_count=(index * 137) % 900 + 40 if live else 0,
        share_count=(index * 31) % 60 if live else 0,
    )
    article.full_clean()
    article.save()
    for position, slug in enumerate(data["authors"]):
        Byline.objects.create(article=article, author=authors[slug], position=position)
    article.tags.set([tags[slug] for slug in data["tags"]])
    return article


@transaction.atomic
def load_demo_newsroom() -> int:
    """Create the missing demo sections, authors, tags and articles; returns how many
    articles were created (0 on a second run)."""
    Section.objects.get_or_create(
        slug=ref.SECTION[1], defaults={"name": ref.SECTION[0], "position": 1}
    )
    for slug, name, position, description in SECTIONS:
        Section.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "position": position, "description": description},
        )
    sections = {section.slug: section for section in Section.objects.all()}
    authors = {
        slug: _demo_author(slug, name, bio, seed) for slug, name, bio, seed in AUTHORS
    }
    tags = {
        slug: Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TAGS
    }
    wanted = [a["slug"] for a in ARTICLES]
    existing = set()
    for article in _with_slug_now_or_once(*wanted).prefetch_related("old_slugs"):
        existing.update([article.slug, *(old.slug for old in article.old_slugs.all())])
    created = 0
    for index, data in enumerate(ARTICLES):
        if data["slug"] in existing:
            continue
        _demo_article(data, index, sections=sections, authors=authors, tags=tags)
        created += 1
    return created
