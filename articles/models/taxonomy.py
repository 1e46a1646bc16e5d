"""Sections, tags, authors and the sources of republished pieces."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..presentation.links import link
from ..text.plain import PlainTextFields


class Section(PlainTextFields, models.Model):
    name = models.CharField(_("الاسم"), max_length=80, unique=True)
    slug = models.SlugField(
        _("المعرّف في الرابط"), max_length=80, unique=True, allow_unicode=True
    )
    description = models.TextField(_("الوصف"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("الترتيب"), default=0, help_text=_("الأقسام ذات الرقم الأصغر تظهر أولاً.")
    )

    class Meta:
        verbose_name = _("قسم")
        verbose_name_plural = _("الأقسام")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("articles:section", self.slug)


class Tag(PlainTextFields, models.Model):
    name = models.CharField(_("الاسم"), max_length=80, unique=True)
    slug = models.SlugField(
        _("المعرّف في الرابط"), max_length=80, unique=True, allow_unicode=True
    )

    class Meta:
        verbose_name = _("وسم")
        verbose_name_plural = _("الوسوم")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("articles:tag", self.slug)


class Author(PlainTextFields, models.Model):
    name = models.CharField(_("الاسم"), max_length=120)
    slug = models.SlugField(
        _("المعرّف في الرابط"), max_length=120, unique=True, allow_unicode=True
    )
    bio = models.TextField(_("نبذة"), blank=True, max_length=1000)
    photo = models.ForeignKey(
        "articles.Image",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("الصورة"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("حساب المستخدم"),
        help_text=_("اربط الكاتب بحسابه ليتمكن من تحرير مسوداته."),
    )
    is_active = models.BooleanField(
        _("نشط"),
        default=True,
        help_text=_("ألغِ التفعيل بدلاً من الحذف: مقالات الكاتب تبقى."),
    )

    class Meta:
        verbose_name = _("كاتب")
        verbose_name_plural = _("الكتّاب")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("articles:author", self.slug)


class Source(PlainTextFields, models.Model):
    """Where a republished piece first appeared, such as العرب."""

    name = models.CharField(_("الاسم"), max_length=120, unique=True)
    url = models.URLField(_("موقع المصدر"), blank=True)

    class Meta:
        verbose_name = _("مصدر")
        verbose_name_plural = _("المصادر")
        ordering = ["name"]

    def __str__(self):
        return self.name
