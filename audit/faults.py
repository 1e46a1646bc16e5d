"""`python -m audit.faults --out PATH [--fast]`: break the portal's services on purpose
under a fixed load and check that nothing acknowledged is lost.

Self-contained and loopback only: a private PostgreSQL 15 cluster (5440, fsync on), a
private Redis (6390), media on a filesystem of its own and the portal in production mode
under granian (8603, 2 workers, respawning), all started here and torn down at the end.
Faults, one row each (requests, errors, acknowledged vs stored):

1. PostgreSQL restarted (`pg_ctl restart -m fast`): /healthz answers 200 again within
   10 s of the restart; every acknowledged view and comment is stored.
2. Redis stopped, then started empty: every page GET during the outage is 200, counts
   are exact (stored == acknowledged).
3. The media disk full: a picture uploaded in the admin is refused with an Arabic
   message, no Image row, no file, no article changed; once there is room again the same
   upload is accepted (the control that the refusal was the disk's).
4. One granian worker SIGKILLed under load: it is respawned, the errors are at most the
   requests in flight, every acknowledged write is stored.

Errors are answers outside 2xx/3xx, or no answer. `errors_5xx` counts 5xx answers other
than 503; a 503 is the portal's deliberate "database unavailable" page, expected only
while PostgreSQL is down: it is reported in `detail`, and a 503 in any other row, or
more than 2 s after PostgreSQL answered again, is a finding. `lost` is acknowledged minus
stored (views: stored increase of the article's count; comments: acknowledged texts not
found in the database). A row passes when findings == errors_5xx == lost == 0.

The JSON is written whatever happens (a fault that crashes is a failing row; the others
still run) and everything is torn down; the exit status is 1 when any row fails.
`--fast` runs 9 s of load per fault (about 55 s in all on a quiet box), the full form
36 s (about 140 s). `DJANGO_STATIC_ROOT` (default `staticfiles/`) is collected only when
its manifest is older than the sources; the server log is kept next to `--out`.
`AUDIT_FAULTS_KEEP=1` keeps the temp dir (cluster, logs) for a look afterwards.
"""

import argparse
import json
import os
import re
import secrets
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from .faults_admin import AdminBrowser, error_messages, is_arabic, test_picture
from .faults_load import Load, Phase, request
from .faults_stack import BASE, Stack, http_status, say, wait_until

FINDINGS = Path("/work/notes/findings-faults.md")
HEALTHY_WITHIN = 10.0  # seconds, from the issue
# Views and comments as `bench/run.py` reads them: rolled-up count plus the shard rows
# not yet rolled up (README, "Engagement").
VIEW_COUNT_SQL = (
    "SELECT a.view_count + COALESCE((SELECT SUM(c.count - c.rolled)"
    " FROM articles_engagementcount c WHERE c.article_id = a.id AND c.metric = 'view'), 0)"
    " FROM articles_article a WHERE a.id = %s"
)
LIVE_ARTICLES = (
    "import json; from articles.models import Article; print(json.dumps(["
    "[a.pk, a.get_absolute_url(), a.is_open_for_comments]"
    " for a in Article.objects.published()[:12]]))"
)
COMMENTS_STORED_SQL = (
    "SELECT count(DISTINCT body) FROM articles_comment WHERE body = ANY(%s)"
)


def row(check: str, *, requests=0, findings=0, errors_5xx=0, lost=0, detail=""):
    return {
        "check": check,
        "requests": int(requests),
        "findings": int(findings),
        "errors_5xx": int(errors_5xx),
        "lost": int(lost),
        "detail": detail,
    }


