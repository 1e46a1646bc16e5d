from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds
from .caching import public_page
from .sitemaps import NEWS_SITEMAPS, SITEMAPS
from .views import comments, engagement, preview, reader, search

app_name = "articles"


def public_path(route, view, name, *, reads=()):
    """A URL whose answer every reader may share (articles/caching)."""
    return path(route, public_page(view, reads=reads), name=name)


PAGED = ["page"]

urlpatterns = [
    public_path("", reader.HomeView.as_view(), "home"),
    public_path("latest/", reader.LatestView.as_view(), "latest", reads=PAGED),
    public_path("search/", search.SearchView.as_view(), "search", reads=["q", "page"]),
    path("a/<int:pk>", reader.short_link, name="short"),
    public_path(
        "section/<str:slug>/",
        reader.SectionDetailView.as_view(),
        "section",
        reads=PAGED,
    ),
    public_path(
        "author/<str:slug>/", reader.AuthorDetailView.as_view(), "author", reads=PAGED
    ),
    public_path("tag/<str:slug>/", reader.TagDetailView.as_view(), "tag", reads=PAGED),
    public_path("news/<str:slug>/", reader.ArticleDetailView.as_view(), "detail"),
    path("preview/<int:pk>/", preview.ArticlePreviewView.as_view(), name="preview"),
    path("comments/token/", comments.comment_token, name="comment-token"),
    path("comments/<int:article_id>/", comments.post_comment, name="comment-create"),
    path(
        "comments/<int:article_id>/write/",
        comments.comment_page,
        name="comment-page",
    ),
    # Discovery: feeds, sitemaps, robots.txt.
    public_path("feed/rss/", feeds.LatestArticlesFeed(), "feed-rss"),
    public_path("feed/atom/", feeds.LatestArticlesAtomFeed(), "feed-atom"),
    public_path("section/<str:slug>/rss/", feeds.SectionFeed(), "section-rss"),
    public_path("section/<str:slug>/atom/", feeds.SectionAtomFeed(), "section-atom"),
    public_path("author/<str:slug>/rss/", feeds.AuthorFeed(), "author-rss"),
    public_path("author/<str:slug>/atom/", feeds.AuthorAtomFeed(), "author-atom"),
    path(
        "sitemap.xml",
        public_page(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap-part"},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        public_page(sitemap, reads=["p"]),
        {
            "sitemaps": NEWS_SITEMAPS,
            "template_name": "articles/news_sitemap.xml",
            "content_type": "application/xml",
        },
        name="sitemap-news",
    ),
    path(
        "sitemap-<str:section>.xml",
        public_page(sitemap, reads=["p"]),
        {"sitemaps": SITEMAPS},
        name="sitemap-part",
    ),
    public_path("robots.txt", reader.robots_txt, "robots"),
    path("engagement/view/<int:pk>", engagement.view_beacon, name="view-beacon"),
    path("engagement/share/<int:pk>/<str:network>", engagement.share, name="share"),
]
