"""Static files as `make serve` ships them: hashed names, Brotli, cached for a year."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

ROOT = Path(__file__).resolve().parents[1]
_PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.STORAGES['staticfiles'], s.MIDDLEWARE]))"
)


@pytest.fixture(scope="module")
def production():
    """The static-files storage and middleware as `make serve` (DEBUG off) has them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="s" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2,
        DJANGO_ALLOWED_HOSTS="news.example.com",
    )
    done = subprocess.run(
        [sys.executable, "-c", _PRINT_SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    storage, middleware = json.loads(done.stdout.splitlines()[-1])
    return {"storage": storage, "middleware": middleware}


def test_production_uses_whitenoise_right_after_security(production):
    assert production["storage"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert production["middleware"][:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


@pytest.fixture
def collected(settings, tmp_path, production):
    settings.DEBUG = False
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {**settings.STORAGES, "staticfiles": production["storage"]}
    # Our own files only (STATICFILES_DIRS): compressing the admin's, the editor's and
    # the API docs' bundles takes about half a minute on a busy machine.
    settings.STATICFILES_FINDERS = [
        "django.contrib.staticfiles.finders.FileSystemFinder"
    ]
    call_command("collectstatic", "--noinput", "-v0")
    return tmp_path / "static"


def _serve(path: str, **headers):
    middleware = WhiteNoiseMiddleware(lambda request: pytest.fail("not static"))
    return middleware(RequestFactory().get(path, **headers))


def test_collectstatic_writes_hashed_names_with_brotli_and_gzip(collected):
    hashed = [
        p.name
        for p in (collected / "css").iterdir()
        if re.fullmatch(r"site\.[0-9a-f]{12}\.css", p.name)
    ]
    assert len(hashed) == 1
    assert (collected / "css" / f"{hashed[0]}.br").is_file()
    assert (collected / "css" / f"{hashed[0]}.gz").is_file()


def test_hashed_file_is_immutable_and_brotli_encoded(collected):
    from django.templatetags.static import static

    url = static("css/site.css")
    assert re.search(r"/site\.[0-9a-f]{12}\.css$", url)
    response = _serve(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    assert "Accept-Encoding" in response["Vary"]


def test_unhashed_name_is_cached_briefly(collected, settings):
    response = _serve("/static/css/site.css")
    assert response.status_code == 200
    assert response["Cache-Control"] == f"max-age={settings.WHITENOISE_MAX_AGE}, public"
