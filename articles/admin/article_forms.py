"""The article change form: status choices per user and the publish-time rules."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Article, ArticleSlug
from ..services.publishing import can_publish

WRITER_STATUSES = (Article.Status.DRAFT, Article.Status.IN_REVIEW)
# The words of an article, in the order an editor writes them (form and fieldset).
TEXT_FIELDS = ["headline", "slug", "deck", "sub_heading", "dateline", "body"]


def _https_urls(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ArticleAdminForm(forms.ModelForm):
    user = None  # set per request by ArticleAdmin.get_form()

    class Meta:
        model = Article
        formfield_callback = _https_urls
        fields = [
            *TEXT_FIELDS,
            "section",
            "tags",
            "lead_image",
            "status",
            "published_at",
            "is_featured",
            "is_breaking",
            "is_open_for_comments",
            "source",
            "original_url",
            "original_published_on",
        ]
        error_messages = {
            "slug": {
                "unique": _("هذا المعرّف مستخدم لمقال آخر؛ اختر معرّفاً غيره."),
                "required": _("المعرّف في الرابط مطلوب؛ يُملأ من العنوان تلقائياً."),
            },
            "headline": {"required": _("العنوان مطلوب.")},
            "body": {"required": _("نص المقال مطلوب.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and not can_publish(self.user):
            # A crafted POST with "published" fails here, with a clear message.
            status.choices = [(s.value, s.label) for s in WRITER_STATUSES]
            status.error_messages["invalid_choice"] = _(
                "لا تملك صلاحية هذه الحالة: الكاتب يحفظ مسودته أو يرسلها إلى "
                "المراجعة، والمحرر وحده ينشر ويجدول ويؤرشف."
            )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = ArticleSlug.objects.filter(slug=slug)
        if self.instance.pk:
            taken = taken.exclude(article=self.instance)
        if taken.exists():
            raise forms.ValidationError(
                _("هذا المعرّف كان رابطاً لمقال آخر وما زال يحوّل إليه؛ اختر غيره."),
                code="unique",
            )
        return slug

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status not in (Article.Status.PUBLISHED, Article.Status.SCHEDULED):
            return data
        when = data.get("published_at")
        if when is None and "published_at" in self.fields:
            if status == Article.Status.SCHEDULED:
                self.add_error("published_at", _("حدّد وقت النشر للمقال المجدول."))
                return data
            when = data["published_at"] = timezone.now()
        elif when is None:
            when = self.instance.published_at or timezone.now()
        self.instance.published_at = when
        # A future time means scheduled; a past one means published, whatever was picked.
        data["status"] = (
            Article.Status.SCHEDULED
            if when > timezone.now()
            else Article.Status.PUBLISHED
        )
        return data