class Faults:
    def __init__(self, stack: Stack, *, seconds: float) -> None:
        self.stack = stack
        self.seconds = seconds
        self.logins: dict[str, str] = {}
        self.load: Load | None = None
        self.view_article = 0

    # Set-up -------------------------------------------------------------------------

    def set_up(self) -> None:
        stack = self.stack
        say(f"private services in {stack.tmp}")
        stack.start_postgres()
        stack.start_redis()
        stack.mount_media()
        self.logins = stack.prepare_portal()
        say("portal prepared (migrate, sync_roles, load_demo, ensure_demo_users)")
        stack.start_server()
        say("server up")
        # Which articles, from the shell (the API list would make every rendition of
        # every demo picture first: 10-25 s of AVIF on this box).
        live = json.loads(stack.manage("shell", "-c", LIVE_ARTICLES).splitlines()[-1])
        open_ids = [pk for pk, _, is_open in live if is_open]
        if not live or not open_ids:
            raise RuntimeError(f"no live demo article open for comments: {live}")
        pages = ["/"] + [path for _, path, _ in live]
        self.view_article = live[0][0]
        self.load = Load(
            pages=pages,
            view_article=self.view_article,
            comment_article=open_ids[0],
            marker=secrets.token_hex(4),
        )
        for path in pages:  # renditions and kept parts made before any fault
            request("GET", path, timeout=120)
        say(f"serving {BASE} ({len(pages)} pages, media on {stack.media_mount})")

    # Measuring ----------------------------------------------------------------------

    def stored_views(self) -> int:
        return int(self.stack.sql(VIEW_COUNT_SQL, [self.view_article])[0][0])

    def stored_comments(self, texts: list[str]) -> int:
        if not texts:
            return 0
        return int(self.stack.sql(COMMENTS_STORED_SQL, [texts])[0][0])

    def under_load(self, fault) -> tuple[Phase, int, object]:
        """Run the load, `fault()` in its middle, stop; (phase, stored views added,
        fault's result)."""
        before = self.stored_views()
        phase = self.load.start()
        time.sleep(self.seconds / 3)
        try:
            result = fault()
        finally:
            time.sleep(self.seconds / 3)
            self.load.stop()
        wait_until(lambda: http_status("/healthz") == 200, seconds=15)
        return phase, self.stored_views() - before, result

    def accounting(self, phase: Phase, stored_views: int) -> tuple[int, int, str]:
        """(lost, extra, text): acknowledged vs stored for views and comments."""
        acked_comments = len(set(phase.acked_comments))
        stored_comments = self.stored_comments(phase.acked_comments)
        lost = max(0, phase.acked_views - stored_views)
        lost += acked_comments - stored_comments
        extra = max(0, stored_views - phase.acked_views)
        text = (
            f"views acknowledged {phase.acked_views}, stored +{stored_views}; "
            f"comments acknowledged {acked_comments}, stored {stored_comments}"
        )
        if phase.uncounted_views:
            text += f"; {phase.uncounted_views} beacons answered counted:false"
        return lost, extra, text

    # 1. PostgreSQL ------------------------------------------------------------------

    def postgres_restart(self) -> dict:
        timing = {}

        def fault():
            timing["start"] = time.monotonic()
            self.stack.restart_postgres()
            timing["restarted"] = time.monotonic()
            wait_until(lambda: http_status("/healthz", 2) == 200, seconds=30, step=0.05)
            timing["healthy"] = time.monotonic()

        phase, stored, _ = self.under_load(fault)
        lost, extra, counts = self.accounting(phase, stored)
        recovery = timing["healthy"] - timing["start"]
        after_restart = timing["healthy"] - timing["restarted"]
        late_503 = [
            a for a in phase.answers if a.status == 503 and a.at > timing["healthy"] + 2
        ]
        outage = phase.between(timing["start"], timing["healthy"])
        findings = int(recovery > HEALTHY_WITHIN) + len(late_503)
        detail = (
            f"healthy {recovery:.2f} s after the restart began "
            f"({after_restart:.2f} s after pg_ctl returned; bound {HEALTHY_WITHIN:g} s); "
            f"{counts}; errors {len(phase.errors)} "
            f"(503 during outage {sum(a.status == 503 for a in outage)}, "
            f"503 after recovery {len(late_503)}, "
            f"other 5xx {len(phase.failures_5xx)}); {phase.summary()}"
        )
        if stored > phase.acked_views:
            detail += f"; {extra} views stored whose answer was lost in the outage"
        return row(
            "faults: PostgreSQL restarted under load (pg_ctl restart -m fast)",
            requests=phase.requests,
            findings=findings,
            errors_5xx=len(phase.failures_5xx),
            lost=lost,
            detail=detail,
        )

    # 2. Redis -----------------------------------------------------------------------

    def redis_restart(self) -> dict:
        timing = {}

        def fault():
            timing["down"] = time.monotonic()
            self.stack.stop_redis()
            time.sleep(self.seconds / 3)
            self.stack.start_redis()
            timing["up"] = time.monotonic()

        phase, stored, _ = self.under_load(fault)
        lost, extra, counts = self.accounting(phase, stored)
        pages = [
            a for a in phase.between(timing["down"], timing["up"]) if a.kind == "page"
        ]
        bad_pages = [a for a in pages if a.status != 200]
        all_5xx = [a for a in phase.answers if a.status >= 500]
        findings = len(bad_pages) + int(extra > 0) + len(phase.errors) - len(all_5xx)
        detail = (
            f"Redis down {timing['up'] - timing['down']:.1f} s: {len(pages)} page GETs, "
            f"{len(pages) - len(bad_pages)} answered 200; {counts} "
            f"({'exact' if not lost and not extra else 'NOT exact'}); "
            f"errors {len(phase.errors)}; {phase.summary()}"
        )
        return row(
            "faults: Redis stopped and restarted under load",
            requests=phase.requests,
            findings=findings,
            errors_5xx=len(all_5xx),
            lost=lost,
            detail=detail,
        )

    # 3. Media disk full -------------------------------------------------------------

    def disk_full(self) -> dict:
        stack = self.stack
        check = "faults: media disk full, picture upload in the admin"
        if not stack.media_mount.startswith(("tmpfs", "loop")):
            return row(
                check, findings=1, detail=f"not run: media is a {stack.media_mount}"
            )
        browser = AdminBrowser()
        browser.log_in("editor", self.logins["editor"])
        picture = test_picture()
        snapshot = "SELECT id, updated_at, lead_image_id, headline FROM articles_article ORDER BY id"
        result = {}

        def fault():
            images_before = stack.sql("SELECT count(*) FROM articles_image")[0][0]
            articles_before = stack.sql(snapshot)
            filled = stack.fill_media()
            files_before = stack.media_files()
            offset = stack.log_size()
            status, body, _ = browser.upload_picture(
                picture=picture, name="full-disk.png", alt_text="صورة على قرص ممتلئ"
            )
            result.update(
                filled=filled,
                status=status,
                messages=error_messages(body),
                log=stack.log_since(offset),
                new_images=stack.sql("SELECT count(*) FROM articles_image")[0][0]
                - images_before,
                new_files=sorted(stack.media_files() - files_before),
                articles_changed=stack.sql(snapshot) != articles_before,
            )
            stack.free_media()
            status, _, location = browser.upload_picture(
                picture=picture, name="room-again.png", alt_text="صورة بعد إفراغ القرص"
            )
            result.update(
                control=status,
                control_location=location,
                control_images=stack.sql("SELECT count(*) FROM articles_image")[0][0]
                - images_before,
            )

        try:
            phase, stored, _ = self.under_load(fault)
        finally:
            stack.free_media()
        lost, extra, counts = self.accounting(phase, stored)
        messages = result["messages"]
        refused_clearly = (
            result["status"] == 200 and messages and all(map(is_arabic, messages))
        )
        half_saved = (
            result["new_images"] or result["new_files"] or result["articles_changed"]
        )
        control_ok = result["control"] == 302 and result["control_images"] == 1
        upload_5xx = int(result["status"] >= 500)
        findings = (
            int(not refused_clearly) + int(bool(half_saved)) + int(not control_ok)
        )
        findings += len(phase.errors) - len(
            phase.failures_5xx
        )  # 503s, 4xx, conn errors
        if upload_5xx:
            self.write_finding(
                title="Picture upload on a full media disk answers 500",
                request=(
                    "POST /admin/articles/image/add/ (editor, multipart, a valid 640×360 "
                    f"PNG of {len(picture)} bytes) while DJANGO_MEDIA_ROOT's filesystem "
                    "has no space left"
                ),
                response=f"{result['status']}; left behind: {result['new_files']}",
                log=result["log"],
                suggestion=DISK_FULL_SUGGESTION,
            )
        detail = (
            f"media {stack.media_mount}, filled with {result['filled']} bytes; upload "
            f"answered {result['status']}, messages {messages or 'none'}; "
            f"half-saved: Image rows +{result['new_images']}, files {result['new_files']}, "
            f"articles changed {result['articles_changed']}; with room again the upload "
            f"answered {result['control']} ({result['control_location'] or 'no redirect'}), "
            f"Image rows +{result['control_images']}; load: {counts}; "
            f"errors {len(phase.errors)}; {phase.summary()}"
        )
        return row(
            check,
            requests=phase.requests + browser.requests,
            findings=findings,
            errors_5xx=len(phase.failures_5xx) + upload_5xx,
            lost=lost,
            detail=detail,
        )

    # 4. A worker killed -------------------------------------------------------------

    def worker_killed(self) -> dict:
        stack = self.stack
        result = {}

        def fault():
            before = stack.worker_pids()
            victim = before[-1]
            result["victim"], result["at"] = victim, time.monotonic()
            os.kill(victim, signal.SIGKILL)  # a worker of our own server

            def replaced() -> bool:
                workers = stack.worker_pids()  # one snapshot
                return len(workers) == len(before) and victim not in workers

            respawned = wait_until(replaced, seconds=30)
            result["respawned"] = respawned
            result["respawn_s"] = time.monotonic() - result["at"]
            result["after"] = stack.worker_pids()

        phase, stored, _ = self.under_load(fault)
        lost, extra, counts = self.accounting(phase, stored)
        bound = self.load.concurrency  # one request in flight per load thread at most
        all_5xx = [a for a in phase.answers if a.status >= 500]
        findings = int(not result["respawned"]) + int(len(phase.errors) > bound)
        detail = (
            f"SIGKILL worker {result['victim']}: respawned {result['respawned']} in "
            f"{result['respawn_s']:.2f} s (workers now {result['after']}); errors "
            f"{len(phase.errors)} (bound: {bound} requests in flight); {counts}; "
            f"{phase.summary()}"
        )
        if extra:
            detail += f"; {extra} views stored whose answer died with the worker"
        return row(
            "faults: a granian worker SIGKILLed mid-request under load",
            requests=phase.requests,
            findings=findings,
            errors_5xx=len(all_5xx),
            lost=lost,
            detail=detail,
        )

    # Findings -----------------------------------------------------------------------

    def write_finding(
        self, *, title: str, request: str, response: str, log: str, suggestion: str
    ) -> None:
        traceback = _last_traceback(log)
        suspects = sorted(
            set(re.findall(r'File "[^"]*/(articles/[^"]+\.py)", line \d+', log))
        )
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        text = (
            f"\n## {title} ({stamp}, `python -m audit.faults`)\n\n"
            f"- Request: {request}\n- Response: {response}\n"
            f"- Portal files in the traceback: {', '.join(suspects) or 'none'}\n"
            "- Expected: the form again with an Arabic error, nothing stored.\n"
            f"- Suggested fix: {suggestion}\n\n"
            f"```text\n{traceback}\n```\n"
        )
        # One section per finding: a later run replaces its own section, keeping
        # whatever else the file says.
        kept = FINDINGS.read_text() if FINDINGS.exists() else "# Findings: faults\n"
        pattern = re.compile(rf"\n## {re.escape(title)} \(.*?(?=\n## |\Z)", re.S)
        kept = pattern.sub("", kept).rstrip("\n") + "\n"
        FINDINGS.parent.mkdir(parents=True, exist_ok=True)
        FINDINGS.write_text(kept + text)
        say(f"finding written to {FINDINGS}")


