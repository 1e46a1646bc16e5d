"""The picture library: uploads are checked by content before anything is stored."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Article, Image
from ..services.images import (
    MAX_SIDE,
    clean_image_upload,
    forget_image_file,
    make_renditions,
    write_image_file,
)
from .access import NotYoursMixin
from .pictures import card_picture


class ImageAdminForm(forms.ModelForm):
    # A plain FileField: our own checks give the Arabic reason, not a generic one.
    file = forms.FileField(
        label=_("الملف"),
        help_text=_(
            "JPEG أو PNG أو WebP أو GIF، حتى 10 ميغابايت و40 مليون بكسل و%(side)s "
            "بكسل للضلع. تُصحَّح الصورة حسب اتجاه الكاميرا وتُحذف بياناتها الوصفية "
            "(ومنها الموقع الجغرافي) قبل الحفظ."
        )
        % {"side": MAX_SIDE},
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]
        error_messages = {"alt_text": {"required": _("النص البديل مطلوب.")}}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is self.initial.get("file"):
            return upload  # unchanged on edit
        self.clean_upload = clean_image_upload(upload)
        return self.clean_upload.content

    def _post_clean(self):
        # The file is written once everything else is valid, while a failed write
        # (a full disk) can still be shown as this form's error instead of a 500.
        super()._post_clean()
        clean = getattr(self, "clean_upload", None)
        if clean is not None and not self.errors:
            try:
                self.instance.file = write_image_file(clean=clean)
            except ValidationError as error:
                self.add_error("file", error)


@admin.register(Image)
class ImageAdmin(NotYoursMixin, admin.ModelAdmin):
    form = ImageAdminForm
    not_yours_message = _(
        "هذه الصورة ليست من صورك ولا من صور المقالات المنشورة، فلا يمكنك فتحها."
    )
    list_display = [
        "thumbnail",
        "__str__",
        "alt_text",
        "dimensions",
        "credit",
        "uploaded_by",
        "created_at",
    ]
    list_display_links = ["thumbnail", "__str__"]
    list_select_related = ["uploaded_by"]
    list_filter = ["created_at"]
    search_fields = ["alt_text", "caption", "credit", "file_hash"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "preview",
        "width",
        "height",
        "file_size",
        "file_hash",
        "uploaded_by",
        "created_at",
    ]
    list_per_page = 50

    def get_queryset(self, request):
        # The list, the change page and every picture autocomplete read this.
        return super().get_queryset(request).visible_to(request.user)

    def save_model(self, request, obj, form, change):
        clean = getattr(form, "clean_upload", None)
        if clean is not None:
            obj.file_hash, obj.file_size = clean.file_hash, clean.file_size
        if not change:
            obj.uploaded_by = request.user
        try:
            super().save_model(request, obj, form, change)
        except BaseException:
            if clean is not None:  # the form wrote the file; no row will name it
                forget_image_file(name=obj.file.name)
            raise
        if clean is not None:  # a new file
            transaction.on_commit(lambda: make_renditions(obj))
            self._warn_if_duplicate(request, obj)

    def _warn_if_duplicate(self, request, obj):
        # Only among pictures the uploader may see: no link to an embargoed one.
        twin = (
            Image.objects.visible_to(request.user)
            .filter(file_hash=obj.file_hash)
            .exclude(pk=obj.pk)
            .first()
        )
        if twin is None:
            return
        self.message_user(
            request,
            format_html(
                _('هذه الصورة نفسها مرفوعة من قبل: <a href="{}">{}</a>.'),
                reverse("admin:articles_image_change", args=[twin.pk]),
                twin,
            ),
            messages.WARNING,
        )

    def has_change_permission(self, request, obj=None):
        if super().has_change_permission(request, obj):
            return True
        # Writers may upload (add) and change the pictures they uploaded while only
        # their own drafts show them: once an article in review, scheduled, live or
        # someone else's uses one, its file, caption and credit are the desk's.
        if (
            obj is None
            or obj.uploaded_by_id != request.user.pk
            or not request.user.has_perm("articles.add_image")
        ):
            return False
        own_drafts = Article.objects.editable_by(request.user).filter(
            status=Article.Status.DRAFT
        )
        return not (
            Article.objects.using_image(obj)
            .exclude(pk__in=own_drafts.values("pk"))
            .exists()
        )

    @admin.display(description=_("الصورة"))
    def thumbnail(self, obj):
        return card_picture(obj, width=96, height=54)

    @admin.display(description=_("معاينة"))
    def preview(self, obj):
        image = obj if obj.pk else None
        return card_picture(image, width=480, height=270, described=True, lazy=False)

    @admin.display(description=_("الأبعاد"))
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height}"
