"""The audit's served instance: a fresh PostgreSQL database, Redis, `make serve` on loopback.

Production mode (DEBUG off, a random secret key, PostgreSQL, Redis, granian as `make
serve` starts it, with its access log), plus the demo content and the demo users.
Only `manage.py` commands and HTTP: nothing here imports the portal.
"""

import json
import os
import re
import secrets
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench import servers
from bench.servers import stop_server  # any object with a `process` in its group

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "audit"
PYTHON = ROOT / ".venv" / "bin" / "python"
PORT = int(os.environ.get("AUDIT_PORT", "8601"))
DATABASE_URL = os.environ.get(
    "AUDIT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_audit_run"
)
CACHE_URL = os.environ.get("AUDIT_CACHE_URL", "redis://127.0.0.1:6379/12")
LOGINS = OUT / "demo-logins.json"
CONTROL_APP = "audit.control_wsgi:application"
PORTAL_APP = "portal.wsgi:application"

# One access-log line of granian: `... "GET /path HTTP/1.1" 200 ...`.
ACCESS_LINE = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3})'
)


def environment(*, relaxed: bool) -> dict[str, str]:
    """Production settings on loopback. `relaxed` lifts the per-address request limits.

    The outside tools are one client address sending thousands of requests: with the
    search, counting and API comment limits on they would mostly read `429`s and test
    nothing. The comment flood rule and the login lockout stay on in both modes.
    """
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DATABASE_URL": DATABASE_URL,
        "CACHE_URL": CACHE_URL,
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "DJANGO_MEDIA_ROOT": str(OUT / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    if relaxed:
        env.update(
            PORTAL_SEARCH_RATE="0",
            PORTAL_ENGAGEMENT_VIEW_RATE="0",
            PORTAL_ENGAGEMENT_SHARE_RATE="0",
            PORTAL_API_COMMENT_RATE="0",
        )
    return env


def recreate_database(url: str = DATABASE_URL) -> None:
    """Drop and create the audit's own database (never any other)."""
    servers.recreate_database(url, prefix="portal_audit_")


def flush_cache(url: str = CACHE_URL) -> None:
    servers.flush_cache(url)


def manage(*args: str, env: dict[str, str], timeout: int = 600) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise SystemExit(
            f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def prepare_content(env: dict[str, str]) -> None:
    """A fresh database with the demo content and one login per role."""
    recreate_database()
    flush_cache()
    manage("migrate", "--noinput", "-v0", env=env)
    manage("sync_roles", env=env)
    manage("load_demo", env=env)
    LOGINS.unlink(missing_ok=True)
    manage("ensure_demo_users", "--file", str(LOGINS), env=env)


@dataclass
class Server:
    app: str
    process: subprocess.Popen
    log: Path
    port: int = PORT

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def mark(self) -> int:
        """Where the access log ends now: count a phase's requests from here."""
        return self.log.stat().st_size

    def requests_since(
        self, offset: int, *, skip_5xx_under: str = ""
    ) -> tuple[int, int]:
        """(requests, 5xx answers) logged since `offset`, 5xx under a prefix excepted."""
        time.sleep(1.0)  # let the workers' last lines reach the log
        with self.log.open("rb") as handle:
            handle.seek(offset)
            text = handle.read().decode("utf-8", "replace")
        requests = errors = 0
        for match in ACCESS_LINE.finditer(text):
            requests += 1
            if match["status"].startswith("5") and not (
                skip_5xx_under and match["path"].startswith(skip_5xx_under)
            ):
                errors += 1
        return requests, errors

    def server_errors_since(self, offset: int, *, skip_under: str = "") -> list[str]:
        """The request lines answered 5xx since `offset` (for the detail column)."""
        with self.log.open("rb") as handle:
            handle.seek(offset)
            text = handle.read().decode("utf-8", "replace")
        return [
            f"{m['method']} {m['path']} {m['status']}"
            for m in ACCESS_LINE.finditer(text)
            if m["status"].startswith("5")
            and not (skip_under and m["path"].startswith(skip_under))
        ]


def start_server(env: dict[str, str], *, app: str, name: str) -> Server:
    """`make serve` (granian, access log on) in its own process group; waits for /healthz."""
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"server-{name}.log"
    process = subprocess.Popen(
        [
            "make",
            "--no-print-directory",
            "serve",
            f"PORT={PORT}",
            "HOST=127.0.0.1",
            f"WSGI_APP={app}",
            "WEB_CONCURRENCY=2",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(app, process, log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the audit server exited; see {log}")
        if fetch(server.base + "/healthz")[0] == 200:
            return server
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"the audit server did not answer within 120 s; see {log}")


def fetch(url: str, *, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # nosec B310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def logins() -> dict[str, str]:
    return json.loads(LOGINS.read_text())
