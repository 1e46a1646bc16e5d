"""Read-only engagement statistics: views, filtered-out hits and shares per article."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..models import ArticleEngagement, EngagementCount
from ..querysets import window_start

Metric = EngagementCount.Metric
_DAYS_SHOWN = 14


def _sum(metric, since=None, detail=None):
    condition = Q(engagement_counts__metric=metric)
    if since is not None:
        condition &= Q(engagement_counts__hour__gte=since)
    if detail is not None:
        condition &= Q(engagement_counts__detail=detail)
    return Sum("engagement_counts__count", filter=condition, default=0)


def _annotation_column(annotation, description):
    """A sortable changelist column showing one of get_queryset()'s annotations."""

    @admin.display(description=description, ordering=annotation)
    def column(self, obj):
        return getattr(obj, annotation)

    return column


@admin.register(ArticleEngagement)
class ArticleEngagementAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "section",
        "published_at",
        "views_total",
        "views_24h",
        "views_7d",
        "filtered_total",
        "shares_total",
    ]
    list_filter = ["section"]
    list_select_related = ["section"]
    search_fields = ["headline"]
    date_hierarchy = "published_at"
    ordering = ["-published_at"]
    fields = ["headline", "published_at", "view_count", "share_count", "daily_counts"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .published()  # scheduled articles count too, once their time has come
            .with_exact_counts()
            .annotate(
                views_all=F("views_total"),
                shares_all=F("shares_total"),
                views_last_24h=_sum(Metric.VIEW, window_start("24h")),
                views_last_7d=_sum(Metric.VIEW, window_start("7d")),
                filtered=_sum(Metric.FILTERED),
            )
        )

    views_total = _annotation_column("views_all", _("المشاهدات"))
    views_24h = _annotation_column("views_last_24h", _("آخر 24 ساعة"))
    views_7d = _annotation_column("views_last_7d", _("آخر 7 أيام"))
    filtered_total = _annotation_column("filtered", _("مستبعدة"))
    shares_total = _annotation_column("shares_all", _("المشاركات"))

    @admin.display(description=_("العدّ اليومي (آخر 14 يومًا)"))
    def daily_counts(self, obj):
        since = timezone.now() - timedelta(days=_DAYS_SHOWN)
        rows = (
            EngagementCount.objects.filter(article=obj, hour__gte=since)
            .annotate(day=TruncDate("hour"))
            .values("day", "metric", "detail")
            .annotate(total=Sum("count"))
            .order_by("-day", "metric", "detail")
        )
        if not rows:
            return _("لا توجد أعداد مسجّلة بعد.")
        labels = {
            **dict(EngagementCount.Metric.choices),
            **dict(EngagementCount.Network.choices),
            **dict(EngagementCount.Reason.choices),
        }
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    row["day"],
                    labels.get(row["metric"], row["metric"]),
                    labels.get(row["detail"], row["detail"]),
                    row["total"],
                )
                for row in rows
            ),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            _("اليوم"),
            _("النوع"),
            _("التفصيل"),
            _("العدد"),
            body,
        )

    def has_module_permission(self, request):
        return request.user.is_active and request.user.has_perm("articles.view_article")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
