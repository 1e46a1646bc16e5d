"""The outside tools of `make audit`, each in its own virtualenv, with their positive controls.

Against the served instance (requests counted from its access log, phase by phase):
schemathesis on /api/v1/openapi.json, sqlmap on every reader GET that takes a parameter,
wapiti on the reader site and, logged in as the demo superuser, on the admin. On the code
and the configuration: bandit, pip-audit on requirements.lock, `check --deploy`.

Every tool also runs once against a planted hole (audit/control_wsgi.py, a temp file, a
vulnerable pin, a debug configuration): a control row passes only when the tool finds it.

`python -m audit.tools --base-url URL --access-log PATH --logins PATH --out PATH [--fast]`
runs them against an instance served with `WSGI_APP=audit.control_wsgi:application`;
`python -m audit.run` serves one and calls this.
"""

import argparse
import fnmatch
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .server import ACCESS_LINE

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / ".venv-audit"
REQUIREMENTS = ROOT / "audit" / "requirements.txt"
ALLOWLIST = ROOT / "audit" / "allowlist.toml"
LOCK = ROOT / "requirements.lock"
OUT = ROOT / "var" / "audit" / "tools"
CONTROL = "/audit-control/"
SEED = 17
# The Makefile's DEPLOY_ENV: production-like variables for `check --deploy`.
DEPLOY_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "check-" + "k" * 60 + "-deploy",
    "DJANGO_ALLOWED_HOSTS": "news.example.com",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
}
# wapiti 3.3 runs csp and http_headers (with cookie_flags, https_redirect, ...) as passive
# modules on every page it fetches; the active ones are chosen here.
WAPITI_MODULES = "xss,sql,exec,file,crlf,redirect"
# What the wapiti control must show: one finding of each of these categories.
WAPITI_CONTROL_EXPECTED = {
    "Reflected Cross Site Scripting": "xss",
    "SQL Injection": "sql",
    "Command execution": "exec",
    "Path Traversal": "file",
    "Open Redirect": "redirect",
}


def row(check, *, requests=0, findings=0, errors_5xx=0, lost=0, detail=""):
    return {
        "check": check,
        "requests": requests,
        "findings": findings,
        "errors_5xx": errors_5xx,
        "lost": lost,
        "detail": detail,
    }


def control_row(check, found: int, what: str, *, requests=0, missed=""):
    """A control passes (0 findings) when the tool found the planted hole."""
    if found > 0 and not missed:
        return row(check, requests=requests, detail=f"found {found}: {what}")
    detail = f"MISSED the planted hole ({what})" + (
        f"; missing: {missed}" if missed else ""
    )
    return row(check, requests=requests, findings=1, detail=detail)


# Allowlist ---------------------------------------------------------------------------
def load_allowlist() -> list[dict]:
    if not ALLOWLIST.exists():
        return []
    entries = tomllib.loads(ALLOWLIST.read_text()).get("allow", [])
    for entry in entries:
        if not entry.get("why", "").strip():
            raise SystemExit(f"{ALLOWLIST}: entry {entry!r} has no 'why'")
    return entries


def split_allowed(tool: str, keys: list[str]) -> tuple[list[str], list[str]]:
    """(kept, allowed): a key is allowed when an entry of that tool matches it (glob)."""
    entries = [e for e in load_allowlist() if e.get("tool") == tool]
    kept, allowed = [], []
    for key in keys:
        if any(fnmatch.fnmatchcase(key, e["id"]) for e in entries):
            allowed.append(key)
        else:
            kept.append(key)
    return kept, allowed


def summarise(keys: list[str], allowed: list[str], limit: int = 6) -> str:
    parts = []
    if keys:
        shown = "; ".join(keys[:limit]) + (
            f"; +{len(keys) - limit} more" if len(keys) > limit else ""
        )
        parts.append(shown)
    if allowed:
        parts.append(f"{len(allowed)} allowlisted (audit/allowlist.toml)")
    return " | ".join(parts)


# Virtualenvs ---------------------------------------------------------------------------
@dataclass
class Tool:
    name: str  # distribution name, also the virtualenv's folder
    spec: str
    min_python: tuple[int, int] = (3, 11)

    @property
    def venv(self) -> Path:
        return VENVS / self.name

    def bin(self, command: str) -> str:
        return str(self.venv / "bin" / command)


