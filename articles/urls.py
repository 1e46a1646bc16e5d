from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds
from .caching import public_page
from .sitemaps import NEWS_SITEMAPS, SITEMAPS
from .views import comments, engagement, preview, reader, search

app_name = "articles"

urlpatterns = [
    path("", public_page(reader.HomeView.as_view()), name="home"),
    path(
        "latest/",
        public_page(reader.LatestView.as_view(), reads=["page"]),
        name="latest",
    ),
    path(
        "search/",
        public_page(search.SearchView.as_view(), reads=["q", "page"]),
        name="search",
    ),
    path("a/<int:pk>", reader.short_link, name="short"),
    path(
        "section/<str:slug>/",
        public_page(reader.SectionDetailView.as_view(), reads=["page"]),
        name="section",
    ),
    path(
        "author/<str:slug>/",
        public_page(reader.AuthorDetailView.as_view(), reads=["page"]),
        name="author",
    ),
    path(
        "tag/<str:slug>/",
        public_page(reader.TagDetailView.as_view(), reads=["page"]),
        name="tag",
    ),
    path(
        "news/<str:slug>/",
        public_page(reader.ArticleDetailView.as_view()),
        name="detail",
    ),
    path("preview/<int:pk>/", preview.ArticlePreviewView.as_view(), name="preview"),
    path("comments/token/", comments.comment_token, name="comment-token"),
    path("comments/<int:article_id>/", comments.post_comment, name="comment-create"),
    path(
        "comments/<int:article_id>/write/",
        comments.comment_page,
        name="comment-page",
    ),
    # Discovery: feeds, sitemaps, robots.txt.
    path("feed/rss/", public_page(feeds.LatestArticlesFeed()), name="feed-rss"),
    path("feed/atom/", public_page(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path(
        "section/<str:slug>/rss/", public_page(feeds.SectionFeed()), name="section-rss"
    ),
    path(
        "section/<str:slug>/atom/",
        public_page(feeds.SectionAtomFeed()),
        name="section-atom",
    ),
    path("author/<str:slug>/rss/", public_page(feeds.AuthorFeed()), name="author-rss"),
    path(
        "author/<str:slug>/atom/",
        public_page(feeds.AuthorAtomFeed()),
        name="author-atom",
    ),
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
    path("robots.txt", public_page(reader.robots_txt), name="robots"),
    path("engagement/view/<int:pk>", engagement.view_beacon, name="view-beacon"),
    path("engagement/share/<int:pk>/<str:network>", engagement.share, name="share"),
]
