"""python -m audit.hostile --base-url URL --logins PATH --out PATH [--fast] [--only AREA]"""

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

from .context import Context, load_logins
from .rows import Run

AREAS = ["reader", "protocol", "engagement", "comments", "uploads", "writer", "admin"]


_FUNCTIONS = {
    "reader": ("reader", "run_reader"),
    "protocol": ("protocol", "run_protocol"),
    "engagement": ("engagement", "run_engagement"),
    "comments": ("comments", "run_comments"),
    "uploads": ("uploads", "run_uploads"),
    "writer": ("writer", "run_writer"),
    "admin": ("admin_matrix", "run_admin"),
}


def _area(name: str):
    module, function = _FUNCTIONS[name]
    return getattr(importlib.import_module(f".{module}", __package__), function)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audit.hostile")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--logins", required=True, help="var/demo-logins.json")
    parser.add_argument("--out", required=True)
    parser.add_argument("--fast", action="store_true")
    parser.add_argument("--only", action="append", choices=AREAS)
    args = parser.parse_args(argv)

    started = time.monotonic()
    ctx = Context(args.base_url, load_logins(args.logins), fast=args.fast)
    run = Run()
    with run.row("setup (demo content, role logins)") as row:
        ctx.discover()
        row.verify(
            "hidden articles found", bool(ctx.hidden_ids), why="load_demo has drafts"
        )
    for name in args.only or AREAS:
        if ctx.live:
            _area(name)(run, ctx)
    rows = [row.as_dict() for row in run.rows]
    Path(args.out).write_text(
        json.dumps({"part": "hostile", "rows": rows}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    inputs = sum(row.inputs for row in run.rows)
    width = max(len(r["check"]) for r in rows)
    out = [f"{'check':<{width}}  requests  5xx  findings"]
    for r in rows:
        out.append(
            f"{r['check']:<{width}}  {r['requests']:>8}  {r['errors_5xx']:>3}"
            f"  {r['findings']:>8}"
        )
    took = time.monotonic() - started
    out.append(f"{inputs} hostile inputs in {took:.1f} s -> {args.out}")
    sys.stdout.write("\n".join(out) + "\n")
    bad = any(r["findings"] or r["errors_5xx"] or r["lost"] for r in rows)
    for r in rows:
        if r["findings"] or r["errors_5xx"]:
            sys.stderr.write(f"- {r['check']}: {r['detail']}\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
