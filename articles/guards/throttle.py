"""A fixed-window flood limit kept in the shared cache (Redis in production)."""

import ipaddress
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
    """Who is asking, for flood limits and visitor ids, from COMMENTS_CLIENT_IP_HEADER.

    From a list (X-Forwarded-For) the last hop is taken: the one our own proxy added;
    the hops before it are whatever the client wrote. An IPv6 address stands for its
    /64, the block one subscriber is given, so rotating within it is one visitor.
    """
    raw = request.META.get(settings.COMMENTS_CLIENT_IP_HEADER, "") or ""
    address = raw.split(",")[-1].strip()
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
