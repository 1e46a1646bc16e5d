"""Article search: one Arabic normalisation for the index and the query.

PostgreSQL: full text search with the built-in `arabic` configuration over a weighted
vector (headline A, deck B, everything C) that the SQL function `articles_search_vector`
computes into the stored generated column `search_vector`, which a GIN index covers;
when nothing matches, trigram word similarity over `Article.search_text` is the fuzzy
fallback. The SQL functions come from migration `0003_reader_search_sql`, the column and
its index from `0006_stored_search_vector` (the model does not declare the column: it
exists on PostgreSQL only, and PostgreSQL alone writes it).

SQLite: every normalised query word must occur in `Article.search_text`, which
`Article.save()` fills with `normalization.search_text_of(...)`.

Snippets are cut from the original (un-normalised) text on both databases.
"""

import functools
import re

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, StrIndex
from django.db.models.lookups import LessThanOrEqual
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .guards.throttle import client_address, is_over_limit
from .text.normalization import normalize_arabic, text_of_html
from .text.plurals import LETTERS, counted

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_WORDS = 36
_WORD = re.compile(r"\w+", re.UNICODE)
# The stored weighted vector (PostgreSQL only), indexed by `article_search_vector_idx`.
SEARCH_VECTOR_COLUMN = "search_vector"


def over_search_limit(request) -> bool:
    """Count one search the page cache could not answer; True past `SEARCH_RATE` a
    minute from this address. The search page and the API's `q` share the budget."""
    return is_over_limit(
        scope="search", key=client_address(request), limit=settings.SEARCH_RATE
    )


class SearchQueryError(ValueError):
    """A query we will not run; the message is shown to the reader."""


def query_terms(raw: str | None) -> list[str]:
    """The normalised words of a reader's query, or SearchQueryError saying why not."""
    raw = (raw or "").strip()
    if not raw:
        raise SearchQueryError(_("اكتب كلمة أو أكثر للبحث."))
    if len(raw) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            _("عبارة البحث طويلة جداً: اكتب %(letters)s على الأكثر.")
            % {"letters": counted(MAX_QUERY_LENGTH, LETTERS)}
        )
    terms = [t for t in _WORD.findall(normalize_arabic(raw)) if t != "_"]
    if not terms:
        raise SearchQueryError(_("لم نجد في عبارة البحث حروفاً أو أرقاماً نبحث عنها."))
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def _stored_vector(model) -> RawSQL:
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(SEARCH_VECTOR_COLUMN)
    return RawSQL(f"{table}.{column}", [], output_field=SearchVectorField())


def _postgres_search(queryset, terms):
    text = " ".join(terms)
    vector = _stored_vector(queryset.model)
    ts_query = SearchQuery(text, config="arabic", search_type="plain")
    full_text = (
        queryset.annotate(search_vector=vector, rank=SearchRank(vector, ts_query))
        .filter(search_vector=ts_query)
        .order_by("-rank", "-published_at", "-pk")
    )
    if full_text.exists():
        return full_text
    return (
        queryset.annotate(rank=TrigramWordSimilarity(Value(text), "search_text"))
        .filter(search_text__trigram_word_similar=text)
        .order_by("-rank", "-published_at", "-pk")
    )


def _portable_search(queryset, terms):
    rank = Value(0)
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
        # search_text starts with the normalised headline, which is never longer than
        # the headline: a word found within that length is a headline hit (weight 2).
        in_headline = LessThanOrEqual(
            StrIndex("search_text", Value(term)), Length("headline")
        )
        rank = rank + Case(When(in_headline, then=Value(2)), default=Value(1))
    return queryset.annotate(rank=rank).order_by("-rank", "-published_at", "-pk")


def search_articles(queryset, query: str):
    """Articles of `queryset` matching `query`, best first (raises SearchQueryError)."""
    terms = query_terms(query)
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, terms)
    return _portable_search(queryset, terms)


def highlight(text: str, query: str, *, words: int | None = None) -> SafeString:
    """Escaped `text` with the words matching `query` in <mark>, cut around the first hit.

    Matching is done on normalised words, so the original spelling is kept.
    """
    terms = _highlight_terms(query)
    tokens = re.split(r"(\s+)", text.strip())

    def is_hit(token: str) -> bool:
        return bool(token.strip()) and any(t in normalize_arabic(token) for t in terms)

    start, end = 0, len(tokens)
    if words is not None and len(tokens) > 2 * words:
        # Only the words up to the first hit and the window shown are normalised.
        first = next((i for i, token in enumerate(tokens) if is_hit(token)), 0)
        start = max(0, first - words // 3 * 2)
        end = min(len(tokens), start + 2 * words)
    parts = [
        f"<mark>{escape(tokens[i])}</mark>" if is_hit(tokens[i]) else escape(tokens[i])
        for i in range(start, end)
    ]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return mark_safe(prefix + "".join(parts).strip() + suffix)


@functools.lru_cache(maxsize=256)
def _highlight_terms(query: str) -> tuple[str, ...]:
    """The query's words once per query, not once per result (a page shows 20)."""
    try:
        return tuple(query_terms(query))
    except SearchQueryError:
        return ()


def snippet(article, query: str) -> SafeString:
    """A highlighted passage of the article's deck and body, from the original text."""
    text = text_of_html(f"{article.deck} {article.body or ''}")
    return highlight(" ".join(text.split()), query, words=SNIPPET_WORDS)
