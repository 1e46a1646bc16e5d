"""`make bench-servers`: the measurement behind `make serve`'s choice of WSGI server.

Each candidate serves the floor and the cold article page (no page cache, no kept parts:
the costliest render) through `make serve`
(same settings, one worker per core); rounds are interleaved so that a busy moment of a
shared machine does not land on one candidate only. Prints medians per candidate.
BENCH_ROUNDS (3) and BENCH_SECONDS (10) tune it; the data is seeded as for `make bench`.
"""

import os
import statistics
import sys

from . import servers
from .run import (
    FLOOR_PORT,
    NO_CACHE,
    PORT,
    SECONDS,
    _reference_article,
    prepare_data,
    say,
)
from .wrk import WrkResult, run_wrk

CANDIDATES = ["gunicorn-sync", "gunicorn-gthread", "granian"]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def main() -> int:
    env = {**prepare_data(), **NO_CACHE}
    article = _reference_article()["article"]
    floor_body = servers.OUT / "floor-body.html"
    results: dict[tuple[str, str], list[WrkResult]] = {}
    for round_ in range(ROUNDS):
        for candidate in CANDIDATES:
            say(f"round {round_ + 1}/{ROUNDS}: {candidate}")
            make_vars = [f"WSGI_SERVER={candidate}"]
            portal = servers.start_server(
                f"portal-{candidate}", port=PORT, env=env, make_vars=make_vars
            )
            try:
                floor_body.write_bytes(servers.fetch(portal.base + article)[1])
                floor = servers.start_server(
                    f"floor-{candidate}",
                    port=FLOOR_PORT,
                    env={**env, "BENCH_FLOOR_BODY": str(floor_body)},
                    make_vars=[*make_vars, "WSGI_APP=bench.floor_wsgi:application"],
                )
                try:
                    for what, url in (
                        ("floor", floor.base + "/"),
                        ("article, cold", portal.base + article),
                    ):
                        result, _ = run_wrk(url, connections=32, seconds=SECONDS)
                        results.setdefault((candidate, what), []).append(result)
                finally:
                    servers.stop_server(floor)
            finally:
                servers.stop_server(portal)
    report = format_comparison(results)
    (servers.OUT / "servers.md").write_text(report, encoding="utf-8")
    say(report)
    return 0


def format_comparison(results: dict[tuple[str, str], list[WrkResult]]) -> str:
    """Median requests/s and p99 per candidate and page, with every round's figure."""
    lines = [
        f"WSGI servers, {os.cpu_count()} cores, one worker per core, wrk -c32, "
        f"{SECONDS} s per run, {ROUNDS} interleaved rounds; median (all rounds).",
        "",
        "| server | page | requests/s | p99 |",
        "|---|---|---:|---:|",
    ]
    for (candidate, what), runs in results.items():
        rates = [r.requests_per_second for r in runs]
        p99s = [r.p99_ms for r in runs]
        lines.append(
            f"| {candidate} | {what} | {statistics.median(rates):,.0f} "
            f"({', '.join(f'{x:,.0f}' for x in rates)}) "
            f"| {statistics.median(p99s):.0f} ms |"
        )
    return "\n".join([*lines, ""])


if __name__ == "__main__":
    sys.exit(main())
