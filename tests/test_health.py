import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db


def refuse_connections(monkeypatch):
    """Make every query fail the way a stopped database server does."""

    def refuse(*args, **kwargs):
        raise OperationalError(
            "connection to server at 127.0.0.1 failed: Connection refused"
        )

    monkeypatch.setattr(CursorWrapper, "execute", refuse)


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_without_traceback_when_the_database_is_down(
    client, monkeypatch
):
    refuse_connections(monkeypatch)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_the_database_is_down(client, monkeypatch):
    refuse_connections(monkeypatch)
    response = client.get("/")
    assert response.status_code == 503
    assert "غير متاحة مؤقتاً" in response.content.decode()
    assert response["Retry-After"]
    monkeypatch.undo()
    assert client.get("/healthz").status_code == 200  # recovers by itself


def test_a_query_error_is_not_mistaken_for_an_outage(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("no such column: oops")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    client.raise_request_exception = False
    assert client.get("/").status_code == 500


def test_check_database_command_reports_a_down_database(monkeypatch):
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import connection

    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    with pytest.raises(CommandError, match="unavailable: connection refused"):
        call_command("check_database")
