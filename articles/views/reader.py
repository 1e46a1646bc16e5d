"""Reader pages: thin views over the named querysets."""

import re

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView, TemplateView

from ..caching import PageParts
from ..models import Article, ArticleSlug, Author, Section, Tag
from ..presentation.seo import og_image_url

MAX_SLUG_LENGTH = 220  # Article.slug max_length; longer paths cannot exist
PAGE_SIZE = 20
_SLUG = re.compile(r"[-\w]+\Z")


def checked_slug(slug: str) -> str:
    """The slug from the URL, or 404 when no slug could look like it (no query run)."""
    if len(slug) > MAX_SLUG_LENGTH or not _SLUG.match(slug):
        raise Http404("not a slug")
    return slug


class ForgivingPaginationMixin:
    """`?page=` out of range shows the last page; not a number shows the first.

    Such a stand-in page is right for the reader but is nobody's copy to share: it is
    answered `no-store`, so a run of `?page=N` fills neither our page cache nor a CDN
    with copies of one page (only each real page's own number is stored)."""

    paginate_by = PAGE_SIZE
    stand_in_page = False

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        asked = self.request.GET.get(self.page_kwarg)
        page = paginator.get_page(asked)
        self.stand_in_page = asked is not None and asked != str(page.number)
        return paginator, page, page.object_list, page.has_other_pages()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.stand_in_page:
            add_never_cache_headers(response)
        return response


class HomeView(TemplateView):
    """The lead story, the latest articles and a block per section."""

    template_name = "articles/home.html"
    latest_count = 10
    per_section = 4

    def get_context_data(self, **kwargs):
        published = Article.objects.published().as_cards()
        lead = published.headlines().first() or published.first()
        others = published.exclude(pk=lead.pk) if lead else published
        return super().get_context_data(
            lead=lead,
            latest=others[: self.latest_count],
            section_blocks=published.top_per_section(self.per_section),
            **kwargs,
        )


class LatestView(ForgivingPaginationMixin, ListView):
    """Every published article, newest first, page by page."""

    template_name = "articles/latest.html"
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().as_cards()


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    related_count = 4
    # The template's `{% part %}` blocks, kept between renders (articles/caching/parts.py).
    part_names = ("head", "nav", "top", "body", "related")
    parts = PageParts.off()

    def get_queryset(self):
        published = Article.objects.published()
        if self.parts.found:  # the kept parts show the rest
            return published.with_live_data()
        return published.with_page_data()

    def get_context_data(self, **kwargs):
        article = self.object
        context = {"comments": article.visible_comments(), "page_parts": self.parts}
        if not self.parts.found:
            request = self.request
            related = Article.objects.published().as_cards().related_to(article)
            context.update(
                share_url=request.build_absolute_uri(article.get_short_url()),
                canonical_url=request.build_absolute_uri(article.get_absolute_url()),
                og_image=og_image_url(request, article),
                related=related[: self.related_count],
            )
        return super().get_context_data(**context, **kwargs)

    def get(self, request, *args, **kwargs):
        checked_slug(kwargs["slug"])  # no cache round trip for what cannot be a slug
        self.parts = PageParts.load(request, request.path, self.part_names)
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            old = ArticleSlug.objects.filter(
                slug=kwargs["slug"],  # checked above
                article__in=Article.objects.published(),
            ).select_related("article")
            old = old.first()
            if old is None:
                raise
            return redirect(old.article, permanent=True)
        response.add_post_render_callback(self.parts.save)
        return response


def short_link(request, pk):
    article = get_object_or_404(Article.objects.published(), pk=pk)
    return redirect(article, permanent=True)


class _ArticlesOfMixin(ForgivingPaginationMixin, ListView):
    """A paginated list of the published articles of one section, author or tag."""

    context_object_name = "articles"
    owner_model = None

    def get_queryset(self):
        slug = checked_slug(self.kwargs["slug"])
        self.owner = get_object_or_404(self.owner_model, slug=slug)
        return self.filter_articles(Article.objects.published().as_cards())

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


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("articles:sitemap"))
    news = request.build_absolute_uri(reverse("articles:sitemap-news"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Allow: /",
        f"Sitemap: {sitemap}",
        f"Sitemap: {news}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
