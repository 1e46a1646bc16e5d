from django.urls import path

from .views import engagement, reader

app_name = "articles"

urlpatterns = [
    path("", reader.HomeView.as_view(), name="home"),
    path("a/<int:pk>", reader.short_link, name="short"),
    path("section/<str:slug>/", reader.SectionDetailView.as_view(), name="section"),
    path("author/<str:slug>/", reader.AuthorDetailView.as_view(), name="author"),
    path("tag/<str:slug>/", reader.TagDetailView.as_view(), name="tag"),
    path("news/<str:slug>/", reader.ArticleDetailView.as_view(), name="detail"),
    path("engagement/view/<int:pk>", engagement.view_beacon, name="view-beacon"),
    path("engagement/share/<int:pk>/<str:network>", engagement.share, name="share"),
]