def _last_traceback(log: str, limit: int = 6000) -> str:
    start = log.rfind("Traceback (most recent call last)")
    if start < 0:
        return log[-limit:].strip() or "(nothing in the server log)"
    head = log.rfind("\n", 0, max(0, log.rfind("ERROR", 0, start))) + 1
    return log[head if head < start else start :][:limit].strip()


DISK_FULL_SUGGESTION = (
    "the file is written by `FileField.pre_save` inside `ImageAdmin.save_model` "
    "(articles/admin/images.py:81, `super().save_model`), after the form was valid, "
    "so an `OSError` (ENOSPC) there is a 500, and Django's `FileSystemStorage._save` "
    "leaves the partly written file behind (it does not unlink on a failed write). "
    "Write the cleaned file to storage where an error can still be a form error "
    "(e.g. `ImageAdminForm.clean_file` -> a service in articles/services/images.py "
    "that saves it, and on `OSError` deletes the partial file and raises "
    '`ValidationError("لا توجد مساحة كافية لحفظ الصورة على الخادم الآن، ولم يُحفظ '
    'شيء. أبلغ الفريق التقني ثم أعد المحاولة.")`), and delete the stored file if '
    "the admin's transaction later rolls back; `store_image` needs the same guard."
)
FAULTS = ["postgres_restart", "redis_restart", "disk_full", "worker_killed"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audit.faults", description=__doc__)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--fast", action="store_true", help="bounded CI form")
    args = parser.parse_args(argv)
    seconds = 9.0 if args.fast else 36.0
    rows = []
    started = time.monotonic()
    stack = None
    try:
        stack = Stack()
        faults = Faults(stack, seconds=seconds)
        faults.set_up()
        for name in FAULTS:
            say(f"fault: {name}")
            try:
                rows.append(getattr(faults, name)())
            except Exception as error:  # the row fails; the other faults still run
                if faults.load is not None:
                    faults.load.stop()
                rows.append(
                    row(f"faults: {name}", findings=1, detail=f"crashed: {error!r}")
                )
            say(f"  {rows[-1]['detail'][:300]}")
    except Exception as error:
        rows.append(row("faults: set-up", findings=1, detail=f"crashed: {error!r}"))
    finally:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if stack is not None:
            keep = args.out.with_name(args.out.stem + "-server.log")
            if stack.server_log.exists():
                keep.write_bytes(stack.server_log.read_bytes())
            stack.close()
    args.out.write_text(
        json.dumps({"part": "faults", "rows": rows}, ensure_ascii=False, indent=2)
        + "\n"
    )
    failed = [r for r in rows if r["findings"] or r["errors_5xx"] or r["lost"]]
    say(
        f"{len(rows)} rows, {len(failed)} failing, {time.monotonic() - started:.0f} s; "
        f"wrote {args.out}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
