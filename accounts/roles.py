"""Editorial roles: code is the source of truth, `manage.py sync_roles` applies it.

Each role maps to Django permission labels. Nothing here grants rights over users or
groups: only superusers manage accounts, so no staff user can raise their own rights.
"""

from types import MappingProxyType

# Role keys: what code and `create_staff_user --role` use. They never reach a page.
EDITOR = "Editor"
WRITER = "Writer"
MODERATOR = "Moderator"

# Each role's Arabic name, which is also its group's name: what the admin shows on
# the group list and on each user's page. Renaming one needs a data migration that
# renames the group in place (see accounts/migrations/0002_arabic_role_group_names.py).
ROLE_LABELS = MappingProxyType(
    {EDITOR: "محرر", WRITER: "كاتب", MODERATOR: "مشرف التعليقات"}
)


def _crud(model: str, *verbs: str) -> list[str]:
    return [f"articles.{verb}_{model}" for verb in verbs]


_ALL = ("add", "change", "delete", "view")

ROLE_PERMISSIONS = MappingProxyType(
    {
        # Creates, edits and publishes everything editorial; moderates comments too.
        EDITOR: [
            *_crud("article", *_ALL),
            "articles.publish_article",
            *_crud("section", *_ALL),
            *_crud("tag", *_ALL),
            *_crud("author", *_ALL),
            *_crud("source", *_ALL),
            *_crud("image", *_ALL),
            *_crud("correction", *_ALL),
            *_crud("comment", "change", "view"),
            "articles.moderate_comment",
        ],
        # Writes and edits own drafts and submits them for review; never publishes.
        WRITER: [
            *_crud("article", "add", "change", "view"),
            *_crud("image", "add", "view"),
            *_crud("section", "view"),
            *_crud("tag", "add", "view"),
            *_crud("author", "view"),
            *_crud("source", "view"),
        ],
        # Reader comments only.
        MODERATOR: [
            *_crud("comment", "change", "view"),
            "articles.moderate_comment",
        ],
    }
)
