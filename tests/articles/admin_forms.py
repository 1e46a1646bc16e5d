"""POST payloads for the admin's article form, as the browser would send them."""

from django.utils import timezone

from articles.models import Article


def article_post(*, section, authors=(), lead_image=None, **fields) -> dict:
    data = {
        "headline": "خبر تجريبي",
        "slug": "khabar-tajribi",
        "deck": "",
        "sub_heading": "",
        "dateline": "",
        "body": "<p>نص الخبر.</p>",
        "section": section.pk,
        "lead_image": lead_image.pk if lead_image else "",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "is_open_for_comments": "on",
        "source": "",
        "original_url": "",
        "original_published_on": "",
    }
    for prefix, rows in (
        ("bylines", [{"author": a.pk, "position": i} for i, a in enumerate(authors)]),
        ("article_images", []),
        ("corrections", []),
    ):
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for i, row in enumerate(rows):
            data |= {f"{prefix}-{i}-{key}": value for key, value in row.items()}
    data |= fields
    return data


def change_post(article, **fields) -> dict:
    """The change form for an existing article, with some fields replaced."""
    when = article.published_at and timezone.localtime(article.published_at)
    data = article_post(
        section=article.section,
        lead_image=article.lead_image,
        headline=article.headline,
        slug=article.slug,
        body=article.body,
        deck=article.deck,
        status=article.status,
        published_at_0=when.strftime("%Y-%m-%d") if when else "",
        published_at_1=when.strftime("%H:%M:%S") if when else "",
    )
    data |= fields
    return data
