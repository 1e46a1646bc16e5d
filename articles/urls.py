from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds
from .sitemaps import NEWS_SITEMAPS, SITEMAPS
from .views import comments, preview, reader, search

app_name = "articles"

urlpatterns = [
    path("", reader.HomeView.as_view(), name="home"),
    path("latest/", reader.LatestView.as_view(), name="latest"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("a/<int:pk>", reader.short_link, name="short"),
    path("section/<str:slug>/", reader.SectionDetailView.as_view(), name="section"),
    path("author/<str:slug>/", reader.AuthorDetailView.as_view(), name="author"),
    path("tag/<str:slug>/", reader.TagDetailView.as_view(), name="tag"),
    path("news/<str:slug>/", reader.ArticleDetailView.as_view(), name="detail"),
    path("preview/<int:pk>/", preview.ArticlePreviewView.as_view(), name="preview"),
    path("comments/token/", comments.comment_token, name="comment-token"),
    path("comments/<int:article_id>/", comments.post_comment, name="comment-create"),
    # Discovery: feeds, sitemaps, robots.txt.
    path("feed/rss/", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("section/<str:slug>/rss/", feeds.SectionFeed(), name="section-rss"),
    path("section/<str:slug>/atom/", feeds.SectionAtomFeed(), name="section-atom"),
    path("author/<str:slug>/rss/", feeds.AuthorFeed(), name="author-rss"),
    path("author/<str:slug>/atom/", feeds.AuthorAtomFeed(), name="author-atom"),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap-part"},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        sitemap,
        {
            "sitemaps": NEWS_SITEMAPS,
            "template_name": "articles/news_sitemap.xml",
            "content_type": "application/xml",
        },
        name="sitemap-news",
    ),
    path(
        "sitemap-<str:section>.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-part",
    ),
    path("robots.txt", reader.robots_txt, name="robots"),
]
