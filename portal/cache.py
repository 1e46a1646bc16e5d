"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every operation.
Since redis-py 5 that constructor copies about 170 response callbacks, which made up
40 % of the time of a page served from the cache (`bench/profile_page.py --cached`).
A `redis.Redis` holds no connection of its own (its pool does) and is thread-safe, so
one client per pool serves every operation.

A Redis that hangs (accepts, never answers) would otherwise make every cache operation
wait out its socket timeout, several per page. After a connection error or a timeout
the client fails at once for `RETRY_SECONDS`, then tries the server again; every caller
already treats a failed operation as "no cache". Everything else is Django's backend.
"""

import time

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

RETRY_SECONDS = 5.0


class FailFastRedis(redis.Redis):
    """`redis.Redis` that stops waiting on a server that just failed, for a while."""

    down_until = 0.0  # monotonic time; one client per pool, so one per server

    def execute_command(self, *args, **options):
        if time.monotonic() < self.down_until:
            raise redis.ConnectionError("cache server failed recently; not asking yet")
        try:
            return super().execute_command(*args, **options)
        except (redis.ConnectionError, redis.TimeoutError):
            self.down_until = time.monotonic() + RETRY_SECONDS
            raise


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._client = FailFastRedis
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
