"""Start and stop `make serve` for the benchmark, and prepare its database."""

import os
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
)
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/8")


def bench_environment() -> dict[str, str]:
    """The variables every process of the run shares: production settings, PostgreSQL, Redis."""
    return {
        "DATABASE_URL": DATABASE_URL,
        "CACHE_URL": CACHE_URL,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_CONN_MAX_AGE": "600",
        "DJANGO_MEDIA_ROOT": str(OUT / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        # wrk is one client address: the per-IP flood limits would refuse most of the
        # counting run, which measures the counting path itself.
        "PORTAL_ENGAGEMENT_VIEW_RATE": "0",
        "PORTAL_ENGAGEMENT_SHARE_RATE": "0",
        # The same for searches: the uncached search row repeats one query all along.
        "PORTAL_SEARCH_RATE": "0",
    }


def recreate_database(url: str = DATABASE_URL, *, prefix: str = "portal_bench") -> None:
    """Drop and create a database named with `prefix` (never any other): the
    benchmark's, or the audit's."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith(prefix):
        raise SystemExit(f"refusing to recreate {name!r}: not named {prefix}…")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def flush_cache(url: str = CACHE_URL) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_size(self) -> int:
        return self.log.stat().st_size

    def log_since(self, offset: int) -> str:
        with self.log.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", "replace")


def start_server(
    name: str, *, port: int, env: dict[str, str], make_vars=(), ready_path="/healthz"
) -> Server:
    """`make serve` on a port, in its own process group; waits until it answers."""
    log = OUT / f"{name}.log"
    command = ["make", "--no-print-directory", "serve", f"PORT={port}", *make_vars]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env, "HOST": "127.0.0.1"},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(name, port, process, log)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} server exited; see {log}")
        if fetch(server.base + ready_path)[0] == 200:
            return server
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"{name} server did not answer within 180 s; see {log}")


def stop_server(server: Server) -> None:
    """Stop the server's whole process group (make and the WSGI server under it)."""
    if server.process.poll() is not None:
        return
    os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()


def fetch(url: str, *, method: str = "GET", headers=None) -> tuple[int, bytes]:
    """One request; (status, body), or (0, b"") when nothing answers."""
    request = urllib.request.Request(
        url,
        method=method,
        headers=headers or {},
        data=b"" if method == "POST" else None,
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""
