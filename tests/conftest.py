import os
import time
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection, connections

# Playwright's sync API runs an event loop in the test thread (ECOSYSTEM pitfall 5).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The reference article as a reader saw it: a copy of shared/seeds/, kept in the
# repository so that a clone anywhere can run the suite (test_demo checks the two agree
# when shared/ sits beside the clone).
SEED_NAME = "000_5f292ea16519a414.txt"
SEED_FILE = Path(__file__).resolve().parent / "data" / SEED_NAME
SHARED_SEED_FILE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / SEED_NAME


def pytest_collection_modifyitems(config, items):
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgis"))
    if on_postgres:
        return
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL")
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files go to a per-test temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """Feature tests see fresh pages; tests/articles/caching/test_pages.py and
    tests/articles/caching/test_parts.py turn the caches on."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.PAGE_PARTS_SECONDS = 0


@pytest.fixture(autouse=True)
def _clear_caches():
    from articles.caching import pages, parts
    from articles.caching.local import local_pages
    from articles.presentation import renditions

    for cache in caches.all():
        cache.clear()
    local_pages.clear()  # a process's copies of shared pages go with the shared cache
    pages._purge_pending = False
    parts._retire_pending = False
    renditions.forget()  # tests reuse image ids and names across media roots
    yield


@pytest.fixture(autouse=True)
def _one_flood_window():
    """Flood limits count per clock minute (articles/guards/throttle.py): a burst of requests
    that straddles a minute boundary starts a new window and is not refused. Tests see
    one window: the throttle's clock stands still in the middle of a minute. (Patched
    by hand, not with `monkeypatch`, so that fixture keeps its teardown order.)"""
    from articles.guards import throttle

    still = time.time() // 60 * 60 + 30
    with mock.patch.object(throttle, "time", SimpleNamespace(time=lambda: still)):
        yield


@pytest.fixture(autouse=True)
def _one_session_minute():
    """Signed-in sessions are saved at most once a minute (accounts/middleware.py): a
    test whose requests straddle a minute would see one more write. Tests see one
    minute; tests/accounts/test_sessions.py moves it with its own clock."""
    from accounts import middleware

    still = middleware.current_minute()
    with mock.patch.object(middleware, "current_minute", lambda: still):
        yield


@pytest.fixture
def reference(db):
    """The reference article (tests/data), loaded as `make run` loads the demo."""
    from articles.demo.loader import load_reference_article

    article, _ = load_reference_article()
    return article


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def seed_text():
    if not SEED_FILE.exists():
        pytest.fail(f"reference seed missing: {SEED_FILE}")
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's deliberate slowness costs ~0.5 s per test user; tests need no secrecy."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser(live_server):
    """Debian's Chromium through Playwright; skips when missing unless REQUIRE_BROWSER=1.

    It asks for `live_server` so that the server starts first and stops last: Chromium
    closing its kept-alive sockets ends the server's request threads, which must find
    the server's database connection still shared with them.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(
                "REQUIRE_BROWSER=1 but Playwright or /usr/bin/chromium is missing"
            )
        pytest.skip("Chromium (/usr/bin/chromium) or Playwright is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True
        )
        yield launched
        launched.close()
    # Connections opened while Playwright's loop ran would keep PostgreSQL from
    # dropping the test database.
    connections.close_all()


@pytest.fixture(scope="session")
def artifacts_dir():
    """Where browser tests save screenshots (git-ignored)."""
    path = Path(__file__).resolve().parents[1] / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
