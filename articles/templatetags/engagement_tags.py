"""{% most_read 5 "24h" %}: the most read live articles of the last day or week."""

from django import template

from ..models import Article
from ..querysets import MOST_READ_WINDOWS

register = template.Library()

_TITLES = {"24h": "الأكثر قراءة اليوم", "7d": "الأكثر قراءة هذا الأسبوع"}


@register.inclusion_tag("includes/_most_read.html")
def most_read(limit=5, window="24h"):
    if window not in MOST_READ_WINDOWS:
        raise template.TemplateSyntaxError(
            f"most_read: window must be one of {', '.join(MOST_READ_WINDOWS)}"
        )
    articles = (
        Article.objects.published()
        .most_read(window)
        .only("headline", "slug", "published_at")[: int(limit)]
    )
    return {"articles": articles, "title": _TITLES[window], "window": window}
