"""Staff sessions end after a working shift without a request; readers get none."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import middleware
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """`timezone.now()` under the test's control (sessions read it to expire)."""
    moment = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: moment["now"])
    monkeypatch.setattr(
        middleware, "current_minute", lambda: int(moment["now"].timestamp() // 60)
    )

    def advance(**delta):
        moment["now"] += timedelta(**delta)

    return advance


def _signed_in(response) -> bool:
    return response.status_code == 200


def test_a_staff_session_ends_after_eight_idle_hours(client, clock, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.force_login(make_editor())
    assert _signed_in(client.get("/admin/"))
    clock(hours=8, minutes=1)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_each_request_moves_the_end_of_the_session(client, clock):
    client.force_login(make_editor())
    for _ in range(3):  # a whole day of work, a request every seven hours
        clock(hours=7)
        assert _signed_in(client.get("/admin/"))


def test_the_session_cookie_lives_as_long_as_the_idle_limit(client, clock):
    client.force_login(make_editor())
    clock(minutes=2)  # a request of a later minute saves the session and its cookie
    response = client.get("/admin/")
    assert response.cookies["sessionid"]["max-age"] == 8 * 3600


def test_readers_get_no_session_cookie(client):
    article = make_article()
    for url in ("/", article.get_absolute_url(), "/search/?q=خبر"):
        response = client.get(url)
        assert response.status_code == 200 and "sessionid" not in response.cookies


def test_a_keep_alive_ping_moves_the_end_of_the_session(client, clock):
    from django.contrib.sessions.models import Session

    client.force_login(make_editor())
    ends = Session.objects.get().expire_date
    clock(hours=7)
    response = client.get("/admin/keep-alive/")
    assert response.status_code == 204 and "no-store" in response["Cache-Control"]
    assert Session.objects.get().expire_date == ends + timedelta(hours=7)
    clock(hours=7)  # 14 hours after signing in, 7 after the ping
    assert _signed_in(client.get("/admin/"))


def test_a_keep_alive_ping_after_the_session_ended_says_so(client, clock):
    assert client.get("/admin/keep-alive/").status_code == 401
    client.force_login(make_editor())
    clock(hours=9)
    assert client.get("/admin/keep-alive/").status_code == 401
    assert client.post("/admin/keep-alive/").status_code == 405


def test_admin_pages_load_the_keep_alive_script_only_when_signed_in(client):
    assert "admin_keep_alive" not in client.get("/admin/login/").content.decode()
    client.force_login(make_editor())
    html = client.get("/admin/").content.decode()
    assert 'data-url="/admin/keep-alive/"' in html and "admin_keep_alive" in html


@pytest.mark.parametrize("url", ["/", "/api/v1/articles", "/admin/login/"])
def test_a_stale_session_cookie_makes_no_new_session(client, url):
    """An ended, cleared or made-up session cookie: no row is written and no new
    session cookie is handed out (each would be a database write per request, and a
    cookie that keeps the reader off the page cache)."""
    from django.contrib.sessions.models import Session

    make_article()
    for _ in range(2):
        client.cookies["sessionid"] = "ended-or-made-up-session-key"
        response = client.get(url)
        assert response.status_code == 200
        cookie = response.cookies.get("sessionid")
        assert cookie is None or cookie.value == ""  # at most: deleted
    assert not Session.objects.exists()


def test_an_ended_session_is_not_brought_back_by_the_next_request(client, clock):
    from django.contrib.sessions.models import Session

    client.force_login(make_editor())
    clock(hours=9)
    assert client.get("/admin/keep-alive/").status_code == 401
    client.get("/")
    assert not Session.objects.filter(expire_date__gt=timezone.now()).exists()


def test_a_busy_editor_saves_the_session_once_a_minute_not_per_request(client, clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def session_writes() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert _signed_in(client.get("/admin/"))
        return sum('UPDATE "django_session"' in q["sql"] for q in queries)

    client.force_login(make_editor())
    assert session_writes() == 0  # signing in noted the minute
    clock(seconds=61)
    assert session_writes() == 1
    assert session_writes() == 0  # the same minute
