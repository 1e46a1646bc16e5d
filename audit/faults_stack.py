"""The private services `audit.faults` breaks: PostgreSQL 15 on 5440, Redis on 6390, a
small filesystem for media and the portal under granian on 8603, all on loopback, all
started here and all torn down by `Stack.close()`. The shared 5432/6379 are never used.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GRANIAN = ROOT / ".venv" / "bin" / "granian"
PG_BIN = Path(os.environ.get("AUDIT_PG_BIN", "/usr/lib/postgresql/15/bin"))
HOST = "127.0.0.1"
PG_PORT, REDIS_PORT, WEB_PORT = 5440, 6390, 8603
BASE = f"http://{HOST}:{WEB_PORT}"
WORKERS = 2
# Room for the demo pictures and their renditions (about 1 MB); "disk full" is this
# filesystem filled to the last byte, so the demo's own files stay readable.
MEDIA_SIZE_KB = 16 * 1024
FILLER = ".audit-filler"


def say(text: str) -> None:
    sys.stderr.write(f"[faults {time.strftime('%H:%M:%S')}] {text}\n")
    sys.stderr.flush()


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


def wait_until(predicate, *, seconds: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def http_status(path: str, timeout: float = 3) -> int:
    try:
        with urllib.request.urlopen(BASE + path, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _as_postgres(command: list[str]) -> list[str]:
    """initdb refuses to run as root: run the cluster as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kwargs
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, command[:6]))} failed ({result.returncode}): "
            f"{(result.stderr or result.stdout).strip()[-800:]}"
        )
    return result


