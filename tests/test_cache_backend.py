"""portal.cache: Django's Redis backend with one redis-py client per pool."""

import os

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from portal.cache import RedisCache, RedisCacheClient


def test_every_operation_shares_one_client_per_pool():
    client = RedisCacheClient(["redis://127.0.0.1:6379/0"])
    reader, writer = client.get_client(), client.get_client(write=True)
    assert client.get_client("any key") is reader
    assert client.get_client(write=True) is writer
    assert reader is writer  # one server: reads and writes use the same pool


def test_the_backend_is_djangos_with_the_shared_client():
    cache = RedisCache("redis://127.0.0.1:6379/0", {})
    assert isinstance(cache, DjangoRedisCache)
    assert isinstance(cache._cache, RedisCacheClient)


@pytest.mark.skipif(
    not os.environ.get("CACHE_URL", "").startswith("redis"),
    reason="needs Redis (set CACHE_URL=redis://...)",
)
def test_it_stores_and_reads_against_a_real_redis():
    cache = RedisCache(os.environ["CACHE_URL"], {"KEY_PREFIX": "backend-test"})
    cache.set("answer", {"n": 42}, 10)
    assert cache.get("answer") == {"n": 42}
    assert cache.add("answer", 1, 10) is False
    cache.set("hits", 0, 10)
    assert cache.incr("hits") == 1
    cache.delete_many(["answer", "hits"])
    assert cache.get("answer") is None
