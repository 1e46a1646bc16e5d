"""Demo logins for `make run`: one per role, passwords generated once and kept locally."""

import json
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model

from .roles import EDITOR, MODERATOR, WRITER
from .services import create_staff_user

DEMO_USERS = [
    ("admin", None),
    ("editor", EDITOR),
    ("writer", WRITER),
    ("moderator", MODERATOR),
]


def ensure_demo_users(credentials_file: Path) -> list[tuple[str, str, str]]:
    """Create missing demo users; return (username, role, password) from the file."""
    saved = (
        json.loads(credentials_file.read_text()) if credentials_file.exists() else {}
    )
    User = get_user_model()
    rows = []
    for username, role in DEMO_USERS:
        password = saved.get(username)
        if not User.objects.filter(username=username).exists():
            password = secrets.token_urlsafe(12)
            if role is None:
                User.objects.create_superuser(
                    username, f"{username}@example.com", password
                )
            else:
                create_staff_user(
                    username=username,
                    email=f"{username}@example.com",
                    password=password,
                    role=role,
                )
            saved[username] = password
        rows.append((username, role or "superuser", saved.get(username, "(unknown)")))
    credentials_file.parent.mkdir(parents=True, exist_ok=True)
    credentials_file.write_text(json.dumps(saved, indent=2))
    credentials_file.chmod(0o600)
    return rows
