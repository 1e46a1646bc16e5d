"""The reader's search page."""

from django.views.generic import ListView

from ..models import Article
from ..search import MAX_QUERY_LENGTH, SearchQueryError, search_articles
from .reader import ForgivingPaginationMixin


class SearchView(ForgivingPaginationMixin, ListView):
    """Results for `?q=`; an empty, too long or punctuation-only query gets a hint."""

    template_name = "articles/search.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()
        self.error = None
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
