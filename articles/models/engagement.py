"""Engagement counters: sharded hourly rows per article, rolled up into Article."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .article import Article

# Rows per (article, hour, metric, detail). A hot story spreads its increments over
# this many rows, so concurrent readers do not queue on one row lock.
SHARD_COUNT = 16


class EngagementCount(models.Model):
    """How many views, shares or filtered-out hits one shard saw in one hour."""

    class Metric(models.TextChoices):
        VIEW = "view", _("مشاهدة")
        SHARE = "share", _("مشاركة")
        FILTERED = "filtered", _("مشاهدة مستبعدة")

    class Network(models.TextChoices):
        WHATSAPP = "whatsapp", _("واتساب")
        TELEGRAM = "telegram", _("تيليغرام")
        X = "x", _("إكس")
        FACEBOOK = "facebook", _("فيسبوك")
        COPY = "copy", _("نسخ الرابط")

    class Reason(models.TextChoices):
        BOT = "bot", _("روبوت أو زاحف")
        PREVIEW = "preview", _("جلب معاينة الرابط")
        PREFETCH = "prefetch", _("جلب مسبق")
        HEAD = "head", _("طلب HEAD")
        STAFF = "staff", _("موظف مسجّل الدخول")
        REPEAT = "repeat", _("الزائر نفسه خلال 30 دقيقة")

    article = models.ForeignKey(
        "articles.Article",
        models.CASCADE,
        related_name="engagement_counts",
        verbose_name=_("المقال"),
    )
    hour = models.DateTimeField(_("الساعة"), help_text=_("بداية الساعة (UTC)."))
    metric = models.CharField(_("النوع"), max_length=10, choices=Metric)
    detail = models.CharField(
        _("التفصيل"),
        max_length=10,
        blank=True,
        help_text=_("الشبكة للمشاركات، وسبب الاستبعاد للمشاهدات المستبعدة."),
    )
    shard = models.PositiveSmallIntegerField(_("الجزء"), default=0)
    count = models.PositiveBigIntegerField(_("العدد"), default=0)
    rolled = models.PositiveBigIntegerField(
        _("المُضاف إلى المقال"),
        default=0,
        help_text=_("ما نُقل من هذا العدد إلى عدّاد المقال حتى الآن."),
    )

    class Meta:
        verbose_name = _("عدّاد تفاعل")
        verbose_name_plural = _("عدّادات التفاعل")
        ordering = ["-hour", "article", "metric", "detail", "shard"]
        get_latest_by = "hour"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "hour", "metric", "detail", "shard"],
                name="engagement_one_row_per_shard",
            ),
            models.CheckConstraint(
                condition=models.Q(rolled__lte=models.F("count")),
                name="engagement_rolled_within_count",
            ),
        ]
        indexes = [
            models.Index(fields=["metric", "hour"], name="engagement_metric_hour_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} {self.hour:%Y-%m-%d %H}h {self.metric} {self.detail}"


class ArticleEngagement(Article):
    """Articles seen through their counters, for the read-only engagement admin."""

    class Meta:
        proxy = True
        verbose_name = _("تفاعل مقال")
        verbose_name_plural = _("تفاعل المقالات")
