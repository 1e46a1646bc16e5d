"""The reader's search page."""

from django.views.generic import ListView

from ..models import Article
from ..search import (
    MAX_QUERY_LENGTH,
    SearchQueryError,
    over_search_limit,
    search_articles,
)
from .reader import ForgivingPaginationMixin

_FLOODED = "بحثت كثيرًا خلال دقيقة واحدة. انتظر دقيقة ثم أعد البحث."


class SearchView(ForgivingPaginationMixin, ListView):
    """Results for `?q=`; an empty, too long or punctuation-only query gets a hint."""

    template_name = "articles/search.html"
    context_object_name = "articles"

    def get(self, request, *args, **kwargs):
        # Each new query is a full-text search the page cache cannot answer: past
        # SEARCH_RATE a minute from one address, the page says so instead (429).
        self.query = request.GET.get("q", "").strip()
        self.flooded = bool(self.query) and over_search_limit(request)
        response = super().get(request, *args, **kwargs)
        if self.flooded:
            response.status_code = 429
            response["Retry-After"] = "60"
            response["Cache-Control"] = "no-store"
        return response

    def get_queryset(self):
        self.error = None
        if self.flooded:
            self.error = _FLOODED
            return Article.objects.none()
        try:
            return search_articles(
                Article.objects.published().with_snippet_data(), self.query
            )
        except SearchQueryError as exc:
            self.error = str(exc)
            return Article.objects.none()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query[: MAX_QUERY_LENGTH * 2],
            error=self.error if self.query else None,
            max_length=MAX_QUERY_LENGTH,
            **kwargs,
        )
