"""One result row per area: inputs tried, requests, 5xx answers, wrongly accepted."""

import traceback
from contextlib import contextmanager

from .client import Client, Response, Tally


class Row:
    def __init__(self, check: str):
        self.check = check
        self.tally = Tally()
        self.inputs = 0
        self.failures: list[str] = []
        self.notes: list[str] = []

    def expect(self, label: str, ok: bool, response: Response | None = None, why=""):
        """One hostile input and what it must get; a miss is a finding."""
        self.inputs += 1
        self.verify(label, ok, response, why)
        return ok

    def verify(self, label: str, ok: bool, response: Response | None = None, why=""):
        """A further condition on an input already counted (stored? escaped?)."""
        if not ok:
            seen = f": {response.brief()}" if response is not None else ""
            text = f"{label}{' (' + why + ')' if why else ''}{seen}"
            self.failures.append(text[:400])
        return ok

    def note(self, text: str) -> None:
        self.notes.append(text)

    def as_dict(self) -> dict:
        parts = [f"{self.inputs} inputs"]
        if self.failures:
            parts.append("FINDINGS: " + " | ".join(self.failures[:8]))
            if len(self.failures) > 8:
                parts.append(f"... {len(self.failures) - 8} more")
        if self.tally.server_errors:
            parts.append("5xx: " + " | ".join(self.tally.server_errors[:5]))
        parts.extend(self.notes[:4])
        return {
            "check": f"hostile: {self.check}",
            "requests": self.tally.requests,
            "findings": len(self.failures),
            "errors_5xx": self.tally.errors_5xx,
            "lost": 0,
            "detail": "; ".join(parts),
        }


class Run:
    def __init__(self):
        self.rows: list[Row] = []

    @contextmanager
    def row(self, check: str):
        row = Row(check)
        self.rows.append(row)
        previous, Client.tally = Client.tally, row.tally
        try:
            yield row
        except Exception as error:  # the area could not finish: that fails its row
            row.failures.append(f"audit step crashed: {error!r}"[:400])
            row.note(traceback.format_exc(limit=3).replace("\n", " ")[-400:])
        finally:
            Client.tally = previous
