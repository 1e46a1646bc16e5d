"""Reader comments and their moderation state."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..querysets import CommentQuerySet
from ..text.normalization import normalize_arabic
from .fields import user_stamp


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
    visitor_id = models.CharField(
        _("معرّف الزائر"), max_length=64, blank=True, editable=False
    )
    user_agent = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("وقت الإرسال"), auto_now_add=True)
    moderated_at = models.DateTimeField(
        _("وقت الإشراف"), null=True, blank=True, editable=False
    )
    moderated_by = user_stamp(_("المشرف"))
    author_notified_at = models.DateTimeField(
        _("أُبلغ صاحب التعليق في"), null=True, blank=True, editable=False
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
            models.Index(fields=["visitor_id", "created_at"], name="comment_flood_idx"),
        ]
        constraints = [
            # The same text twice on one article is refused, even from two racing posts.
            models.UniqueConstraint(
                fields=["article", "body_hash"], name="comment_unique_body_per_article"
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:40]}"

    @property
    def is_visible(self) -> bool:
        """Approved, not trashed, and (for a reply) under a visible comment."""
        own = self.status == self.Status.APPROVED and not self.is_removed
        return own and (self.parent is None or self.parent.is_visible)

    @staticmethod
    def hash_body(body: str) -> str:
        """Fingerprint of a text: equal for texts differing only in diacritics or spacing."""
        return hashlib.sha256(normalize_arabic(body).encode("utf-8")).hexdigest()


class ModerationWord(models.Model):
    """A word or phrase that holds a comment for review or sends it to spam."""

    class List(models.TextChoices):
        HOLD = "hold", _("قائمة الانتظار (يُعلَّم التعليق للمراجعة)")
        BLOCK = "block", _("قائمة الحظر (يُعدّ التعليق مزعجًا)")

    word = models.CharField(
        _("الكلمة أو العبارة"),
        max_length=100,
        help_text=_(
            "تُطابَق بعد التطبيع: التشكيل والتطويل وصور الألف والياء والتاء المربوطة "
            "لا تفلت منها، وكذلك السوابق مثل و، ف، ب، ل، ك، ال."
        ),
    )
    normalized = models.CharField(max_length=100, editable=False, db_index=True)
    list = models.CharField(_("القائمة"), max_length=5, choices=List, default=List.HOLD)
    created_at = models.DateTimeField(_("أُضيفت في"), auto_now_add=True)

    class Meta:
        verbose_name = _("كلمة إشراف")
        verbose_name_plural = _("كلمات الإشراف")
        ordering = ["list", "normalized"]
        constraints = [
            models.UniqueConstraint(
                fields=["normalized", "list"], name="moderation_word_unique"
            ),
        ]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.normalized = normalize_arabic(self.word)
        super().save(*args, **kwargs)

    def clean(self):
        self.normalized = normalize_arabic(self.word)
        if not self.normalized:
            raise ValidationError({"word": _("اكتب كلمة تحتوي حروفًا.")})
        twins = type(self).objects.filter(normalized=self.normalized, list=self.list)
        if twins.exclude(pk=self.pk).exists():
            raise ValidationError({"word": _("هذه الكلمة موجودة في القائمة نفسها.")})
