"""Structured data for search engines and link previews (JSON-LD NewsArticle)."""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from .renditions import rendition_path

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json">, safe against `</script>`."""
    text = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(text)  # noqa: S308 - <, > and & are escaped above


def og_image_url(request, article) -> str:
    """Absolute URL of the article's 1200x630 JPEG, or '' without a lead picture."""
    if not article.lead_image_id:
        return ""
    try:
        image = article.lead_image
        return request.build_absolute_uri(
            rendition_path(image.pk, image.file.name, "og_jpeg")
        )
    except (OSError, ValueError):
        return ""


def _source_as_author(article) -> list[dict] | None:
    """A republished piece with no byline is by its source, an organisation."""
    if not article.source_id:
        return None
    author = {"@type": "NewsMediaOrganization", "name": article.source.name}
    if article.source.url:
        author["url"] = article.source.url
    return [author]


def news_article_data(request, article) -> dict:
    """schema.org NewsArticle for one article."""
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": article.deck,
        "inLanguage": "ar",
        "datePublished": article.published_at.isoformat()
        if article.published_at
        else None,
        "dateModified": article.modified_at.isoformat()
        if article.published_at
        else None,
        "articleSection": article.section.name,
        "author": [
            {
                "@type": "Person",
                "name": byline.author.name,
                "url": request.build_absolute_uri(byline.author.get_absolute_url()),
            }
            for byline in article.bylines.all()
        ]
        or _source_as_author(article),
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri("/"),
            "logo": {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(static("img/logo.png")),
            },
        },
    }
    image = og_image_url(request, article)
    if image:
        data["image"] = [image]
    if article.source_id:
        source = {"@type": "CreativeWork", "publisher": article.source.name}
        if article.original_url:
            source["url"] = article.original_url
        if article.original_published_on:
            source["datePublished"] = article.original_published_on.isoformat()
        data["isBasedOn"] = source
    return {key: value for key, value in data.items() if value not in (None, "")}
