"""`make audit`: outside tools, hostile inputs and faults, one summary table.

1. Serves a production-mode instance (DEBUG off, a fresh PostgreSQL database, Redis db 12,
   granian through `make serve`, demo content and demo users) with the positive control
   mounted (`WSGI_APP=audit.control_wsgi:application`) and the per-address request
   limits lifted, and runs the outside tools (audit/tools.py) against it.
2. Serves the portal again, plain (`portal.wsgi:application`, every limit on), for
   `audit.hostile`.
3. Runs `audit.faults` (its own private PostgreSQL, Redis and server).
Then merges every part's rows into one table (stdout and var/audit/summary.md) and exits
1 when any row has a finding, a 5xx or a lost write.

`python -m audit.run [--fast] [--parts tools,hostile,faults]`
"""

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import server, tools

ROOT = server.ROOT
OUT = server.OUT
COLUMNS = ("check", "requests", "findings", "errors_5xx", "lost", "detail")


def part_rows(
    part: str, path: Path, result: subprocess.CompletedProcess | None
) -> list[dict]:
    """A part's rows from its JSON file; a missing or broken file is a failing row."""
    try:
        data = json.loads(path.read_text())
        rows = data["rows"]
        if not rows:
            raise ValueError("no rows")
        return [{**tools.row(""), **r} for r in rows]
    except (OSError, ValueError, KeyError, TypeError) as error:
        tail = ""
        if result is not None:
            tail = (result.stderr or result.stdout or "")[-300:].replace("\n", " ")
            tail = f" (exit {result.returncode}) {tail}"
        return [tools.row(f"{part}: no result", findings=1, detail=f"{error!r}{tail}")]


def run_part(part: str, args: list[str], *, timeout: int) -> list[dict]:
    out = OUT / f"{part}.json"
    out.unlink(missing_ok=True)
    if importlib.util.find_spec(f"audit.{part}") is None:
        return [
            tools.row(
                f"{part}: not present", findings=1, detail=f"audit/{part} is missing"
            )
        ]
    log = OUT / f"{part}.log"
    started = time.monotonic()
    try:
        result = subprocess.run(
            [str(server.PYTHON), "-m", f"audit.{part}", "--out", str(out), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return [tools.row(f"{part}: timed out", findings=1, detail=f"over {timeout} s")]
    log.write_text(result.stdout + result.stderr)
    rows = part_rows(part, out, result)
    print(
        f"== {part}: {len(rows)} rows in {time.monotonic() - started:.0f} s",
        file=sys.stderr,
    )
    return rows


def tools_part(fast: bool, built) -> list[dict]:
    env = server.environment(relaxed=True)
    print("== preparing the audit database and server", file=sys.stderr, flush=True)
    server.prepare_content(env)
    instance = server.start_server(env, app=server.CONTROL_APP, name="tools")
    try:
        target = tools.Target(instance.base, instance.log, server.LOGINS, fast)
        target.tools = built.result()
        print("== outside tools", file=sys.stderr, flush=True)
        rows = tools.run_all(target)
    finally:
        server.stop_server(instance)
    (OUT / "tools.json").write_text(
        json.dumps({"part": "tools", "rows": rows}, ensure_ascii=False, indent=2)
    )
    return rows


def hostile_part(fast: bool) -> list[dict]:
    if importlib.util.find_spec("audit.hostile") is None:
        return [
            tools.row(
                "hostile: not present", findings=1, detail="audit/hostile is missing"
            )
        ]
    env = server.environment(relaxed=False)
    server.flush_cache()
    instance = server.start_server(env, app=server.PORTAL_APP, name="hostile")
    try:
        offset = instance.mark()
        rows = run_part(
            "hostile",
            ["--base-url", instance.base, "--logins", str(server.LOGINS)]
            + (["--fast"] if fast else []),
            timeout=600 if fast else 1800,
        )
        # The server's own count of 5xx during the part, whatever the part counted.
        requests, errors = instance.requests_since(offset)
        rows.append(
            tools.row(
                "hostile: server access log",
                requests=requests,
                errors_5xx=errors,
                detail="; ".join(instance.server_errors_since(offset)[:5])
                or "every request the part sent, as the server logged it",
            )
        )
    finally:
        server.stop_server(instance)
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|"
        + "|".join("---" if c in ("check", "detail") else "---:" for c in COLUMNS)
        + "|",
    ]
    for r in rows:
        cells = [
            str(r.get(c, "")).replace("|", "\\|").replace("\n", " ") for c in COLUMNS
        ]
        lines.append("| " + " | ".join(cells) + " |")
    total = {c: sum(int(r.get(c) or 0) for r in rows) for c in COLUMNS[1:5]}
    lines.append(
        f"| **total ({len(rows)} rows)** | {total['requests']} | {total['findings']} | "
        f"{total['errors_5xx']} | {total['lost']} | |"
    )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fast", action="store_true", help="the bounded CI form")
    parser.add_argument("--parts", default="tools,hostile,faults")
    args = parser.parse_args(argv)
    parts = args.parts.split(",")
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    rows: list[dict] = []
    with ThreadPoolExecutor(1) as pool:
        built = pool.submit(tools.ensure_tools)  # while the database is prepared
        if "tools" in parts:
            rows += tools_part(args.fast, built)
        if "hostile" in parts:
            rows += hostile_part(args.fast)
    if "faults" in parts:
        rows += run_part(
            "faults",
            ["--fast"] if args.fast else [],
            timeout=900 if args.fast else 2400,
        )
    failed = [r for r in rows if r["findings"] or r["errors_5xx"] or r["lost"]]
    mode = "make audit-fast" if args.fast else "make audit"
    verdict = (
        f"FAIL: {len(failed)} rows not clean"
        if failed
        else "PASS: 0 findings, 0 5xx, 0 lost"
    )
    text = table(rows)
    summary = f"{mode}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {time.monotonic() - started:.0f} s\n\n{text}\n\n{verdict}\n"
    (OUT / "summary.md").write_text(summary)
    print(summary)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
