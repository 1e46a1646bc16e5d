import os
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection

# Playwright's sync API runs an event loop in the test thread (ECOSYSTEM pitfall 5).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SEED_FILE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "seeds"
    / "000_5f292ea16519a414.txt"
)


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
def _clear_caches():
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def seed_text():
    if not SEED_FILE.exists():
        pytest.fail(f"reference seed missing: {SEED_FILE}")
    return SEED_FILE.read_text(encoding="utf-8")


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; skips when missing unless REQUIRE_BROWSER=1."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()