def read_requirements() -> dict[str, Tool]:
    tools = {}
    for line in REQUIREMENTS.read_text().splitlines():
        spec, _, comment = line.partition("#")
        spec = spec.strip()
        if not spec:
            continue
        name = re.split(r"[=<>!~ ]", spec, maxsplit=1)[0]
        wanted = re.search(r"python>=(\d+)\.(\d+)", comment)
        tools[name] = Tool(
            name, spec, (int(wanted[1]), int(wanted[2])) if wanted else (3, 11)
        )
    return tools


def find_python(minimum: tuple[int, int]) -> str:
    """An interpreter at least `minimum`: on PATH, then pyenv's versions."""
    candidates = [f"python{minimum[0]}.{minor}" for minor in range(minimum[1], 15)]
    found = [shutil.which(c) for c in candidates]
    found += sorted(
        str(p)
        for p in Path.home().glob(".pyenv/versions/3.*/bin/python3.*")
        if p.name[-1].isdigit()
    )
    for path in filter(None, found):
        probe = subprocess.run(
            [path, "-c", f"import sys; print(sys.version_info[:2] >= {minimum!r})"],
            capture_output=True,
            text=True,
        )
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            return path
    raise SystemExit(
        f"no Python >= {minimum[0]}.{minimum[1]} found for the audit tools"
    )


