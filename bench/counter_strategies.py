"""Which way of counting a hot story's views is fastest under 64 concurrent writers?

Straight against PostgreSQL (psycopg2, one connection per client, autocommit, like
Django's), in scratch tables of a throwaway schema, for DURATION seconds each:

  single-row   UPDATE article SET views = views + 1          (F() on Article)
  sharded      INSERT ... ON CONFLICT DO UPDATE on 1 of 16 rows (what the portal ships)
  exact+shard  both in one transaction (per-day shard row plus an exact Article count)
  redis-buffer HINCRBY in Redis, flushed to PostgreSQL later (only if Redis answers)

Each run checks that the stored total equals the increments the clients made.
  DATABASE_URL=postgres://... .venv/bin/python bench/counter_strategies.py
"""

import os
import random
import statistics
import threading
import time
from urllib.parse import urlsplit

import psycopg2
from psycopg2 import sql

CLIENTS = int(os.environ.get("CLIENTS", 64))
DURATION = float(os.environ.get("DURATION", 8))
SHARDS = 16
URL = os.environ.get(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_engagement"
)
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")

SETUP = """
DROP SCHEMA IF EXISTS bench_counters CASCADE;
CREATE SCHEMA bench_counters;
CREATE TABLE bench_counters.article (id int PRIMARY KEY, views bigint NOT NULL);
INSERT INTO bench_counters.article VALUES (1, 0);
CREATE TABLE bench_counters.shard (
  article_id int, hour timestamptz, shard smallint, count bigint NOT NULL,
  PRIMARY KEY (article_id, hour, shard));
"""
HOUR = "date_trunc('hour', now())"
UPSERT = (
    "INSERT INTO bench_counters.shard VALUES (1, " + HOUR + ", %s, 1) "
    "ON CONFLICT (article_id, hour, shard) DO UPDATE "
    "SET count = bench_counters.shard.count + 1"
)


def connect(dbname: str | None = None):
    parts = urlsplit(URL)
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
    )
    conn.autocommit = True
    return conn


def create_database_if_missing():
    """The scratch schema can live in any database: make the named one on first use."""
    name = urlsplit(URL).path.lstrip("/")
    server = connect("postgres")
    with server.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    server.close()


def single_row(cur):
    cur.execute("UPDATE bench_counters.article SET views = views + 1 WHERE id = 1")


def sharded(cur):
    cur.execute(UPSERT, [random.randrange(SHARDS)])


def exact_and_shard(cur):
    cur.execute("BEGIN")
    cur.execute(UPSERT, [random.randrange(SHARDS)])
    cur.execute("UPDATE bench_counters.article SET views = views + 1 WHERE id = 1")
    cur.execute("COMMIT")


def stored(cur, name):
    if name == "single-row":
        cur.execute("SELECT views FROM bench_counters.article")
    else:
        cur.execute("SELECT coalesce(sum(count), 0) FROM bench_counters.shard")
    return cur.fetchone()[0]


def run(name, action, make_client, read_total):
    stop = time.monotonic() + DURATION
    start = threading.Barrier(CLIENTS)
    latencies, done = [], []
    lock = threading.Lock()

    def client():
        handle = make_client()
        mine, n = [], 0
        start.wait()
        while time.monotonic() < stop:
            t = time.perf_counter()
            action(handle)
            mine.append(time.perf_counter() - t)
            n += 1
        with lock:
            latencies.extend(mine)
            done.append(n)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    total = sum(done)
    cuts = statistics.quantiles(latencies, n=100)
    exact = read_total() == total
    print(
        f"{name:<13} {total / elapsed:>9.0f} {cuts[49] * 1000:>9.2f} "
        f"{cuts[98] * 1000:>9.2f}  {'yes' if exact else 'NO'}"
    )
    return exact


def main():
    create_database_if_missing()
    admin = connect()
    admin.cursor().execute(SETUP)
    print(f"{CLIENTS} clients, {DURATION:.0f} s each, {SHARDS} shards")
    print(f"{'strategy':<13} {'incr/s':>9} {'p50 ms':>9} {'p99 ms':>9}  exact")
    ok = True
    for name, action in [
        ("single-row", single_row),
        ("sharded", sharded),
        ("exact+shard", exact_and_shard),
    ]:
        admin.cursor().execute(
            "TRUNCATE bench_counters.shard; UPDATE bench_counters.article SET views = 0"
        )
        ok &= run(
            name,
            action,
            lambda: connect().cursor(),
            lambda name=name: stored(admin.cursor(), name),
        )
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        client.delete("bench:views")
        ok &= run(
            "redis-buffer",
            lambda r: r.hincrby("bench:views", "1", 1),
            lambda: redis.Redis.from_url(REDIS_URL),
            lambda: int(client.hget("bench:views", "1") or 0),
        )
        client.delete("bench:views")
    except Exception as exc:  # Redis is optional for this comparison
        print(f"redis-buffer  skipped ({exc.__class__.__name__})")
    admin.cursor().execute("DROP SCHEMA bench_counters CASCADE")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
