from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("a/<int:pk>", views.short_link, name="short"),
    path("section/<str:slug>/", views.SectionDetailView.as_view(), name="section"),
    path("author/<str:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("tag/<str:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("news/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