def ensure_venv(tool: Tool) -> Tool:
    """Create or refresh the tool's own virtualenv when its requirement line changed."""
    stamp = tool.venv / ".audit-requirement"
    if stamp.exists() and stamp.read_text() == tool.spec:
        return tool
    shutil.rmtree(tool.venv, ignore_errors=True)
    python = find_python(tool.min_python)
    subprocess.run([python, "-m", "venv", str(tool.venv)], check=True)
    result = subprocess.run(
        [tool.bin("pip"), "install", "-q", "--disable-pip-version-check", tool.spec],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(
            f"installing {tool.spec} failed:\n{result.stdout}{result.stderr}"
        )
    stamp.write_text(tool.spec)
    return tool


def ensure_tools(names=("schemathesis", "sqlmap", "wapiti3", "bandit", "pip-audit")):
    tools = read_requirements()
    with ThreadPoolExecutor(len(names)) as pool:
        return {t.name: t for t in pool.map(ensure_venv, [tools[n] for n in names])}


# The served instance -------------------------------------------------------------------
@dataclass
class Target:
    base: str
    access_log: Path
    logins: Path
    fast: bool = False
    tools: dict = field(default_factory=dict)

    def mark(self) -> int:
        return self.access_log.stat().st_size

    def count(self, offset: int) -> tuple[int, int, list[str]]:
        """(requests, 5xx, the 5xx lines) since offset; the control's 5xx are expected."""
        time.sleep(1.0)
        with self.access_log.open("rb") as handle:
            handle.seek(offset)
            text = handle.read().decode("utf-8", "replace")
        requests, errors = 0, []
        for m in ACCESS_LINE.finditer(text):
            requests += 1
            if m["status"].startswith("5") and not m["path"].startswith(CONTROL):
                errors.append(f"{m['method']} {m['path']} {m['status']}")
        return requests, len(errors), errors

    def get_json(self, path: str):
        with urllib.request.urlopen(self.base + path, timeout=30) as response:  # nosec B310
            return json.load(response)


def phase(target: Target, check: str, work) -> dict:
    """Run one server-facing tool; fill in the requests and 5xx of its phase."""
    offset = target.mark()
    started = time.monotonic()
    try:
        result = work()
    except subprocess.TimeoutExpired as error:
        result = row(
            check, findings=1, detail=f"tool timed out after {error.timeout:.0f} s"
        )
    except Exception as error:  # a crashed tool is a failed check, never a silent pass
        result = row(check, findings=1, detail=f"tool crashed: {error!r}")
    requests, errors, lines = target.count(offset)
    result["requests"] = result["requests"] or requests
    result["errors_5xx"] += errors
    if lines:
        result["detail"] += f" | 5xx: {'; '.join(sorted(set(lines))[:5])}"
    result["detail"] += f" ({time.monotonic() - started:.0f} s)"
    return result


def run(command, *, timeout, env=None, cwd=ROOT, log: Path | None = None):
    result = subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if log is not None:
        log.write_text(result.stdout + result.stderr)
    return result


# schemathesis --------------------------------------------------------------------------
def schemathesis_failures(output: str) -> list[str]:
    """'ST108 Response violates schema x2' lines of the summary, and runtime errors."""
    keys = []
    section = None
    for line in output.splitlines():
        stripped = line.strip()
        if stripped in ("Failures:", "Errors:"):
            section = stripped
            continue
        if section and not stripped:
            section = None
            continue
        match = re.match(r"^\S+\s+(.+?):\s+(\d+)$", stripped)
        if section and match:
            keys += [match[1]] * int(match[2])
    return keys


def schemathesis(target: Target, *, control: bool) -> dict:
    tool = target.tools["schemathesis"]
    name = "control" if control else "api"
    report = OUT / f"schemathesis-{name}"
    shutil.rmtree(report, ignore_errors=True)
    schema = CONTROL + "openapi.json" if control else "/api/v1/openapi.json"
    examples = 10 if control else (15 if target.fast else 100)
    command = [
        tool.bin("schemathesis"),
        "run",
        target.base + schema,
        "--checks",
        "all",
        "--seed",
        str(SEED),
        "--max-examples",
        str(examples),
        "--workers",
        "1",  # hypothesis' lambda-source cache is not thread-safe on Python 3.11
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(report),
    ]
    env = {
        "SCHEMATHESIS_HOOKS": "audit.schemathesis_hooks",
        "PYTHONPATH": str(ROOT),
        "AUDIT_BASE_URL": target.base,
    }
    if control:
        env.pop("SCHEMATHESIS_HOOKS")
    result = run(command, timeout=900, env=env, log=OUT / f"schemathesis-{name}.log")
    keys = schemathesis_failures(result.stdout)
    if result.returncode != 0 and not keys:
        keys = [
            f"exit {result.returncode} (see var/audit/tools/schemathesis-{name}.log)"
        ]
    cases = re.search(r"(\d+) generated", result.stdout)
    filtered = re.search(r"Filtered: (\d+)", result.stdout)
    note = f"{cases[1] if cases else '?'} cases, seed {SEED}, max {examples} examples/operation"
    if control:
        return control_row(
            "schemathesis control: found",
            len(keys),
            "; ".join(sorted(set(keys))) or note,
        )
    kept, allowed = split_allowed("schemathesis", keys)
    detail = note + (
        f", {filtered[1]} ST202 dropped by audit/schemathesis_hooks.py"
        if filtered
        else ""
    )
    if kept or allowed:
        detail += " | " + summarise(kept, allowed)
    return row(
        "schemathesis: /api/v1/openapi.json, all checks",
        findings=len(kept),
        detail=detail,
    )


# sqlmap --------------------------------------------------------------------------------
def sqlmap_targets(target: Target) -> list[str]:
    """Every reader GET that takes a parameter, with real slugs and ids from the API."""
    sections = target.get_json("/api/v1/sections")
    sections = sections["items"] if isinstance(sections, dict) else sections
    authors = target.get_json("/api/v1/authors")["items"]
    articles = target.get_json("/api/v1/articles?limit=20")["items"]
    section = sections[0]["slug"]
    author = authors[0]["slug"]
    tag = next((t["slug"] for a in articles for t in a["tags"]), "tag")
    article = articles[0]["id"]
    q = urllib.parse.quote
    if target.fast:
        return [
            f"/search/?q={q('الرقة')}&page=1",
            f"/api/v1/articles?q={q('الرقة')}&section={q(section)}&limit=5&offset=0",
            "/latest/?page=1",
        ]
    return [
        f"/search/?q={q('الرقة')}&page=1",
        "/latest/?page=1",
        f"/section/{q(section)}/?page=1",
        f"/author/{q(author)}/?page=1",
        f"/tag/{q(tag)}/?page=1",
        "/sitemap-news.xml?p=1",
        f"/api/v1/articles?q={q('الرقة')}&section={q(section)}&author={q(author)}"
        f"&tag={q(tag)}&limit=5&offset=0",
        "/api/v1/most-read?window=24h&limit=5",
        f"/api/v1/articles/{article}/comments?limit=5&offset=0",
        "/api/v1/authors?limit=5&offset=0",
    ]


def sqlmap_one(
    target: Target, path: str, index: int, *, dbms: str = ""
) -> tuple[list[str], str]:
    """(injection points found, tested parameters) for one URL; a fresh output dir each."""
    tool = target.tools["sqlmap"]
    output = OUT / f"sqlmap-{index:02d}"
    shutil.rmtree(output, ignore_errors=True)
    command = [
        tool.bin("sqlmap"),
        "-u",
        target.base + path,
        "--batch",
        "--level",
        "2",
        "--risk",
        "1",
        "--threads",
        "4",
        "--timeout",
        "30",
        "--retries",
        "1",
        "--output-dir",
        str(output),
        "--disable-coloring",
        "--user-agent",
        "portal-audit/sqlmap",
    ]
    if dbms:
        command += ["--dbms", dbms]
    result = run(command, timeout=900, log=OUT / f"sqlmap-{index:02d}.log")
    points = []
    # sqlmap writes its injection points to <output>/<host>/log; stdout says it too.
    for log in output.glob("*/log"):
        points += re.findall(
            r"^Parameter: (.+)$", log.read_text(errors="replace"), re.M
        )
    if not points and "identified the following injection point" in result.stdout:
        points = re.findall(r"^Parameter: (.+)$", result.stdout, re.M) or ["(see log)"]
    tested = re.findall(r"testing if (\S+ parameter '[^']+') is dynamic", result.stdout)
    return [f"{path.split('?')[0]} {p.strip()}" for p in points], ", ".join(tested)


def sqlmap(target: Target) -> dict:
    paths = sqlmap_targets(target)
    with ThreadPoolExecutor(2) as pool:
        results = list(
            pool.map(
                lambda a: sqlmap_one(target, *a), [(p, i) for i, p in enumerate(paths)]
            )
        )
    points = [p for found, _ in results for p in found]
    kept, allowed = split_allowed("sqlmap", points)
    params = sum(len(re.findall(r"[?&]([^=&]+)=", p)) for p in paths)
    detail = (
        f"{len(paths)} URLs, {params} GET parameters (+ cookies, User-Agent at level 2)"
    )
    if kept or allowed:
        detail += " | " + summarise(kept, allowed)
    return row(
        "sqlmap: reader GETs with parameters (level 2, risk 1)",
        findings=len(kept),
        detail=detail,
    )


def sqlmap_control(target: Target) -> dict:
    found, _ = sqlmap_one(target, CONTROL + "item?id=1", 99)
    return control_row(
        "sqlmap control: found",
        len(found),
        "; ".join(found) or "/audit-control/item?id=",
    )


# wapiti --------------------------------------------------------------------------------
def admin_cookies(target: Target) -> str:
    """Log the demo superuser in through /admin/login/; its cookies as one header value."""
    password = json.loads(target.logins.read_text())["admin"]
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(target.base + "/admin/login/", timeout=30).read().decode()  # nosec B310
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": "admin",
            "password": password,
            "next": "/admin/",
        }
    ).encode()
    opener.open(
        urllib.request.Request(
            target.base + "/admin/login/",
            data=data,
            headers={"Referer": target.base + "/admin/login/"},
        ),
        timeout=30,
    )  # nosec B310
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError("the demo superuser could not log in to /admin/")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def wapiti_run(
    target: Target, name: str, start: str, *, excludes=(), cookie="", budget=60
):
    tool = target.tools["wapiti3"]
    report = OUT / f"wapiti-{name}.json"
    report.unlink(missing_ok=True)
    session = Path(tempfile.mkdtemp(prefix=f"wapiti-{name}-"))
    command = [
        tool.bin("wapiti"),
        "-u",
        target.base + start,
        "--scope",
        "folder",
        "-m",
        WAPITI_MODULES,
        "--flush-session",
        "--store-session",
        str(session / "session"),
        "--store-config",
        str(session / "config"),
        "--no-bugreport",
        "--max-scan-time",
        str(budget),
        "--max-attack-time",
        str(max(10, budget // 6)),
        "--depth",
        "3" if target.fast else "5",
        "--max-links-per-page",
        "30" if target.fast else "80",
        "--max-files-per-dir",
        "20" if target.fast else "60",
        "--timeout",
        "30",
        "-A",
        "portal-audit/wapiti",
        "-f",
        "json",
        "-o",
        str(report),
        "-v",
        "1",
    ]
    for pattern in excludes:
        command += ["-x", target.base + pattern]
    if cookie:
        command += ["-C", cookie]
    try:
        run(command, timeout=budget * 3 + 120, log=OUT / f"wapiti-{name}.log")
    finally:
        shutil.rmtree(session, ignore_errors=True)
    data = json.loads(report.read_text())
    vulns = [
        f"{category}: {item.get('path')}"
        + (f" [{item['parameter']}]" if item.get("parameter") else "")
        for category, items in data["vulnerabilities"].items()
        for item in items
    ]
    anomalies = {c: len(i) for c, i in data["anomalies"].items() if i}
    pages = data.get("infos", {}).get("crawled_pages_nbr", "?")
    return vulns, anomalies, pages


def wapiti(target: Target, name: str, start: str, check: str, **options) -> dict:
    vulns, anomalies, pages = wapiti_run(target, name, start, **options)
    kept, allowed = split_allowed("wapiti", sorted(set(vulns)))
    detail = (
        f"{pages} pages crawled, modules {WAPITI_MODULES} + passive csp/http_headers"
    )
    if anomalies:
        detail += f", anomalies {anomalies}"
    if kept or allowed:
        detail += " | " + summarise(kept, allowed)
    return row(check, findings=len(kept), detail=detail)


def wapiti_reader(target: Target) -> dict:
    return wapiti(
        target,
        "reader",
        "/",
        "wapiti: reader site",
        excludes=("/admin/*", CONTROL + "*"),
        budget=40 if target.fast else 900,
    )


def wapiti_admin(target: Target) -> dict:
    # Logged in as the superuser: never log out, never delete, never change a password
    # (wapiti submits every form it finds), and stay inside the admin.
    return wapiti(
        target,
        "admin",
        "/admin/",
        "wapiti: /admin/ logged in (superuser)",
        cookie=admin_cookies(target),
        excludes=(
            "/admin/logout/*",
            "/admin/*delete*",
            "/admin/*password*",
            "/admin/*/history/*",
        ),
        budget=30 if target.fast else 600,
    )


def wapiti_control(target: Target) -> dict:
    vulns, _, _ = wapiti_run(target, "control", CONTROL, budget=60)
    categories = {v.split(":")[0] for v in vulns}
    missed = [m for c, m in WAPITI_CONTROL_EXPECTED.items() if c not in categories]
    what = ", ".join(sorted({WAPITI_CONTROL_EXPECTED.get(c, c) for c in categories}))
    return control_row(
        "wapiti control: found", len(vulns), what, missed=", ".join(missed)
    )


# Code and configuration ----------------------------------------------------------------
def bandit_scan(tool: Tool, paths: list[str], name: str, cwd=ROOT) -> list[str]:
    report = OUT / f"bandit-{name}.json"
    run(
        [
            tool.bin("bandit"),
            "-r",
            *paths,
            "-ll",
            "-q",
            "-f",
            "json",
            "-o",
            str(report),
        ],
        timeout=300,
        cwd=cwd,
    )
    data = json.loads(report.read_text())
    if data.get("errors"):
        raise RuntimeError(f"bandit could not read: {data['errors'][:3]}")
    return [
        f"{r['test_id']} {r['issue_severity'].lower()} {r['filename']}:{r['line_number']}"
        for r in data["results"]
    ]


def bandit(tools) -> dict:
    keys = bandit_scan(tools["bandit"], ["articles", "accounts", "portal"], "portal")
    kept, allowed = split_allowed("bandit", keys)
    detail = "articles accounts portal, medium and high severity" + (
        " | " + summarise(kept, allowed) if kept or allowed else ""
    )
    return row("bandit: project code", findings=len(kept), detail=detail)


def bandit_control(tools) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "planted.py").write_text(
            "import subprocess\n\n\ndef run(command):\n"
            "    return subprocess.call(command, shell=True)\n"
        )
        keys = bandit_scan(tools["bandit"], ["planted.py"], "control", cwd=folder)
    return control_row(
        "bandit control: found", len(keys), "; ".join(keys) or "subprocess shell=True"
    )


def pip_audit_scan(tool: Tool, requirements: Path, name: str) -> tuple[list[str], int]:
    report = OUT / f"pip-audit-{name}.json"
    result = run(
        [
            tool.bin("pip-audit"),
            "--strict",
            "-r",
            str(requirements),
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "-f",
            "json",
            "-o",
            str(report),
        ],
        timeout=300,
        log=OUT / f"pip-audit-{name}.log",
    )
    if not report.exists():
        raise RuntimeError(
            f"pip-audit failed (exit {result.returncode}): {result.stderr[-300:]}"
        )
    data = json.loads(report.read_text())
    keys = [
        f"{d['name']}=={d['version']} {v['id']}"
        for d in data["dependencies"]
        for v in d.get("vulns", [])
    ]
    return keys, len(data["dependencies"])


VULN_API = "https://pypi.org/pypi/django/3.2.0/json"


def vulnerability_service_reachable() -> bool:
    """pip-audit reads PyPI's per-release JSON (its `vulnerabilities`); is it answered?"""
    try:
        with urllib.request.urlopen(VULN_API, timeout=15) as response:  # nosec B310
            return response.status == 200
    except OSError:
        return False


def unreachable_row(check: str) -> dict:
    """pip-audit could not ask anything: a failure, unless explicitly accepted."""
    detail = (
        f"NOT AUDITED: {VULN_API} does not answer from this machine (pip-audit's "
        "vulnerability data); run it where PyPI's JSON API is reachable"
    )
    if "pip-audit" in os.environ.get("AUDIT_UNREACHABLE_OK", "").split(","):
        return row(check, detail=detail + " (accepted by AUDIT_UNREACHABLE_OK)")
    return row(check, findings=1, detail=detail)


def pip_audit(tools) -> dict:
    if not vulnerability_service_reachable():
        return unreachable_row("pip-audit: requirements.lock")
    keys, packages = pip_audit_scan(tools["pip-audit"], LOCK, "lock")
    kept, allowed = split_allowed("pip-audit", keys)
    detail = f"requirements.lock, {packages} pinned packages, --strict" + (
        " | " + summarise(kept, allowed) if kept or allowed else ""
    )
    return row("pip-audit: requirements.lock", findings=len(kept), detail=detail)


def pip_audit_control(tools) -> dict:
    if not vulnerability_service_reachable():
        return unreachable_row("pip-audit control: found")
    with tempfile.TemporaryDirectory() as folder:
        planted = Path(folder, "requirements.txt")
        planted.write_text("django==3.2.0\n")
        keys, _ = pip_audit_scan(tools["pip-audit"], planted, "control")
    return control_row(
        "pip-audit control: found",
        len(keys),
        f"{len(keys)} advisories for django==3.2.0",
    )


def check_deploy(*, debug: bool) -> tuple[int, list[str]]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL"))
    }
    env.update(DEPLOY_ENV)
    if debug:
        env["DJANGO_DEBUG"] = "1"
    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    issues = re.findall(r"\((\w+\.[WE]\d+)\)", result.stdout + result.stderr)
    if result.returncode != 0 and not issues:
        issues = [
            f"exit {result.returncode}: {(result.stderr or result.stdout)[-200:]}"
        ]
    return result.returncode, issues


