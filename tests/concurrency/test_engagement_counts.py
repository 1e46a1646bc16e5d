"""Races on one hot article: no increment lost, none counted twice (PostgreSQL)."""

import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, connections

from articles.models import Article
from articles.services.engagement import record_share, record_view, roll_up_counts
from tests.factories import make_article

THREADS = 50
PER_THREAD = 200
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def hammer(action):
    """Run `action` PER_THREAD times in each of THREADS threads started together."""
    start = threading.Barrier(THREADS)
    errors = []

    def work():
        try:
            start.wait()
            for _ in range(PER_THREAD):
                assert action()
        except Exception as exc:  # surfaced below, with the thread's own error
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def totals(article):
    row = Article.objects.with_exact_counts().get(pk=article.pk)
    return row.views_total, row.shares_total


@pytest.fixture
def article(settings):
    # Roll up every second, so roll-ups race the increments too.
    settings.ENGAGEMENT_ROLLUP_SECONDS = 1
    return make_article(view_count=3)


def test_50_threads_by_200_views_end_exactly_10000_higher(article):
    hammer(lambda: record_view(article_id=article.pk))
    assert totals(article)[0] == 3 + THREADS * PER_THREAD
    roll_up_counts()
    article.refresh_from_db()
    assert article.view_count == 3 + THREADS * PER_THREAD


def test_50_threads_by_200_shares_end_exactly_10000_higher(article):
    networks = ["whatsapp", "telegram", "x", "facebook", "copy"]
    local = threading.local()

    def share():
        local.n = getattr(local, "n", 0) + 1
        return record_share(article_id=article.pk, network=networks[local.n % 5])

    hammer(share)
    assert totals(article)[1] == THREADS * PER_THREAD
    roll_up_counts()
    article.refresh_from_db()
    assert article.share_count == THREADS * PER_THREAD


def test_two_processes_count_together_exactly(article):
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    script = (
        "import django, sys, threading\n"
        "django.setup()\n"
        "from django.db import connections\n"
        "from articles.services.engagement import record_view\n"
        "pk = int(sys.argv[1])\n"
        "def work():\n"
        "    for _ in range(250):\n"
        "        assert record_view(article_id=pk)\n"
        "    connections.close_all()\n"
        "ts = [threading.Thread(target=work) for _ in range(8)]\n"
        "[t.start() for t in ts]\n"
        "[t.join() for t in ts]\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": url,
        "PORTAL_ENGAGEMENT_ROLLUP_SECONDS": "1",
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(article.pk)], cwd=ROOT, env=env
        )
        for _ in range(2)
    ]
    assert [proc.wait(timeout=120) for proc in procs] == [0, 0]
    assert totals(article)[0] == 3 + 2 * 8 * 250
    roll_up_counts()
    article.refresh_from_db()
    assert article.view_count == 3 + 2 * 8 * 250