class Stack:
    """Everything one faults run starts; `close()` undoes it in reverse order."""

    def __init__(self) -> None:
        busy = [p for p in (PG_PORT, REDIS_PORT, WEB_PORT) if port_in_use(p)]
        if busy:
            raise RuntimeError(f"ports already in use on {HOST}: {busy}")
        self.tmp = Path(tempfile.mkdtemp(prefix="audit-faults-"))
        self.tmp.chmod(0o755)
        self.pg_data = self.tmp / "pg"
        self.sockets = self.tmp / "sock"
        self.media = self.tmp / "media"
        self.server_log = self.tmp / "server.log"
        self.logins_file = self.tmp / "demo-logins.json"
        self.media_mount = ""  # how the media filesystem was made
        self.server: subprocess.Popen | None = None
        self._undo: list[tuple[str, object]] = [("remove temp dir", self._remove_tmp)]
        self.secret_key = secrets.token_urlsafe(50)

    # PostgreSQL ---------------------------------------------------------------------

    def _pg_ctl(self, *args: str, timeout: float = 60) -> None:
        _run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), *args]),
            timeout=timeout,
        )

    def start_postgres(self) -> None:
        self.pg_data.mkdir()
        self.sockets.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.pg_data, "postgres")
            shutil.chown(self.sockets, "postgres")
        self.pg_data.chmod(0o700)
        _run(
            _as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.pg_data),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            timeout=120,
        )
        # --no-sync only skips initdb's own flush; the server runs with fsync and
        # synchronous commit on, because durability is what the run checks.
        options = (
            f"-p {PG_PORT} -k {self.sockets} -c listen_addresses={HOST} "
            "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
        )
        self._pg_ctl(
            "-o", options, "-l", str(self.sockets / "postgres.log"), "-w", "start"
        )
        self._undo.append(("stop PostgreSQL", self.stop_postgres))
        self.sql("CREATE DATABASE portal", dbname="postgres")

    def restart_postgres(self) -> None:
        # -l again: without it the new postmaster would write to (and hold open) our
        # pipe, and pg_ctl's caller would wait for it forever.
        log = str(self.sockets / "postgres.log")
        self._pg_ctl("-m", "fast", "-w", "-l", log, "restart", timeout=60)

    def stop_postgres(self) -> None:
        if not (self.pg_data / "postmaster.pid").exists():
            return
        try:
            self._pg_ctl("-m", "fast", "-w", "stop", timeout=30)
        except (RuntimeError, subprocess.TimeoutExpired):
            pid = int((self.pg_data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGQUIT)  # our own postmaster only

    def sql(self, query: str, params=(), *, dbname: str = "portal") -> list[tuple]:
        """One statement on the private cluster (autocommit); its rows."""
        import psycopg2

        connection = psycopg2.connect(
            host=HOST, port=PG_PORT, user="postgres", dbname=dbname, connect_timeout=5
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    # Redis --------------------------------------------------------------------------

    @property
    def _redis_pidfile(self) -> Path:
        return self.tmp / "redis.pid"

    def start_redis(self) -> None:
        _run(
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--pidfile",
                str(self._redis_pidfile),
                "--logfile",
                str(self.tmp / "redis.log"),
                "--dir",
                str(self.tmp),
            ]
        )
        if not wait_until(lambda: port_in_use(REDIS_PORT), seconds=10):
            raise RuntimeError("private Redis did not start")
        if ("stop Redis", self.stop_redis) not in self._undo:
            self._undo.append(("stop Redis", self.stop_redis))

    def stop_redis(self) -> None:
        if not self._redis_pidfile.exists():
            return
        pid = int(self._redis_pidfile.read_text().strip())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)  # the pid our own redis-server wrote
        wait_until(lambda: not port_in_use(REDIS_PORT), seconds=10)
        self._redis_pidfile.unlink(missing_ok=True)

    # Media --------------------------------------------------------------------------

    def mount_media(self) -> None:
        """A filesystem of its own for media, so filling it fills nothing else."""
        self.media.mkdir()
        size = f"size={MEDIA_SIZE_KB}k"
        tmpfs = subprocess.run(
            [
                "mount",
                "-t",
                "tmpfs",
                "-o",
                f"{size},mode=0755",
                "tmpfs",
                str(self.media),
            ],
            capture_output=True,
            text=True,
        )
        if tmpfs.returncode == 0:
            self.media_mount = f"tmpfs {MEDIA_SIZE_KB} KB"
        else:
            image = self.tmp / "media.img"
            with image.open("wb") as handle:
                handle.truncate(MEDIA_SIZE_KB * 1024)
            loop = subprocess.run(
                f"mkfs.ext2 -q -F {image} && mount -o loop {image} {self.media}",
                shell=True,
                capture_output=True,
                text=True,
            )
            if loop.returncode != 0:
                self.media_mount = "plain directory (mount refused: disk-full not real)"
                return
            self.media_mount = f"loop ext2 {MEDIA_SIZE_KB} KB"
        self._undo.append(("unmount media", self.unmount_media))

    def unmount_media(self) -> None:
        subprocess.run(["umount", "-l", str(self.media)], capture_output=True)

    def fill_media(self) -> int:
        """Write a filler file until the filesystem refuses; bytes written."""
        written = 0
        chunk = b"\0" * 65536
        with (self.media / FILLER).open("wb", buffering=0) as handle:
            for size in (65536, 4096, 512, 1):
                try:
                    while True:
                        written += handle.write(chunk[:size])
                except OSError:
                    continue
        return written

    def free_media(self) -> None:
        (self.media / FILLER).unlink(missing_ok=True)

    def media_files(self) -> set[str]:
        return {
            str(path.relative_to(self.media))
            for path in self.media.rglob("*")
            if path.is_file() and path.name != FILLER
        }

    # The portal ---------------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        """Production mode against the private services; limits raised for the load."""
        static_root = os.environ.get("DJANGO_STATIC_ROOT", str(ROOT / "staticfiles"))
        return {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": self.secret_key,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DATABASE_URL": f"postgres://postgres@{HOST}:{PG_PORT}/portal",
            "CACHE_URL": f"redis://{HOST}:{REDIS_PORT}/0",
            "SITE_URL": BASE,
            "DJANGO_MEDIA_ROOT": str(self.media),
            "DJANGO_STATIC_ROOT": static_root,
            "DJANGO_CONN_MAX_AGE": "600",  # as `make serve`
            "DJANGO_LOG_LEVEL": "WARNING",
            # Moderator mails are not under test; the console backend would put one
            # mail per comment into the server log.
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            # One client address sends the whole load: lift the per-address limits
            # and keep the time-to-submit rule, shortened.
            "PORTAL_COMMENTS_FLOOD_LIMIT": "1000000",
            "PORTAL_COMMENTS_MIN_SUBMIT_SECONDS": "0.5",
            "PORTAL_ENGAGEMENT_VIEW_RATE": "0",
            "PORTAL_ENGAGEMENT_SHARE_RATE": "0",
            "PORTAL_API_COMMENT_RATE": "0",
            "PORTAL_SEARCH_RATE": "0",
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *args: str, timeout: float = 600) -> str:
        return _run(
            [str(PYTHON), "manage.py", *args],
            cwd=ROOT,
            env=self.environment(),
            timeout=timeout,
        ).stdout

    def _static_is_current(self, static_root: Path) -> bool:
        """collectstatic costs ~40 s on this box: skip it when its manifest is newer
        than every source (our static/ and the installed packages)."""
        manifest = static_root / "staticfiles.json"
        if not manifest.exists():
            return False
        sources = [p for p in (ROOT / "static").rglob("*") if p.is_file()]
        sources += [ROOT / ".venv" / ".runtime", ROOT / "pyproject.toml"]
        newest = max(p.stat().st_mtime for p in sources if p.exists())
        return manifest.stat().st_mtime >= newest

    def prepare_portal(self) -> dict[str, str]:
        """What `make serve` runs before the server, then the demo content and users."""
        self.manage("check_database")
        static_root = Path(self.environment()["DJANGO_STATIC_ROOT"])
        if not self._static_is_current(static_root):
            say(f"collectstatic into {static_root} (about 40 s)")
            self.manage("collectstatic", "--noinput", "-v0")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("sync_roles")
        self.manage("load_demo")
        self.manage("ensure_demo_users", "--file", str(self.logins_file))
        return json.loads(self.logins_file.read_text())

    def start_server(self) -> None:
        """granian exactly as the Makefile's SERVER_granian, 2 workers, respawning."""
        command = [
            str(GRANIAN),
            "--interface",
            "wsgi",
            "--host",
            HOST,
            "--port",
            str(WEB_PORT),
            "--workers",
            str(WORKERS),
            "--blocking-threads",
            "1",
            "--no-ws",
            "--access-log",
            "--respawn-failed-workers",
            "portal.wsgi:application",
        ]
        self.server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.environment(),
            stdout=self.server_log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._undo.append(("stop server", self.stop_server))
        if not wait_until(lambda: http_status("/healthz") == 200, seconds=60, step=0.3):
            raise RuntimeError(f"portal did not answer /healthz; see {self.server_log}")
        wait_until(lambda: len(self.worker_pids()) == WORKERS, seconds=20)

    def stop_server(self) -> None:
        if self.server is None or self.server.poll() is not None:
            return
        os.killpg(self.server.pid, signal.SIGTERM)  # our own session only
        try:
            self.server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait()

    def worker_pids(self) -> list[int]:
        """The live granian workers: the server main process's children, zombies left out."""
        if self.server is None:
            return []
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # fields[0] is the state: a killed worker stays a zombie until reaped.
            if int(fields[1]) == self.server.pid and fields[0] != "Z":
                children.append(int(stat.parent.name))
        return sorted(children)

    def log_size(self) -> int:
        return self.server_log.stat().st_size if self.server_log.exists() else 0

    def log_since(self, offset: int) -> str:
        with self.server_log.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", "replace")

    # Teardown -----------------------------------------------------------------------

    def _remove_tmp(self) -> None:
        if os.environ.get("AUDIT_FAULTS_KEEP"):
            say(f"kept {self.tmp} (AUDIT_FAULTS_KEEP)")
            return
        shutil.rmtree(self.tmp, ignore_errors=True)

    def close(self) -> None:
        for label, undo in reversed(self._undo):
            try:
                undo()
            except Exception as error:  # keep tearing down the rest
                say(f"teardown: {label} failed: {error}")
        self._undo.clear()
