"""A fixed-window flood limit kept in the shared cache (Redis in production)."""

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def is_over_limit(*, scope: str, key: str, limit: int, window: int = 60) -> bool:
    """Count one hit for `key`; True once it passed `limit` hits in this window.

    A limit of 0 is off. When the cache is down the limit is not enforced: counting
    must keep working without Redis.
    """
    if limit <= 0:
        return False
    cache_key = f"throttle:{scope}:{key}:{int(time.time() // window)}"
    try:
        cache.add(cache_key, 0, timeout=window + 5)
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 5)
        hits = 1
    except Exception:
        logger.warning("cache unavailable: flood limit %s not enforced", scope)
        return False
    return hits > limit


def client_address(request) -> str:
    """The client's address from COMMENTS_CLIENT_IP_HEADER (first hop of a list)."""
    raw = request.META.get(settings.COMMENTS_CLIENT_IP_HEADER, "") or ""
    return raw.split(",")[0].strip()
