"""Articles, their bylines, old slugs and corrections."""

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from ..presentation.links import link
from ..querysets import ArticleQuerySet
from ..text.normalization import search_text_of
from ..text.plain import PlainTextFields
from .fields import user_stamp

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Image": True,
    "Figure": True,
    "Caption": True,
}


# The text `search_text` is built from; a save touching none of them keeps it.
_SEARCHED_FIELDS = {"headline", "deck", "sub_heading", "body"}
# Engagement counts: bumped and recounted in SQL only, never saved from an instance.
COUNTER_FIELDS = {"view_count", "share_count", "comment_count"}


class Article(PlainTextFields, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("مسودة")
        IN_REVIEW = "in_review", _("قيد المراجعة")
        SCHEDULED = "scheduled", _("مجدول")
        PUBLISHED = "published", _("منشور")
        ARCHIVED = "archived", _("مؤرشف")

    headline = models.CharField(_("العنوان"), max_length=200)
    slug = models.SlugField(
        _("المعرّف في الرابط"),
        max_length=220,
        unique=True,
        allow_unicode=True,
        help_text=_("يُولَّد من العنوان؛ الروابط القديمة تبقى تعمل بعد تغييره."),
    )
    deck = models.TextField(
        _("المقدمة"),
        max_length=600,
        blank=True,
        help_text=_("فقرة الاستهلال تحت العنوان."),
    )
    sub_heading = models.CharField(_("العنوان الفرعي"), max_length=250, blank=True)
    dateline = models.CharField(
        _("مكان الخبر"),
        max_length=80,
        blank=True,
        help_text=_(
            "المدينة التي كُتب منها الخبر، مثل: واشنطن. تظهر قبل الفقرة الأولى."
        ),
    )
    body = ProseEditorField(_("النص"), extensions=BODY_EXTENSIONS, sanitize=True)
    section = models.ForeignKey(
        "articles.Section",
        models.PROTECT,
        related_name="articles",
        verbose_name=_("القسم"),
    )
    tags = models.ManyToManyField(
        "articles.Tag", blank=True, related_name="articles", verbose_name=_("الوسوم")
    )
    authors = models.ManyToManyField(
        "articles.Author",
        through="articles.Byline",
        related_name="articles",
        blank=True,
        verbose_name=_("الكتّاب"),
    )
    lead_image = models.ForeignKey(
        "articles.Image",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("الصورة الرئيسية"),
    )
    body_images = models.ManyToManyField(
        "articles.Image",
        through="articles.ArticleImage",
        blank=True,
        related_name="+",
        verbose_name=_("صور داخل النص"),
    )
    source = models.ForeignKey(
        "articles.Source",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("المصدر الأصلي"),
        help_text=_("للمواد المعاد نشرها فقط."),
    )
    original_url = models.URLField(_("رابط المادة الأصلية"), blank=True, max_length=500)
    original_published_on = models.DateField(
        _("تاريخ النشر الأصلي"), null=True, blank=True
    )
    status = models.CharField(
        _("الحالة"), max_length=12, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("وقت النشر"),
        null=True,
        blank=True,
        help_text=_("وقت في المستقبل يعني أن المقال مجدول ويظهر وحده في ذلك الوقت."),
    )
    is_featured = models.BooleanField(_("مميز"), default=False)
    is_breaking = models.BooleanField(_("عاجل"), default=False)
    is_open_for_comments = models.BooleanField(_("التعليقات مفتوحة"), default=True)
    created_by = user_stamp(_("أنشأه"))
    view_count = models.PositiveBigIntegerField(
        _("المشاهدات"), default=0, editable=False
    )
    comment_count = models.PositiveIntegerField(
        _("التعليقات"), default=0, editable=False
    )
    share_count = models.PositiveBigIntegerField(
        _("المشاركات"), default=0, editable=False
    )
    search_text = models.TextField(_("نص البحث المطبّع"), blank=True, editable=False)
    created_at = models.DateTimeField(_("أُنشئ في"), auto_now_add=True)
    updated_at = models.DateTimeField(_("عُدّل في"), auto_now=True)
    content_updated_at = models.DateTimeField(
        _("آخر تحديث للمحتوى"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("يُعرض للقراء عند تعديل مقال منشور أو إضافة تصحيح."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("مقال")
        verbose_name_plural = _("المقالات")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        permissions = [("publish_article", "يمكنه نشر المقالات وجدولتها وأرشفتها")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_live_idx"),
            models.Index(
                fields=["section", "status", "-published_at"],
                name="article_section_idx",
            ),
            # Newest first across both live statuses (published, scheduled-and-due):
            # lists and related articles read this index in order and stop early.
            models.Index(fields=["-published_at", "-id"], name="article_newest_idx"),
            # The home page's lead: the few featured or breaking stories, in lead order.
            models.Index(
                fields=["-is_breaking", "-published_at", "-id"],
                condition=Q(is_featured=True) | Q(is_breaking=True),
                name="article_headline_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["published", "scheduled"])
                | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None and not self._state.adding:
            # Counters change only in SQL (services): writing back the numbers this
            # instance loaded would undo every view, share or comment counted since.
            kwargs["update_fields"] = self._fields_without_counters()
        fields = kwargs.get("update_fields")
        if fields is None or _SEARCHED_FIELDS.intersection(fields):
            self.search_text = search_text_of(
                headline=self.headline,
                deck=self.deck,
                sub_heading=self.sub_heading,
                body=self.body,
            )
            if fields is not None:
                kwargs["update_fields"] = {*fields, "search_text"}
        if fields is not None and "slug" not in fields:
            # A save of other fields (publishing, counters) leaves the URLs alone.
            super().save(*args, **kwargs)
            return
        old_slug, old_published_at = None, None
        if self.pk:
            old_slug, old_published_at = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("slug", "published_at")
                .first()
            ) or (None, None)
        # Only an address readers could have had keeps redirecting: a draft's working
        # slugs (an early headline) never become public.
        was_public = _went_live(old_published_at)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_slug and old_slug != self.slug and was_public:
                ArticleSlug.objects.update_or_create(
                    slug=old_slug, defaults={"article": self}
                )
            # A slug given back is no longer "old"; another article's stays its own.
            ArticleSlug.objects.filter(slug=self.slug, article=self).delete()

    def get_absolute_url(self):
        return link("articles:detail", self.slug)

    def get_short_url(self):
        return link("articles:short", self.pk)

    @property
    def was_public(self) -> bool:
        """Readers have had this article: it went live once, whatever its status now."""
        return _went_live(self.published_at)

    def _fields_without_counters(self) -> list[str]:
        deferred = self.get_deferred_fields()
        return [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key
            and field.attname not in deferred
            and field.name not in COUNTER_FIELDS
        ]

    def visible_comments(self):
        """The comments readers see under the article, oldest first.

        `comment_count` is recounted in SQL from the comments themselves in the same
        transaction as every moderation change (services/comments.py), so when it is
        zero there is nothing to show: no query runs, and none is even built (building
        the visible-comments filter costs 0.4 ms of an uncached page's 6)."""
        if not self.comment_count:
            return ()
        return self.comments.visible().order_by("created_at")

    @property
    def modified_at(self):
        """The last editorial change readers are told about, never before publication
        (an article edited, unpublished, then published again is as new as its return)."""
        moments = [self.published_at, self.content_updated_at]
        return max((moment for moment in moments if moment), default=None)

    @property
    def is_live(self) -> bool:
        """The same rule as `Article.objects.published()`, for one loaded article."""
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_waiting_for_its_time(self) -> bool:
        """Scheduled (or published) with a publish time still in the future."""
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def is_owned_by(self, user) -> bool:
        """Whether `user` created this article or holds one of its bylines."""
        if not user.is_authenticated:
            return False
        if self.created_by_id == user.pk:
            return True
        return self.bylines.filter(author__user=user).exists()


def _went_live(published_at) -> bool:
    return published_at is not None and published_at <= timezone.now()


class Byline(models.Model):
    article = models.ForeignKey(Article, models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        "articles.Author",
        models.PROTECT,
        related_name="bylines",
        verbose_name=_("الكاتب"),
    )
    position = models.PositiveSmallIntegerField(_("الترتيب"), default=0)

    class Meta:
        verbose_name = _("توقيع")
        verbose_name_plural = _("التوقيعات")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="byline_unique_author"
            )
        ]

    def __str__(self):
        return str(self.author)


class ArticleImage(models.Model):
    """A picture used inside the body, in order."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="article_images")
    image = models.ForeignKey(
        "articles.Image", models.PROTECT, related_name="+", verbose_name=_("الصورة")
    )
    position = models.PositiveSmallIntegerField(_("الترتيب"), default=0)

    class Meta:
        verbose_name = _("صورة داخل النص")
        verbose_name_plural = _("صور داخل النص")
        ordering = ["position", "pk"]

    def __str__(self):
        return str(self.image)


class ArticleSlug(models.Model):
    """A slug the article had before; its URL keeps redirecting to the current one."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=220, unique=True, allow_unicode=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("رابط سابق")
        verbose_name_plural = _("روابط سابقة")
        ordering = ["-created_at"]

    def __str__(self):
        return self.slug


class Correction(PlainTextFields, models.Model):
    article = models.ForeignKey(
        Article, models.CASCADE, related_name="corrections", verbose_name=_("المقال")
    )
    text = models.TextField(_("نص التصحيح"), max_length=2000)
    created_at = models.DateTimeField(_("تاريخ التصحيح"), default=timezone.now)
    created_by = user_stamp(_("أضافه"))

    class Meta:
        verbose_name = _("تصحيح")
        verbose_name_plural = _("التصحيحات")
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"

    def __str__(self):
        return self.text[:60]
