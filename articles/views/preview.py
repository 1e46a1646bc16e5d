"""Draft preview: the reader's article page, exactly, for the people allowed to see it."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView

from ..models import Article
from .reader import ArticleDetailView


class ArticlePreviewView(LoginRequiredMixin, ArticleDetailView):
    """Editors preview any article; a writer previews only their own."""

    def get_queryset(self):
        user = self.request.user
        if not user.has_perm("articles.view_article"):
            return Article.objects.none()
        return Article.objects.with_page_data().editable_by(user)

    def get(self, request, *args, **kwargs):
        # Skip the reader view's old-slug redirect and any view counting: a preview
        # is looked up by id and is not a reader's visit.
        response = DetailView.get(self, request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response
