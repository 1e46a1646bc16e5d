"""`make bench-two-servers`: two `make serve` processes, one PostgreSQL, one Redis.

Checks, in order, and prints one line per check (exit status 1 if any fails):
1. both servers serve the reference article from the shared page cache;
2. an edit made through the ORM (as the admin does) shows on both within
   PAGE_CACHE_LOCAL_SECONDS (each server's copies of pages, articles/caching/local.py);
3. views driven through both servers at once (wrk, 32 + 32 connections) are stored
   exactly: stored increase == 2xx answers logged by the two servers;
4. with Redis stopped, both keep serving pages (200) and counting exactly, and each
   logs the cache failure at most once a minute, not per request.
It runs its own Redis on port 6390 (so it can stop it) and reuses `make bench`'s database
when it is already seeded (`BENCH_ARTICLES` smaller makes a fresh one faster).
"""

import os
import re
import subprocess
import sys
import time
import urllib.request

from . import run, servers

REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6390"))
PORTS = (8108, 8128)
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))


def start_redis() -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return process


def get(url: str) -> tuple[int, str, str]:
    """(status, body, X-Page-Cache) of one GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read().decode()
            return response.status, body, response.headers.get("X-Page-Cache", "")
    except OSError:
        return 0, "", ""


def count_views_on_both(portals, article_id: int, path: str) -> tuple[bool, str]:
    """Drive the beacon through both servers at once; stored == acknowledged?"""
    before = run._stored_views(article_id)
    offsets = [portal.log_size() for portal in portals]
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRK_ONE, portal.base + path, str(SECONDS)],
            cwd=servers.ROOT,
        )
        for portal in portals
    ]
    for process in runs:
        process.wait()
    time.sleep(1)
    added = run._stored_views(article_id) - before
    answered = sum(
        1
        for portal, offset in zip(portals, offsets, strict=True)
        for match in run._ACCESS_LINE.finditer(portal.log_since(offset))
        if match[1] == path and match[2].startswith("2")
    )
    return added == answered and added > 0, f"stored +{added}, answered 2xx {answered}"


_WRK_ONE = (
    "import sys; from bench.wrk import run_wrk; "
    "run_wrk(sys.argv[1], connections=32, seconds=int(sys.argv[2]), method='POST')"
)


def edit_seen_by_both(portals, path: str, marker: str) -> tuple[bool, str]:
    """Each server keeps its own copies of pages while the generation it knows is at
    most PAGE_CACHE_LOCAL_SECONDS old, so an edit made elsewhere reaches its readers
    within that bound: poll both and report how long each took."""
    from django.conf import settings

    bound = settings.PAGE_CACHE_LOCAL_SECONDS  # the servers share this environment
    started = time.monotonic()
    lags: list[float | None] = [None] * len(portals)
    while time.monotonic() - started < bound + 2 and None in lags:
        for index, portal in enumerate(portals):
            if lags[index] is None and marker in get(portal.base + path)[1]:
                lags[index] = time.monotonic() - started
        time.sleep(0.02)
    ok = all(lag is not None and lag <= bound + 0.25 for lag in lags)
    shown = ", ".join("never" if lag is None else f"{lag:.2f} s" for lag in lags)
    return ok, f"edit seen by both within {bound:g} s: {shown}"


def main() -> int:
    os.environ["BENCH_CACHE_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
    servers.CACHE_URL = os.environ["BENCH_CACHE_URL"]
    redis = start_redis()
    results: list[tuple[bool, str]] = []
    portals = []
    try:
        env = run.prepare_data()
        targets = run._reference_article()
        path, article_id = targets["article"], int(targets["article_id"])
        portals = [
            servers.start_server(f"two-{port}", port=port, env=env) for port in PORTS
        ]
        # 1. Both serve from the shared cache.
        for portal in portals:
            get(portal.base + path)
        states = [get(portal.base + path)[2] for portal in portals]
        results.append((states == ["hit", "hit"], f"shared cache: {states}"))

        # 2. One edit, both servers show it.
        from articles.models import Article

        article = Article.objects.get(pk=article_id)
        article.headline = f"{article.headline} (محدّث)"
        article.save()
        # In the page's heading, which is one of the article page's kept parts, not only
        # in its <title>, which is rendered fresh (articles/caching/parts.py).
        results.append(edit_seen_by_both(portals, path, "(محدّث)</h1>"))

        # 3. Counting through both at once.
        view_path = f"/engagement/view/{article_id}"
        results.append(count_views_on_both(portals, article_id, view_path))

        # 4. Redis stopped: pages and counting go on, errors logged once per interval.
        redis.terminate()
        redis.wait()
        offsets = [portal.log_size() for portal in portals]
        statuses = [get(portal.base + path)[0] for portal in portals for _ in range(20)]
        results.append((set(statuses) == {200}, f"Redis down, pages: {set(statuses)}"))
        ok, detail = count_views_on_both(portals, article_id, view_path)
        results.append((ok, f"Redis down, counting: {detail}"))
        logged = [
            len(re.findall("page cache unavailable", portal.log_since(offset)))
            for portal, offset in zip(portals, offsets, strict=True)
        ]
        workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
        results.append(
            (max(logged) <= workers, f"cache failures logged per server: {logged}")
        )
    finally:
        for portal in portals:
            servers.stop_server(portal)
        if redis.poll() is None:
            redis.terminate()
    for ok, detail in results:
        run.say(f"{'PASS' if ok else 'FAIL'}  {detail}")
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