def deploy(_tools) -> dict:
    _, issues = check_deploy(debug=False)
    kept, allowed = split_allowed("check-deploy", issues)
    return row(
        "manage.py check --deploy --fail-level WARNING",
        findings=len(kept),
        detail="the Makefile's DEPLOY_ENV"
        + (" | " + summarise(kept, allowed) if kept or allowed else ""),
    )


def deploy_control(_tools) -> dict:
    code, issues = check_deploy(debug=True)
    return control_row(
        "check --deploy control: found",
        len(issues) if code else 0,
        "DJANGO_DEBUG=1: " + ", ".join(sorted(set(issues))),
    )


OFFLINE = [bandit, bandit_control, pip_audit, pip_audit_control, deploy, deploy_control]


def offline(tools) -> list[dict]:
    """The tools that read code and configuration, not the server (run alongside it)."""
    rows = []
    for work in OFFLINE:
        try:
            rows.append(work(tools))
        except Exception as error:
            rows.append(
                row(work.__name__, findings=1, detail=f"tool crashed: {error!r}")
            )
    return rows


def against_server(target: Target) -> list[dict]:
    """The tools that attack the served instance, one after another (one phase each)."""
    steps = [
        ("schemathesis", lambda: schemathesis(target, control=False)),
        ("schemathesis control", lambda: schemathesis(target, control=True)),
        ("sqlmap", lambda: sqlmap(target)),
        ("sqlmap control", lambda: sqlmap_control(target)),
        ("wapiti reader", lambda: wapiti_reader(target)),
        ("wapiti admin", lambda: wapiti_admin(target)),
        ("wapiti control", lambda: wapiti_control(target)),
    ]
    rows = []
    for name, work in steps:
        print(f"   {name} ...", file=sys.stderr, flush=True)
        rows.append(phase(target, name, work))
    return rows


def run_all(target: Target) -> list[dict]:
    OUT.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(1) as pool:
        background = pool.submit(offline, target.tools)
        rows = against_server(target)
        return rows + background.result()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--access-log", required=True, type=Path)
    parser.add_argument("--logins", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--fast", action="store_true")
    args = parser.parse_args(argv)
    target = Target(args.base_url.rstrip("/"), args.access_log, args.logins, args.fast)
    target.tools = ensure_tools()
    rows = run_all(target)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"part": "tools", "rows": rows}, ensure_ascii=False, indent=2)
    )
    return 1 if any(r["findings"] or r["errors_5xx"] or r["lost"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
