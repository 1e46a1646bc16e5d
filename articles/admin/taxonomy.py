"""Sections, tags, authors and sources: small lists editors keep tidy."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..models import Author, Section, Source, Tag
from .access import VisiblePicturesMixin
from .pictures import card_picture


class _CountedArticlesMixin:
    """An "articles" column counted in the changelist query itself (no N+1)."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_articles=Count("articles"))

    @admin.display(description=_("المقالات"), ordering="_articles")
    def article_total(self, obj):
        return obj._articles


@admin.register(Section)
class SectionAdmin(_CountedArticlesMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position", "article_total"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]


@admin.register(Tag)
class TagAdmin(_CountedArticlesMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "article_total"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(VisiblePicturesMixin, admin.ModelAdmin):
    list_display = ["photo_thumbnail", "name", "slug", "user", "is_active"]
    list_display_links = ["name"]
    list_filter = ["is_active"]
    list_select_related = ["photo", "user"]
    search_fields = ["name", "slug", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Editors may not browse accounts; they pick among staff usernames only.
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("الصورة"))
    def photo_thumbnail(self, obj):
        return card_picture(obj.photo, width=48, height=27)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "url"]
    search_fields = ["name", "url"]
