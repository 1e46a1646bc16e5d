"""schemathesis hooks for the audit's API run (SCHEMATHESIS_HOOKS=audit.schemathesis_hooks).

Loaded by the schemathesis CLI in its own virtualenv, never by the app. The same two
allowances as the in-repo run (tests/api/test_schemathesis.py), nothing more:

- a well-formed comment gets a real comment token, as an app fetches it (`GET
  /api/v1/comment-token`, then waits the time-to-submit rule's minimum);
- "schema-valid request rejected" (ST202) is not a failure for a comment submission or a
  search (`q`): the comment rules judge the text after cleaning it (invisible characters,
  block words, duplicates) and the search judges the words left after Arabic
  normalisation, which a JSON Schema cannot express. Every other check still applies to
  them (no 5xx, answers inside the schema, negative data refused).
"""

import json
import os
import time
import urllib.request

import schemathesis

BASE = os.environ.get("AUDIT_BASE_URL", "http://127.0.0.1:8601")
_token: dict[str, object] = {}


def _comment_token() -> str:
    """One real token, fetched once and reused once it is old enough to be accepted."""
    if not _token:
        with urllib.request.urlopen(BASE + "/api/v1/comment-token", timeout=10) as r:  # noqa: S310
            answer = json.load(r)
        _token.update(
            value=answer["token"],
            ready=time.monotonic() + float(answer.get("min_seconds", 3)) + 0.3,
        )
    wait = float(_token["ready"]) - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    return str(_token["value"])


def _is_comment_submission(case) -> bool:
    return case.method.upper() == "POST" and case.path.endswith("/comments")


def _is_search(case) -> bool:
    return case.path == "/api/v1/articles" and "q" in (case.query or {})


@schemathesis.hook
def before_call(context, case, **kwargs):
    if (
        _is_comment_submission(case)
        and case.meta is not None
        and case.meta.generation.mode.is_positive
        and isinstance(case.body, dict)
    ):
        case.body["token"] = _comment_token()


@schemathesis.hook
def filter_failure(context, failure, case, response):
    if getattr(failure, "code", "") != "ST202":
        return True
    return not (_is_comment_submission(case) or _is_search(case))
