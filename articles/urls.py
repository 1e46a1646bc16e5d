from django.urls import path

from .views import comments, preview, reader

app_name = "articles"

urlpatterns = [
    path("", reader.HomeView.as_view(), name="home"),
    path("a/<int:pk>", reader.short_link, name="short"),
    path("section/<str:slug>/", reader.SectionDetailView.as_view(), name="section"),
    path("author/<str:slug>/", reader.AuthorDetailView.as_view(), name="author"),
    path("tag/<str:slug>/", reader.TagDetailView.as_view(), name="tag"),
    path("news/<str:slug>/", reader.ArticleDetailView.as_view(), name="detail"),
    path("preview/<int:pk>/", preview.ArticlePreviewView.as_view(), name="preview"),
    path("comments/token/", comments.comment_token, name="comment-token"),
    path("comments/<int:article_id>/", comments.post_comment, name="comment-create"),
]
