"""Reader comments and their moderation state."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..querysets import CommentQuerySet


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("بانتظار المراجعة")
        APPROVED = "approved", _("مقبول")
        REJECTED = "rejected", _("مرفوض")
        SPAM = "spam", _("مزعج")

    class Flag(models.TextChoices):
        NONE = "", _("بلا")
        LINKS = "links", _("روابط كثيرة")
        HOLD_WORD = "hold_word", _("كلمة في قائمة الانتظار")
        BLOCK_WORD = "block_word", _("كلمة محظورة")

    article = models.ForeignKey(
        "articles.Article",
        models.CASCADE,
        related_name="comments",
        verbose_name=_("المقال"),
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("رد على"),
    )
    name = models.CharField(_("الاسم"), max_length=80)
    email = models.EmailField(_("البريد الإلكتروني"), blank=True)
    body = models.TextField(_("التعليق"), max_length=5000)
    body_hash = models.CharField(max_length=64, editable=False, db_index=True)
    status = models.CharField(
        _("الحالة"), max_length=10, choices=Status, default=Status.PENDING
    )
    flag = models.CharField(
        _("سبب التعليم"), max_length=12, choices=Flag, blank=True, default=""
    )
    is_removed = models.BooleanField(_("في سلة المحذوفات"), default=False)
    visitor_id = models.CharField(max_length=64, blank=True, editable=False)
    user_agent = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("وقت الإرسال"), auto_now_add=True)
    moderated_at = models.DateTimeField(
        _("وقت الإشراف"), null=True, blank=True, editable=False
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("المشرف"),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("تعليق")
        verbose_name_plural = _("التعليقات")
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"
        permissions = [("moderate_comment", "يمكنه الإشراف على التعليقات")]
        indexes = [
            models.Index(
                fields=["article", "status", "is_removed", "created_at"],
                name="comment_visible_idx",
            ),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:40]}"

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.APPROVED and not self.is_removed
