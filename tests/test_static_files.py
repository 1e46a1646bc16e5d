"""Static files as `make serve` ships them: hashed names, Brotli, cached for a year."""

import re

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

from tests.fresh_settings import STRONG_KEY, fresh_setting


@pytest.fixture(scope="module")
def production():
    """The static-files storage and middleware as `make serve` (DEBUG off) has them."""
    storage, middleware = fresh_setting(
        "[settings.STORAGES['staticfiles'], settings.MIDDLEWARE]",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="news.example.com",
    )
    return {"storage": storage, "middleware": middleware}


def test_production_uses_whitenoise_right_after_security(production):
    assert (
        production["storage"]["BACKEND"] == "portal.static_storage.StaticFilesStorage"
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


def test_each_static_url_is_worked_out_once_per_process(collected, monkeypatch):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.templatetags.static import static
    from whitenoise.storage import CompressedManifestStaticFilesStorage

    first = static("css/site.css")
    calls = []
    original = CompressedManifestStaticFilesStorage.url

    def counted(self, name, force=False):
        calls.append(name)
        return original(self, name, force)

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", counted)
    assert static("css/site.css") == first
    assert calls == []
    assert isinstance(
        staticfiles_storage._wrapped, CompressedManifestStaticFilesStorage
    )
