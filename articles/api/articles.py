"""Article reads: the list (with search), one article and most read; published only."""

from django.db.models import Max
from django.shortcuts import get_object_or_404
from ninja import Router

from ..caching import set_last_modified
from ..models import Article
from ..search import SearchQueryError, over_search_limit, search_articles
from . import representations
from .errors import error_response, too_many
from .params import ArticleId, Limit, Offset, SearchQuery, Window, slug_filter
from .routes import shared_get
from .schemas import ArticleDetail, ArticlePage, ErrorOut, MostReadList

router = Router(tags=["articles"])


def filter_articles(articles, *, section=None, author=None, tag=None):
    """Narrow a queryset by section, author and tag slugs."""
    if section:
        articles = articles.filter(section__slug=section)
    if author:
        articles = articles.filter(bylines__author__slug=author)
    if tag:
        articles = articles.filter(tags__slug=tag)
    return articles


def list_last_modified(*, section=None, author=None, tag=None):
    """Latest save or go-live among the matching published articles (information for
    clients: a 304 is decided by the ETag, so drafts need not move it, and must not,
    or the header would tell who is writing about a tag)."""
    candidates = filter_articles(
        Article.objects.published(), section=section, author=author, tag=tag
    )
    latest = candidates.aggregate(
        saved=Max("updated_at"),
        live=Max("published_at"),
    )
    return latest["saved"], latest["live"]


@shared_get(
    router,
    "/articles",
    ok=ArticlePage,
    summary="Published articles, newest first",
    operation_id="list_articles",
    errors={429: ErrorOut},
)
def list_articles(
    request,
    limit: Limit = 20,
    offset: Offset = 0,
    section: str = slug_filter("Only this section (its slug)."),
    author: str = slug_filter("Only articles with this author (slug)."),
    tag: str = slug_filter("Only articles with this tag (slug)."),
    q: SearchQuery = None,
):
    filters = {"section": section, "author": author, "tag": tag}
    articles = filter_articles(Article.objects.published(), **filters)
    if q is not None:
        if over_search_limit(request):
            return too_many(60)
        try:
            articles = search_articles(articles, q)  # best match first
        except SearchQueryError as exc:
            return error_response(422, errors=[{"field": "q", "message": str(exc)}])
    page = articles.with_api_data()[offset : offset + limit]
    set_last_modified(request, *list_last_modified(**filters))
    return {
        "count": articles.count(),
        "limit": limit,
        "offset": offset,
        "items": [representations.article_item(article) for article in page],
    }


@shared_get(
    router,
    "/articles/{article_id}",
    ok=ArticleDetail,
    summary="One published article with its body",
    operation_id="get_article",
)
def get_article(request, article_id: ArticleId):
    article = get_object_or_404(
        Article.objects.published().with_page_data(), pk=article_id
    )
    set_last_modified(request, representations.last_change(article))
    return representations.article_detail(article)


@shared_get(
    router,
    "/most-read",
    ok=MostReadList,
    summary="Most read published articles in the last 24 hours or 7 days",
    operation_id="most_read",
)
def most_read(request, window: Window = "24h", limit: Limit = 10):
    articles = Article.objects.published().most_read(window).with_api_data()
    return {
        "window": window,
        "items": [
            {
                **representations.article_item(article),
                "recent_views": article.recent_views,
            }
            for article in articles[:limit]
        ],
    }
