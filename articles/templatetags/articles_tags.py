"""Reader-page helpers: Arabic plurals, digits, Hijri dates, pictures, JSON-LD."""

import logging
import re
import zoneinfo

from django import template
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from hijridate import Gregorian

from ..caching import shared_query
from ..middleware import default_digits
from ..models import Section
from ..models.images import RENDITION_SIZES
from ..presentation.links import link
from ..presentation.renditions import rendition_urls
from ..presentation.seo import json_ld_script, news_article_data
from ..search import highlight, snippet
from ..text.direction import text_direction
from ..text.plain import xml_text
from ..text.plurals import plural_index

register = template.Library()
logger = logging.getLogger(__name__)

_FIRST_PARAGRAPH = re.compile(r"\s*<p(\s[^>]*)?>")
_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# (zero, one, two, few 3-10, many 11-99, other 100+) for each counter.
PLURAL_FORMS = {
    "views": ("مشاهدات", "مشاهدة", "مشاهدتان", "مشاهدات", "مشاهدة", "مشاهدة"),
    "comments": ("تعليقات", "تعليق", "تعليقان", "تعليقات", "تعليقاً", "تعليق"),
    "shares": ("مشاركات", "مشاركة", "مشاركتان", "مشاركات", "مشاركة", "مشاركة"),
    "articles": ("مقالات", "مقال", "مقالان", "مقالات", "مقالاً", "مقال"),
    "results": ("نتائج", "نتيجة", "نتيجتان", "نتائج", "نتيجة", "نتيجة"),
}


# One of each, said in words: Arabic puts no numeral before "one" or a dual.
ONE = {
    "views": "مشاهدة واحدة",
    "comments": "تعليق واحد",
    "shares": "مشاركة واحدة",
    "articles": "مقال واحد",
    "results": "نتيجة واحدة",
}


@register.filter
def arabic_plural(n, noun: str) -> str:
    """The word for `n` of `noun` ("views", "comments", ...) in the right plural form."""
    try:
        return PLURAL_FORMS[noun][plural_index(n)]
    except (KeyError, TypeError, ValueError):
        return ""


register.filter("xml_text", xml_text)


@register.filter
def arabic_indic(value) -> str:
    """Write the ASCII digits of `value` as Arabic-Indic digits (٠-٩)."""
    return str(value).translate(_TO_ARABIC_INDIC)


def _digits(context) -> str:
    # RequestContext keeps `.request` through `{% include ... only %}` and inclusion tags.
    request = getattr(context, "request", None) or context.get("request")
    return getattr(request, "digits", None) or default_digits()


@register.simple_tag(takes_context=True)
def num(context, value) -> str:
    """`value` with digits in the reader's preference (cookie or site default)."""
    text = "" if value is None else str(value)
    return arabic_indic(text) if _digits(context) == "arab" else text


@register.simple_tag(name="link")
def link_tag(viewname: str, *args) -> str:
    """`{% url %}` for reader pages, remembered per process (articles/presentation/links.py)."""
    return link(viewname, *args)


@register.simple_tag(takes_context=True)
def digits_url(context, choice: str) -> str:
    """This page's query string with `digits=<choice>`, keeping the parameters the page
    reads (a public page's copy is shared, so nobody's `fbclid` is echoed)."""
    request = context.get("request")
    params = (
        QueryDict(mutable=True) if request is None else shared_query(request).copy()
    )
    params["digits"] = choice
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def counter(context, n, noun: str) -> str:
    """A counter such as "3 مشاهدات", with the reader's digits; one and two are words
    ("مشاهدة واحدة", "مشاهدتان"), never "2 مشاهدتان"."""
    category = plural_index(n) if isinstance(n, int) else None
    if category == 1 and noun in ONE:
        return ONE[noun]
    if category == 2 and noun in PLURAL_FORMS:
        return PLURAL_FORMS[noun][2]
    return f"{num(context, n)} {arabic_plural(n, noun)}"


