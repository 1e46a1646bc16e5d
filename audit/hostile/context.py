"""What every area needs: the base URL, signed-in clients per role, the demo's ids."""

import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .client import Client, form_values

# Demo usernames (manage.py ensure_demo_users) per role of the audit.
ROLE_USERS = {
    "superuser": "admin",
    "editor": "editor",
    "writer": "writer",
    "moderator": "moderator",
}


@dataclass
class Context:
    base_url: str
    logins: dict[str, str]
    fast: bool = False
    nonce: str = field(default_factory=lambda: secrets.token_hex(4))
    live: list[dict] = field(default_factory=list)  # API items of live articles
    hidden_ids: list[int] = field(default_factory=list)  # drafts, review, scheduled
    _clients: dict[str, Client] = field(default_factory=dict)

    def anonymous(self, **kwargs) -> Client:
        return Client(self.base_url, **kwargs)

    def as_role(self, role: str) -> Client:
        """A signed-in client for the role (kept for the run); anonymous stays anonymous."""
        if role == "anonymous":
            return self.anonymous()
        if role not in self._clients:
            client = Client(self.base_url)
            username = ROLE_USERS[role]
            if not client.login(username, self.logins[username]):
                raise RuntimeError(f"cannot log in as {username}")
            self._clients[role] = client
        return self._clients[role]

    @property
    def article(self) -> dict:
        """The first live article that takes comments (the reference article)."""
        return self.live[0]

    def path_of(self, item: dict) -> str:
        return "/news/" + quote(item["slug"]) + "/"

    def discover(self) -> None:
        """Live articles from the API; hidden ones from the superuser's article list."""
        reader = self.anonymous()
        # The first read of a fresh demo makes every picture's renditions: minutes, once.
        listing = reader.get("/api/v1/articles?limit=100", timeout=300).json() or {}
        self.live = sorted(listing.get("items", []), key=lambda item: item["id"])
        if not self.live:
            raise RuntimeError("no live article: load_demo first")
        admin = self.as_role("superuser")
        page = admin.get("/admin/articles/article/?all=&o=1").text
        ids = {
            int(pk) for pk in re.findall(r"/admin/articles/article/(\d+)/change/", page)
        }
        self.hidden_ids = sorted(ids - {item["id"] for item in self.live})


def admin_csrf(client: Client, path: str, form_id: str | None = None) -> dict:
    """GET an admin form page; its default values, CSRF token included."""
    return form_values(client.get(path).text, form_id)


def load_logins(path: str) -> dict[str, str]:
    return json.loads(Path(path).read_text(encoding="utf-8"))
