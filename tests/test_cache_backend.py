"""portal.cache: Django's Redis backend with one redis-py client per pool."""

import os
import socket

import pytest
import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from portal import cache as cache_module
from portal.cache import RETRY_SECONDS, RedisCache, RedisCacheClient
from tests.fresh_settings import fresh_setting


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


def test_a_hanging_server_costs_one_timeout_then_fails_fast(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: clock[0])
    with socket.socket() as hanging:  # accepts connections, never answers
        hanging.bind(("127.0.0.1", 0))
        hanging.listen(8)
        url = f"redis://127.0.0.1:{hanging.getsockname()[1]}/0"
        options = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}
        cache = RedisCache(url, {"OPTIONS": options})
        with pytest.raises(redis.TimeoutError):
            cache.get("page")  # waits out the socket timeout once
        with pytest.raises(redis.ConnectionError, match="not asking yet"):
            cache.get("page")  # then fails without asking the server
        clock[0] += RETRY_SECONDS + 0.1
        with pytest.raises(redis.TimeoutError):
            cache.get("page")  # and asks again later


def test_with_redis_each_wait_is_bounded_by_a_socket_timeout():
    options = fresh_setting(
        "settings.CACHES['default'].get('OPTIONS', {})",
        CACHE_URL="redis://127.0.0.1:6379/0",
        DJANGO_DEBUG="1",
    )
    assert options == {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
