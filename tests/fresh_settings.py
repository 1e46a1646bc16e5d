"""Settings as portal/settings.py builds them in a fresh process, from given variables."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STRONG_KEY = "s" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2


def fresh_process(code: str, **variables) -> subprocess.CompletedProcess:
    """Run `code` after `django.setup()` with only `variables` set among ours."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL"))
    }
    env.update(variables, DJANGO_SETTINGS_MODULE="portal.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def fresh_setting(expression: str, **variables):
    """The value of `expression` (over `settings`), through JSON, in a fresh process."""
    done = fresh_process(
        "import json; from django.conf import settings; "
        f"print(json.dumps({expression}))",
        **variables,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])
