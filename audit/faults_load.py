"""The fixed load `audit.faults` runs while it breaks things: article page GETs, view
beacons and comment posts, over plain HTTP, each acknowledged write remembered.

Every request is a new connection with no cookie jar: each view beacon is a new visitor
(no `seen` cookie, so the 30-minute dedupe does not apply) and the portal sees the load
as browsers, not as one client reusing a connection.
"""

import http.client
import itertools
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from .faults_stack import BASE, HOST, WEB_PORT

# A browser's User-Agent: HTTP libraries' own are counted as bots (articles/bots.py).
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
TIMEOUT = 10
MIN_SUBMIT_SECONDS = 0.5  # PORTAL_COMMENTS_MIN_SUBMIT_SECONDS in the server's env


def request(
    method: str, path: str, *, body: bytes = b"", headers=None, timeout=TIMEOUT
):
    """(status, headers, body) of one request on a fresh connection; 0 when none came."""
    connection = http.client.HTTPConnection(HOST, WEB_PORT, timeout=timeout)
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    try:
        connection.request(method, path, body=body or None, headers=sent)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    except (OSError, http.client.HTTPException):
        return 0, [], b""
    finally:
        connection.close()


def cookie_from(headers, name: str) -> str:
    for key, value in headers:
        if key.lower() == "set-cookie" and value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return ""


@dataclass
class Answer:
    at: float  # time.monotonic()
    kind: str  # page, view, comment, token
    status: int  # 0: no answer (connection refused, reset, timeout)


@dataclass
class Phase:
    """What one fault's load sent and what the portal acknowledged."""

    answers: list[Answer] = field(default_factory=list)
    acked_views: int = 0
    uncounted_views: int = 0  # 200 with {"counted": false}: should never happen here
    acked_comments: list[str] = field(default_factory=list)

    def between(self, start: float, end: float) -> list[Answer]:
        return [a for a in self.answers if start <= a.at < end]

    @staticmethod
    def statuses(answers) -> Counter:
        return Counter(a.status for a in answers)

    @property
    def requests(self) -> int:
        return len(self.answers)

    @property
    def errors(self) -> list[Answer]:
        """Not 2xx/3xx, or no answer at all."""
        return [a for a in self.answers if not 200 <= a.status < 400]

    @property
    def failures_5xx(self) -> list[Answer]:
        """5xx other than 503: 503 is the portal's deliberate 'database away' page."""
        return [a for a in self.answers if a.status >= 500 and a.status != 503]

    def summary(self) -> str:
        by_kind = {}
        for answer in self.answers:
            by_kind.setdefault(answer.kind, Counter())[answer.status] += 1
        parts = []
        for kind, counts in sorted(by_kind.items()):
            shown = " ".join(
                f"{'conn-err' if s == 0 else s}x{n}" for s, n in sorted(counts.items())
            )
            parts.append(f"{kind}[{shown}]")
        return " ".join(parts)


class Load:
    """Threads that keep sending until `stop()`: pages, view beacons, comments."""

    def __init__(
        self,
        *,
        pages: list[str],
        view_article: int,
        comment_article: int,
        marker: str,
        readers: int = 2,
        viewers: int = 3,
        commenters: int = 1,
    ) -> None:
        self.pages = pages
        self.view_article = view_article
        self.comment_article = comment_article
        self.marker = marker
        self.plan = (
            [self._read] * readers
            + [self._view] * viewers
            + [self._comment] * commenters
        )
        self.phase = Phase()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._serial = itertools.count(1)

    @property
    def concurrency(self) -> int:
        return len(self.plan)

    def start(self) -> Phase:
        self.phase = Phase()
        self._stop.clear()
        self._threads = [
            threading.Thread(target=self._loop, args=(work, n), daemon=True)
            for n, work in enumerate(self.plan)
        ]
        for thread in self._threads:
            thread.start()
        return self.phase

    def stop(self) -> Phase:
        """Stop sending and wait for every request in flight to be answered."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=TIMEOUT * 3)
        return self.phase

    def _loop(self, work, index: int) -> None:
        while not self._stop.is_set():
            work(index)

    def _note(self, kind: str, status: int) -> None:
        with self._lock:
            self.phase.answers.append(Answer(time.monotonic(), kind, status))
        if status == 0:
            time.sleep(0.05)  # the server is away: do not spin on refused connects

    def _read(self, index: int) -> None:
        path = self.pages[next(self._serial) % len(self.pages)]
        status, _, _ = request("GET", path, headers={"Accept": "text/html"})
        self._note("page", status)

    def _view(self, index: int) -> None:
        status, _, body = request(
            "POST",
            f"/engagement/view/{self.view_article}",
            headers={"Origin": BASE, "Content-Length": "0"},
        )
        self._note("view", status)
        if status != 200:
            return
        try:
            counted = json.loads(body)["counted"]
        except (ValueError, KeyError, TypeError):
            counted = None
        with self._lock:
            if counted is True:
                self.phase.acked_views += 1
            else:
                self.phase.uncounted_views += 1

    def _comment(self, index: int) -> None:
        status, headers, body = request("GET", "/comments/token/")
        self._note("token", status)
        if status != 200:
            time.sleep(0.2)
            return
        token = json.loads(body)
        csrf_cookie = cookie_from(headers, "csrftoken")
        time.sleep(MIN_SUBMIT_SECONDS + 0.1)
        text = f"تعليق من تجربة الأعطال {self.marker} رقم {next(self._serial)}"
        form = urlencode(
            {
                "csrfmiddlewaretoken": token["csrf_token"],
                "started": token["started"],
                "name": "قارئ التجربة",
                "body": text,
                "website": "",  # the honeypot stays empty, as a person leaves it
            }
        ).encode()
        status, _, answer = request(
            "POST",
            f"/comments/{self.comment_article}/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "Cookie": f"csrftoken={csrf_cookie}",
                "Origin": BASE,
                "Referer": f"{BASE}/",
            },
        )
        self._note("comment", status)
        if status == 201:
            try:
                accepted = json.loads(answer).get("ok") is True
            except ValueError:
                accepted = False
            if accepted:
                with self._lock:
                    self.phase.acked_comments.append(text)
