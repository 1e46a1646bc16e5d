"""Pictures with the metadata a newsroom needs: alt text, caption, credit, hash."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, Transpose

from ..querysets import ImageQuerySet
from ..text.plain import PlainTextFields
from .fields import user_stamp

# Rendition sizes for the pages: (name, width, height). Each has AVIF, WebP and JPEG
# fields named <name>_avif, <name>_webp, <name>_jpeg; made on upload (services/images.py),
# or on first use for pictures that arrived another way.
RENDITION_SIZES = [
    ("card", 480, 270),
    ("medium", 768, 432),
    ("large", 1200, 675),
    ("og", 1200, 630),
]
_QUALITY = {"AVIF": 55, "WEBP": 72, "JPEG": 78}
# Every rendition field of an Image: card_avif, card_webp, card_jpeg, medium_avif, ...
RENDITION_FIELDS = tuple(
    f"{name}_{fmt.lower()}"
    for name, _width, _height in RENDITION_SIZES
    for fmt in _QUALITY
)


def _renditions(namespace: dict) -> None:
    for name, width, height in RENDITION_SIZES:
        for fmt in _QUALITY:
            namespace[f"{name}_{fmt.lower()}"] = ImageSpecField(
                source="file",
                processors=[Transpose(), ResizeToFill(width, height)],
                format=fmt,
                options={"quality": _QUALITY[fmt]},
            )


class Image(PlainTextFields, models.Model):
    file = models.ImageField(
        _("الملف"),
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(_("العرض"), editable=False, default=0)
    height = models.PositiveIntegerField(_("الارتفاع"), editable=False, default=0)
    alt_text = models.CharField(
        _("النص البديل"),
        max_length=250,
        help_text=_("وصف موجز للصورة لمن لا يراها (قارئات الشاشة ومحركات البحث)."),
    )
    caption = models.CharField(_("التعليق"), max_length=300, blank=True)
    credit = models.CharField(_("المصدر / المصوّر"), max_length=150, blank=True)
    file_hash = models.CharField(
        _("بصمة المحتوى"), max_length=64, editable=False, db_index=True
    )
    file_size = models.PositiveIntegerField(
        _("الحجم بالبايت"), editable=False, default=0
    )
    uploaded_by = user_stamp(_("رفعها"))
    created_at = models.DateTimeField(_("تاريخ الرفع"), auto_now_add=True)

    _renditions(locals())

    objects = ImageQuerySet.as_manager()

    class Meta:
        verbose_name = _("صورة")
        verbose_name_plural = _("الصور")
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self):
        return self.caption or self.alt_text
