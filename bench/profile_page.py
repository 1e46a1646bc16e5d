"""Where an uncached page's time goes: render it in-process N times, print a profile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python -m bench.profile_page /news/<slug>/ [--n 300] [--sort tottime]

Runs the full WSGI stack (all middleware) with the page cache off (`--cold`: the article
page's kept parts too), against the database
in DATABASE_URL (the `make bench` one is seeded already). Prints requests/s on one core,
the queries of one request and the top functions of cProfile.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from urllib.parse import unquote

from .servers import OUT


def _environ(path: str) -> dict:
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_USER_AGENT": "wrk",
        "HTTP_ACCEPT_LANGUAGE": "ar",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "SERVER_PROTOCOL": "HTTP/1.1",
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--cached", action="store_true", help="keep the page cache on (profile hits)"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="keep no article page parts either (articles/caching/parts.py): a render from nothing",
    )
    parser.add_argument(
        "--floor", help="serve this file from the floor view (bench/floor_urls.py)"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if not args.cached:
        os.environ["PORTAL_PAGE_CACHE_SECONDS"] = "0"
    if args.cold:
        os.environ["PORTAL_PAGE_PARTS_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", "profile-" + "k" * 50)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_CONN_MAX_AGE", "600")
    os.environ.setdefault("DJANGO_MEDIA_ROOT", str(OUT / "media"))
    if args.floor:
        os.environ["BENCH_FLOOR_BODY"] = args.floor
        from django.conf import settings

        settings.ROOT_URLCONF = "bench.floor_urls"
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    app = get_wsgi_application()
    # WSGI's PATH_INFO is the decoded path, its UTF-8 bytes read as Latin-1.
    path = unquote(args.path).encode().decode("latin-1")

    def request() -> int:
        status = []
        body = app(_environ(path), lambda s, h, e=None: status.append(s))
        size = sum(len(chunk) for chunk in body)
        if hasattr(body, "close"):
            body.close()
        if not status[0].startswith("200"):
            raise SystemExit(f"{path}: {status[0]}")
        return size

    for _ in range(20):
        size = request()
    queries = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    with connection.execute_wrapper(record):
        request()
    started = time.perf_counter()
    for _ in range(args.n):
        request()
    elapsed = time.perf_counter() - started
    print(f"{path}: {size} bytes, {len(queries)} queries")
    print(
        f"{args.n / elapsed:,.0f} requests/s on one core, {elapsed / args.n * 1000:.2f} ms each"
    )
    for seconds, sql in queries:
        print(f"  {seconds * 1000:6.2f} ms  {sql[:150]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.n):
        request()
    profiler.disable()
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
