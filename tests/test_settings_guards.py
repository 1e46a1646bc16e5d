"""Start-up guards: each bad configuration stops with one line naming the variable."""

import pytest

from tests.fresh_settings import STRONG_KEY, fresh_process


def start(**variables):
    return fresh_process("print('started')", **variables)


def test_production_without_secret_key_names_the_variable():
    result = start(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="news.example.com")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("weak", ["short", "django-insecure-" + "a" * 50, "a" * 60])
def test_production_with_weak_secret_key_is_refused(weak):
    result = start(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=weak,
        DJANGO_ALLOWED_HOSTS="news.example.com",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


def test_production_without_allowed_hosts_names_the_variable():
    result = start(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is empty" in result.stderr


def test_production_with_good_variables_starts():
    result = start(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="news.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_debug_mode_starts_without_secret_key():
    result = start(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "postgres://user:pa:ss@host:notaport/db"),
        ("DATABASE_URL", "nosuchdb://whatever"),
        ("CACHE_URL", "nosuchcache://whatever"),
        ("CACHE_URL", "redis://host:port:x"),
    ],
)
def test_malformed_service_urls_fail_with_one_line_naming_the_variable(variable, value):
    result = start(DJANGO_DEBUG="1", **{variable: value})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert variable in last_line
    assert "ImproperlyConfigured" in last_line
