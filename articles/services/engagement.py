"""Count views and shares in SQL: one upsert on a random shard row per hit."""

import hashlib
import logging
import random

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from ..models import Article, EngagementCount
from ..models.engagement import SHARD_COUNT
from ..querysets import current_hour

logger = logging.getLogger(__name__)
Metric = EngagementCount.Metric
# A reader counts once per article in this window (site cookie or app visitor id).
DEDUP_SECONDS = 30 * 60
# pg_try_advisory_xact_lock key: one roll-up at a time across all app processes.
_ROLLUP_LOCK_KEY = 5_2026_0005


def _bump(*, article_id: int, metric: str, detail: str) -> bool:
    """Add one to a random shard of this hour's row, if the article is live.

    One statement: the live check, the insert and the increment happen together, so a
    hit on an unknown or unpublished article stores nothing, and concurrent hits never
    read-modify-write.
    """
    if not 0 < article_id < 2**63:
        return False  # not an id PostgreSQL could store
    counts = EngagementCount._meta.db_table
    articles = Article._meta.db_table
    ops = connection.ops
    sql = (
        f"INSERT INTO {counts} (article_id, hour, metric, detail, shard, count, rolled) "
        f"SELECT id, %s, %s, %s, %s, 1, 0 FROM {articles} "
        "WHERE id = %s AND status IN (%s, %s) AND published_at <= %s "
        "ON CONFLICT (article_id, hour, metric, detail, shard) "
        f"DO UPDATE SET count = {counts}.count + 1"
    )
    params = [
        ops.adapt_datetimefield_value(current_hour()),
        metric,
        detail,
        random.randrange(SHARD_COUNT),
        article_id,
        # The same rule as Article.objects.published(): a scheduled article is live
        # once its time has come (it keeps the SCHEDULED status).
        Article.Status.PUBLISHED,
        Article.Status.SCHEDULED,
        ops.adapt_datetimefield_value(timezone.now()),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def record_view(*, article_id: int, filtered_reason: str = "") -> bool:
    """Count one view (or one filtered-out hit); False when the article is not live."""
    if filtered_reason:
        if filtered_reason not in EngagementCount.Reason.values:
            raise ValueError(f"unknown filter reason {filtered_reason!r}")
        return _bump(
            article_id=article_id, metric=Metric.FILTERED, detail=filtered_reason
        )
    counted = _bump(article_id=article_id, metric=Metric.VIEW, detail="")
    if counted:
        roll_up_counts_if_due()
    return counted


def is_first_hit(*, scope: str, article_id: int, visitor_id: str) -> bool:
    """True the first time a visitor hits an article in DEDUP_SECONDS (kept in the cache).

    One atomic `cache.add`; the visitor id is hashed so raw ids never sit in Redis. If
    the cache is down every hit is a first hit: counting must keep working without Redis.
    """
    digest = hashlib.sha256(visitor_id.encode()).hexdigest()[:32]
    try:
        return cache.add(f"seen:{scope}:{article_id}:{digest}", 1, DEDUP_SECONDS)
    except Exception:
        logger.warning("cache unavailable: engagement dedup skipped")
        return True


def forget_hit(*, scope: str, article_id: int, visitor_id: str) -> None:
    """Undo `is_first_hit` when the hit was not stored (the article is not live)."""
    digest = hashlib.sha256(visitor_id.encode()).hexdigest()[:32]
    try:
        cache.delete(f"seen:{scope}:{article_id}:{digest}")
    except Exception:
        logger.warning("cache unavailable: engagement dedup key left to expire")


def record_share(*, article_id: int, network: str) -> bool:
    """Count one share on a network; False when the article is not live."""
    if network not in EngagementCount.Network.values:
        raise ValueError(f"unknown network {network!r}")
    counted = _bump(article_id=article_id, metric=Metric.SHARE, detail=network)
    if counted:
        roll_up_counts_if_due()
    return counted


def roll_up_counts_if_due() -> int:
    """Roll up at most once per ENGAGEMENT_ROLLUP_SECONDS per cache; cron is the backstop."""
    seconds = settings.ENGAGEMENT_ROLLUP_SECONDS
    if seconds <= 0:
        return 0
    try:
        due = cache.add("engagement:rollup-due", 1, timeout=seconds)
    except Exception:  # a cache outage must never stop counting
        logger.warning("cache unavailable: engagement roll-up left to cron")
        return 0
    if not due:
        return 0
    try:
        return roll_up_counts()
    except DatabaseError:  # e.g. SQLite busy; the hit is stored, the next roll-up runs
        logger.warning("engagement roll-up failed; will retry", exc_info=True)
        return 0


def roll_up_counts() -> int:
    """Add new view and share increments to Article's counters; returns rows rolled."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_try_advisory_xact_lock(%s)", [_ROLLUP_LOCK_KEY]
                )
                if not cursor.fetchone()[0]:
                    return 0  # another process is rolling up right now
        pending = EngagementCount.objects.filter(
            metric__in=[Metric.VIEW, Metric.SHARE], count__gt=F("rolled")
        )
        ids = list(pending.select_for_update().values_list("pk", flat=True))
        if not ids:
            return 0
        locked = EngagementCount.objects.filter(pk__in=ids).order_by()
        delta = F("count") - F("rolled")
        per_article = locked.values("article_id").annotate(
            views=Sum(delta, filter=Q(metric=Metric.VIEW), default=0),
            shares=Sum(delta, filter=Q(metric=Metric.SHARE), default=0),
        )
        for row in per_article:
            Article.objects.filter(pk=row["article_id"]).update(
                view_count=F("view_count") + row["views"],
                share_count=F("share_count") + row["shares"],
            )
        locked.update(rolled=F("count"))
        return len(ids)
