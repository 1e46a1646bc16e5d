"""Reader pages: thin views over the named querysets."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from ..models import Article, ArticleSlug, Author, Section, Tag


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().with_card_data()


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().with_page_data()

    def get_context_data(self, **kwargs):
        article = self.object
        return super().get_context_data(
            share_url=self.request.build_absolute_uri(article.get_short_url()),
            comments=article.comments.visible().order_by("created_at"),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            old = ArticleSlug.objects.filter(slug=kwargs["slug"]).select_related(
                "article"
            )
            old = old.filter(article__in=Article.objects.published()).first()
            if old is None:
                raise
            return redirect(old.article, permanent=True)


def short_link(request, pk):
    article = get_object_or_404(Article.objects.published(), pk=pk)
    return redirect(article, permanent=True)


class _ArticlesOfMixin(ListView):
    """A paginated list of the published articles of one section, author or tag."""

    paginate_by = 20
    context_object_name = "articles"
    owner_model = None

    def get_queryset(self):
        self.owner = get_object_or_404(self.owner_model, slug=self.kwargs["slug"])
        return self.filter_articles(Article.objects.published().with_card_data())

    def get_context_data(self, **kwargs):
        return super().get_context_data(owner=self.owner, **kwargs)


class SectionDetailView(_ArticlesOfMixin):
    template_name = "articles/section_detail.html"
    owner_model = Section

    def filter_articles(self, articles):
        return articles.in_section(self.owner)


class AuthorDetailView(_ArticlesOfMixin):
    template_name = "articles/author_detail.html"
    owner_model = Author

    def filter_articles(self, articles):
        return articles.by_author(self.owner)


class TagDetailView(_ArticlesOfMixin):
    template_name = "articles/tag_detail.html"
    owner_model = Tag

    def filter_articles(self, articles):
        return articles.tagged(self.owner)
