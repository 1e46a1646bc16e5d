"""The moderation queue: pending first, bulk decisions that record who and when."""

from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..models import Comment, ModerationWord
from ..services import comments as services
from ..text.plurals import count_comments

MODERATE = "articles.moderate_comment"
# Where a comment stands: shown in the queue and, read-only, on its page.
MODERATION_STATE = [
    "status",
    "flag",
    "is_removed",
    "created_at",
    "moderated_by",
    "moderated_at",
]


def _moderation_action(service, description, verb):
    """A bulk action for moderators: one comments service, then how many it moved."""

    @admin.action(description=description, permissions=["moderate"])
    def action(modeladmin, request, queryset):
        count = service(comments=queryset, by=request.user)
        modeladmin._done(request, count, verb)

    return action


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "name", "article_headline", *MODERATION_STATE]
    list_filter = [
        "status",
        "flag",
        "is_removed",
        ("article", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["article", "moderated_by"]
    search_fields = ["name", "email", "body", "article__headline"]
    date_hierarchy = "created_at"
    list_per_page = 100
    fields = [
        "article",
        "parent",
        "name",
        "email",
        "body",
        *MODERATION_STATE,
        "author_notified_at",
    ]
    readonly_fields = fields
    actions = [
        "approve_selected",
        "reject_selected",
        "spam_selected",
        "trash_selected",
        "restore_selected",
        "empty_trash_selected",
    ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Every field is read-only: decisions are the actions, which recount in SQL.
        no_save = dict.fromkeys(
            ("show_save", "show_save_and_continue", "show_save_and_add_another"), False
        )
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), **no_save}
        )

    def save_model(self, request, obj, form, change):
        """Save nothing: writing back the status this page loaded would undo a decision
        another moderator made meanwhile, without recounting the article's comments."""

    def get_queryset(self, request):
        # Annotate before the admin orders by the annotation (see get_ordering).
        return Comment.objects.in_queue_order()

    def get_ordering(self, request):
        return ["queue_rank", "-created_at", "-pk"]

    @admin.display(description=_("التعليق"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(90)

    @admin.display(description=_("المقال"), ordering="article__headline")
    def article_headline(self, obj):
        return Truncator(obj.article.headline).chars(60)

    # Permissions ----------------------------------------------------------------------

    def has_moderate_permission(self, request):
        return request.user.has_perm(MODERATE)

    def has_empty_trash_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False  # comments come from readers

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        services.delete_comments(comments=Comment.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_comments(comments=queryset)

    # Actions --------------------------------------------------------------------------

    def _done(self, request, count: int, verb: str):
        label = count_comments(count)
        self.message_user(request, f"{verb}: {label}.", messages.SUCCESS)

    approve_selected = _moderation_action(
        services.approve_comments, _("الموافقة على التعليقات المحددة"), "تمت الموافقة"
    )
    reject_selected = _moderation_action(
        services.reject_comments, _("رفض التعليقات المحددة"), "رُفض"
    )
    spam_selected = _moderation_action(
        services.mark_spam, _("تعليم المحددة مزعجة"), "عُلّم مزعجًا"
    )
    trash_selected = _moderation_action(
        services.trash_comments, _("نقل المحددة إلى سلة المحذوفات"), "نُقل إلى السلة"
    )
    restore_selected = _moderation_action(
        services.restore_comments, _("استعادة المحددة من السلة"), "استُعيد من السلة"
    )

    @admin.action(
        description=_("حذف المحددة من السلة نهائيًا (للمدير العام)"),
        permissions=["empty_trash"],
    )
    def empty_trash_selected(self, request, queryset):
        count = services.delete_comments(comments=queryset.filter(is_removed=True))
        self._done(request, count, "حُذف نهائيًا")


@admin.register(ModerationWord)
class ModerationWordAdmin(admin.ModelAdmin):
    list_display = ["word", "list", "normalized", "created_at"]
    list_filter = ["list"]
    search_fields = ["word", "normalized"]
    list_select_related = []
    date_hierarchy = "created_at"
    fields = ["word", "list"]

    def _may(self, request):
        return request.user.is_active and request.user.has_perm(MODERATE)

    def has_module_permission(self, request):
        return self._may(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request)

    def has_add_permission(self, request):
        return self._may(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request)

    def has_delete_permission(self, request, obj=None):
        return self._may(request)
