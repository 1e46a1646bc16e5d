"""The article admin: the editors' daily tool, with the workflow's role rules."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from js_asset import Media

from ..models import Article, ArticleImage, Byline, Correction
from ..services import publishing
from ..text.normalization import normalize_arabic
from .access import NotYoursMixin, VisiblePicturesMixin
from .article_forms import TEXT_FIELDS, ArticleAdminForm
from .pictures import card_picture
from .wording import count_articles

WRITER_READONLY = ("published_at", "is_featured", "is_breaking")
# Figures and stamps the site keeps; nobody types them.
STATS_FIELDS = [
    "view_count",
    "comment_count",
    "share_count",
    "created_by",
    "created_at",
    "updated_at",
    "content_updated_at",
]


class _ArticlePartInline(admin.TabularInline):
    """Bylines and body pictures belong to the article: its rights are theirs."""

    def _may_edit_articles(self, request):
        user = request.user
        return user.has_perm("articles.add_article") or user.has_perm(
            "articles.change_article"
        )

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request, obj=None):
        return self._may_edit_articles(request)

    def has_change_permission(self, request, obj=None):
        return self._may_edit_articles(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit_articles(request)


class BylineInline(_ArticlePartInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = _("كاتب")
    verbose_name_plural = _("الكتّاب بالترتيب")


class ArticleImageInline(VisiblePicturesMixin, _ArticlePartInline):
    model = ArticleImage
    extra = 0
    autocomplete_fields = ["image"]


class CorrectionInline(admin.StackedInline):
    """Corrections are appended, dated and signed; old ones are not rewritten."""

    model = Correction
    extra = 0
    fields = ["text", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(NotYoursMixin, VisiblePicturesMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    not_yours_message = _(
        "هذا المقال ليس من مقالاتك، فلا يمكنك فتحه؛ يفتحه كاتبه والمحررون."
    )
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "headline",
        "section",
        "status_label",
        "published_at",
        "view_count",
        "comment_count",
        "share_count",
    ]
    list_display_links = ["headline"]
    list_filter = ["status", "section", "is_featured", "is_breaking", "tags"]
    list_select_related = ["section"]
    list_per_page = 50
    search_fields = ["headline", "slug"]
    search_help_text = _("ابحث في العنوان والمقدمة والنص، بالهمزات أو دونها.")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "tags", "lead_image", "source"]
    readonly_fields = [*STATS_FIELDS, "lead_image_preview", "preview_link"]
    inlines = [BylineInline, ArticleImageInline, CorrectionInline]
    actions = [
        "publish_selected",
        "unpublish_selected",
        "archive_selected",
        "submit_selected_for_review",
    ]
    fieldsets = [
        (
            None,
            {"fields": TEXT_FIELDS},
        ),
        (
            _("التصنيف والصور"),
            {"fields": ["section", "tags", "lead_image", "lead_image_preview"]},
        ),
        (
            _("النشر"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "is_featured",
                    "is_breaking",
                    "is_open_for_comments",
                    "preview_link",
                ]
            },
        ),
        (
            _("مادة معاد نشرها"),
            {
                "fields": ["source", "original_url", "original_published_on"],
                "classes": ["collapse"],
            },
        ),
        (
            _("الأرقام والتواريخ"),
            {
                "fields": STATS_FIELDS,
                "classes": ["collapse"],
            },
        ),
    ]

    # --- what each user may see and do -------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or publishing.can_publish(request.user):
            return True
        # Writers edit their own drafts only; once in review the editor has it.
        return obj.status == Article.Status.DRAFT and obj.is_owned_by(request.user)

    def has_delete_permission(self, request, obj=None):
        """Drafts may be deleted; an article readers have had is unpublished or
        archived instead, so its address, comments and counts are not lost."""
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or not obj.was_public

    def history_view(self, request, object_id, extra_context=None):
        # Answer 403 before looking the article up, like every other page here.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not publishing.can_publish(request.user):
            fields += WRITER_READONLY
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def render_change_form(self, request, context, *args, **kwargs):
        # The prose editor's inline import map and module scripts carry the request's
        # CSP nonce: the admin's policy allows no other inline script (portal/csp.py).
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        normalized = normalize_arabic(search_term).strip()
        if normalized:
            words = Q()
            for word in normalized.split():
                words &= Q(search_text__icontains=word)
            results = results | queryset.filter(words)
        return results, may_have_duplicates

    def view_on_site(self, obj):
        if obj.is_live:
            return obj.get_absolute_url()
        return reverse("articles:preview", kwargs={"pk": obj.pk})

    # --- saving --------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        was_live = change and Article.objects.get(pk=obj.pk).is_live
        super().save_model(request, obj, form, change)
        if was_live and publishing.CONTENT_FIELDS.intersection(form.changed_data):
            publishing.note_content_update(article=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            publishing.add_correction(
                article=form.instance, text=correction.text, user=request.user
            )
        for correction in formset.deleted_objects:
            correction.delete()

    # --- columns -------------------------------------------------------------------

    @admin.display(description=_("الحالة"), ordering="status")
    def status_label(self, obj):
        if obj.status == Article.Status.SCHEDULED and obj.is_live:
            return _("منشور (كان مجدولاً)")
        return obj.get_status_display()

    @admin.display(description=_("معاينة الصورة"))
    def lead_image_preview(self, obj):
        return card_picture(obj.lead_image, width=240, height=135, described=True)

    @admin.display(description=_("المعاينة"))
    def preview_link(self, obj):
        if not obj.pk:
            return _("احفظ المقال أولاً لتعاينه كما سيراه القراء.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("articles:preview", kwargs={"pk": obj.pk}),
            _t("عاين المقال كما سيظهر للقراء"),
        )

    # --- bulk actions --------------------------------------------------------------

    def _report(self, request, done: int, verb: str, failures: list[str]) -> None:
        self.message_user(
            request,
            _t("%(verb)s: %(count)s.") % {"verb": verb, "count": count_articles(done)},
            messages.SUCCESS if done else messages.WARNING,
        )
        for failure in failures:
            self.message_user(request, failure, messages.ERROR)

    def _apply(self, request, queryset, service, verb: str, **extra) -> None:
        done, failures = 0, []
        for article in queryset:
            try:
                service(article=article, user=request.user, **extra)
            except (ValidationError, PermissionDenied) as error:
                failures.append(f"{article}: {' '.join(_messages(error))}")
            else:
                done += 1
                # The article's history shows bulk changes too, not only form saves.
                self.log_change(request, article, verb)
        self._report(request, done, verb, failures)

    @admin.action(description=_("نشر المقالات المحددة"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        waiting = queryset.exclude(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED]
        )
        self._apply(request, waiting, publishing.publish_article, _t("نُشر أو جُدول"))

    @admin.action(
        description=_("إلغاء نشر المقالات المحددة (إعادتها مسودات)"),
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        live = queryset.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED]
        )
        self._apply(request, live, publishing.unpublish_article, _t("أُلغي نشر"))

    @admin.action(description=_("أرشفة المقالات المحددة"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        rest = queryset.exclude(status=Article.Status.ARCHIVED)
        self._apply(request, rest, publishing.archive_article, _t("أُرشف"))

    @admin.action(
        description=_("إرسال المسودات المحددة إلى المراجعة"), permissions=["change"]
    )
    def submit_selected_for_review(self, request, queryset):
        drafts = queryset.filter(status=Article.Status.DRAFT)
        self._apply(
            request,
            drafts,
            publishing.submit_article_for_review,
            _t("أُرسل إلى المراجعة"),
        )


def _messages(error) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]