@register.simple_tag(takes_context=True)
def hijri_date(context, value) -> str:
    """The Hijri date of a datetime in the site's time zone, or '' when switched off."""
    if not value or not getattr(settings, "SHOW_HIJRI_DATE", False):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    try:
        hijri = Gregorian(value.year, value.month, value.day).to_hijri()
    except (OverflowError, ValueError):
        return ""  # outside the supported range (1343-1500 AH)
    return num(context, f"{hijri.day} {hijri.month_name('ar')} {hijri.year} هـ")


_PICTURE = (
    "<picture{}>\n"
    '  <source type="image/avif" srcset="{}" sizes="{}">\n'
    '  <source type="image/webp" srcset="{}" sizes="{}">\n'
    '  <img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}"'
    ' decoding="async"{}>\n'
    "</picture>"
)
_MEDIUM = next((w, h) for name, w, h in RENDITION_SIZES if name == "medium")


@register.simple_tag
def picture(image, *, sizes="100vw", lead=False, css_class=""):
    """A responsive <picture>: AVIF, WebP and a JPEG fallback in three widths.

    Built in Python, not an included template: it appears five times on an article
    page and this is several times faster."""
    if image is None:
        return ""
    try:
        sources, fallback = rendition_urls(image.pk, image.file.name)
    except (OSError, ValueError) as exc:  # the original file is missing or unreadable
        logger.warning("no renditions for image %s: %s", image.pk, exc)
        return ""
    srcsets = dict(sources)
    return format_html(
        _PICTURE,
        format_html(' class="{}"', css_class) if css_class else "",
        srcsets["avif"],
        sizes,
        srcsets["webp"],
        sizes,
        fallback,
        srcsets["jpeg"],
        sizes,
        image.alt_text,
        *_MEDIUM,
        mark_safe(
            ' loading="eager" fetchpriority="high"' if lead else ' loading="lazy"'
        ),
    )


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """The escaped NewsArticle JSON-LD of `article`, for a ld+json script element."""
    return json_ld_script(news_article_data(context["request"], article))


@register.inclusion_tag("includes/_nav.html", takes_context=True)
def site_nav(context):
    """The sections menu (one query)."""
    return {
        "sections": list(Section.objects.only("name", "slug")),
        "request": context.get("request"),
    }


@register.simple_tag
def highlight_text(text, query):
    """`text` escaped, with the words matching the search query marked."""
    return highlight(text, query)


@register.simple_tag
def search_snippet(article, query):
    """A highlighted passage of `article` around the first word matching the query."""
    return snippet(article, query)


@register.filter
def direction(text) -> str:
    """`dir` for a reader's or an editor's free text: by most of its letters, not the
    first (articles/text/direction.py)."""
    return text_direction(str(text))


@register.filter
def with_dateline(body, dateline):
    """The sanitised body with "dateline- " opening its first paragraph."""
    body = body or ""
    if not dateline:
        return mark_safe(body)  # noqa: S308 - sanitised by the prose editor field
    lead = format_html('<span class="article-dateline">{}- </span>', dateline)
    match = _FIRST_PARAGRAPH.match(body)
    if match:
        return mark_safe(body[: match.end()] + lead + body[match.end() :])  # noqa: S308
    return mark_safe(f"<p>{lead}</p>{body}")  # noqa: S308


@register.filter
def isodate(value) -> str:
    """ISO 8601 with the offset and whole seconds, as HTML's datetime attribute wants."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


@register.tag("part")
def do_part(parser, token):
    """`{% part "name" %}...{% endpart %}`: a kept part of the page (articles/caching/parts.py).

    With `page_parts` in the context, the kept HTML when it is current, else the rendered
    body, which is then kept; without, the body as is. Not Django's `{% cache %}`: that
    reads each fragment in a round trip of its own and knows no editorial generation;
    here all the parts of a page come in the view's one round trip."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('usage: {% part "name" %}')
    nodelist = parser.parse(("endpart",))
    parser.delete_first_token()
    return PartNode(bits[1][1:-1], nodelist)


class PartNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        parts = context.get("page_parts")
        if parts is None:
            return self.nodelist.render(context)
        html = parts.get(self.name)
        if html is None:
            html = self.nodelist.render(context)
            parts.keep(self.name, html)
        return html
