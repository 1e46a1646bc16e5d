"""Every admin URL x every role: the superuser's admin index names the models; each
model's changelist, add, change, delete and history pages (and the custom admin views)
are asked for by anonymous, writer, editor, moderator and superuser, and each answer must
be exactly what the role's permissions allow. The intended map is written here from
accounts/roles.py and the model admins' own rules, on purpose not imported: if the code
drifts from it, this row says so. Then POSTs a role must not be able to make."""

import re

from .client import Client, form_fields
from .context import ROLE_USERS, Context
from .rows import Row, Run

ROLES = ["anonymous", "writer", "editor", "moderator", "superuser"]
ALL = frozenset({"add", "change", "delete", "view"})
VIEW = frozenset({"view"})
# role -> model -> what its admin lets that role do (roles.py plus each admin's rules).
EDITOR_MODELS = ("article", "section", "tag", "author", "source", "image")
INTENDED = {
    "editor": {
        **{f"articles.{m}": ALL for m in EDITOR_MODELS},
        "articles.comment": frozenset({"change", "view"}),
        "articles.moderationword": ALL,
        "articles.articleengagement": VIEW,
    },
    "writer": {
        "articles.article": frozenset({"add", "change", "view"}),
        "articles.image": frozenset({"add", "view"}),
        "articles.section": VIEW,
        "articles.tag": frozenset({"add", "view"}),
        "articles.author": VIEW,
        "articles.source": VIEW,
        "articles.articleengagement": VIEW,
    },
    "moderator": {
        "articles.comment": frozenset({"change", "view"}),
        "articles.moderationword": ALL,
    },
}
# What no one may do, superusers included: readers write comments, counts are read-only.
NOBODY = {
    "articles.comment": {"add"},
    "articles.articleengagement": {"add", "change", "delete"},
}


def intended(role: str, model: str, superuser_can: set[str]) -> frozenset:
    if role == "superuser":
        return frozenset(superuser_can)
    return INTENDED.get(role, {}).get(model, frozenset()) - NOBODY.get(model, set())


def expected_status(role: str, kind: str, perms: frozenset, model: str) -> set[int]:
    if role == "anonymous":
        return {302}
    seeing = bool(perms & {"view", "change"})
    allowed = seeing if kind in ("changelist", "change", "history") else kind in perms
    if model == "articles.article" and kind == "delete" and role != "writer":
        allowed = False  # a live article is unpublished or archived, never deleted
    if (
        model == "articles.article"
        and role == "writer"
        and kind in ("change", "history")
    ):
        return {302}  # someone else's article: "not yours", back to the list
    return {200} if allowed else {403}


def discover(admin: Client, ctx: Context) -> dict[str, dict]:
    """model label -> {"url": changelist, "pk": an object's id or None, "can": set}."""
    index = admin.get("/admin/").text
    models = {}
    for app, model in sorted(set(re.findall(r'href="/admin/(\w+)/(\w+)/"', index))):
        label = f"{app}.{model}"
        can = {"view", "change", "delete"}
        if f'href="/admin/{app}/{model}/add/"' in index:
            can.add("add")
        can -= NOBODY.get(label, set())
        listing = admin.get(f"/admin/{app}/{model}/").text
        pks = re.findall(rf"/admin/{app}/{model}/([^/\"]+)/change/", listing)
        pk = (
            str(ctx.article["id"])
            if label == "articles.article"
            else (pks[0] if pks else None)
        )
        if label == "articles.articleengagement":
            can -= {"change"}
            can.add("view")
        models[label] = {"url": f"/admin/{app}/{model}/", "pk": pk, "can": can}
    return models


def matrix(row: Row, ctx: Context, models: dict[str, dict]) -> None:
    kinds = (
        ["changelist", "add", "change"]
        if ctx.fast
        else ["changelist", "add", "change", "delete", "history"]
    )
    for role in ROLES:
        client = ctx.as_role(role)
        shown = set()
        if role != "anonymous":
            index = client.get("/admin/").text
            shown = {
                f"{a}.{m}" for a, m in re.findall(r'href="/admin/(\w+)/(\w+)/"', index)
            }
        for label, info in models.items():
            perms = intended(role, label, info["can"])
            if role != "anonymous":
                row.verify(
                    f"{role}: index {'lists' if perms else 'hides'} {label}",
                    (label in shown) == bool(perms),
                )
            for kind in kinds:
                if kind in ("change", "delete", "history") and info["pk"] is None:
                    continue
                path = {
                    "changelist": info["url"],
                    "add": f"{info['url']}add/",
                    "change": f"{info['url']}{info['pk']}/change/",
                    "delete": f"{info['url']}{info['pk']}/delete/",
                    "history": f"{info['url']}{info['pk']}/history/",
                }[kind]
                wanted = expected_status(role, kind, perms, label)
                r = client.get(path)
                ok = r.status in wanted
                if ok and r.status == 302 and role == "anonymous":
                    ok = "/admin/login/" in r.header("Location")
                if ok and r.status == 302 and role != "anonymous":
                    ok = r.header("Location").endswith(info["url"])
                row.expect(f"{role} GET {path}", ok, r, f"expected {sorted(wanted)}")
        for app in sorted({label.split(".")[0] for label in models}):
            visible = any(
                intended(role, label, info["can"])
                for label, info in models.items()
                if label.startswith(app + ".")
            )
            wanted = {302} if role == "anonymous" else ({200} if visible else {404})
            r = client.get(f"/admin/{app}/")
            row.expect(
                f"{role} GET /admin/{app}/",
                r.status in wanted,
                r,
                f"expected {sorted(wanted)}",
            )


def custom_views(row: Row, ctx: Context) -> None:
    admin = ctx.as_role("superuser")
    hidden = ctx.hidden_ids[0]
    # The article admin links its preview itself; the shortcut (ours at /admin/r/)
    # needs the content type id: the one that sends the superuser to the live article.
    shortcut = ""
    for ct in range(1, 60):
        r = admin.get(f"/admin/r/{ct}/{ctx.article['id']}/")
        if r.status == 302 and ctx.path_of(ctx.article) in r.header("Location"):
            shortcut = f"/admin/r/{ct}/{hidden}/"
            break
    row.verify("the view-on-site shortcut found for articles", bool(shortcut))
    shortcut = shortcut or f"/admin/r/1/{hidden}/"
    wanted = {
        "/admin/keep-alive/": {"anonymous": {401}, "*": {204}},
        shortcut: {"anonymous": {302}, "writer": {404}, "moderator": {404}, "*": {302}},
        "/admin/jsi18n/": {"anonymous": {302}, "*": {200}},
        "/admin/password_change/": {"anonymous": {302}, "*": {200}},
        "/admin/autocomplete/?app_label=articles&model_name=article&field_name=section": {
            "anonymous": {302},
            "moderator": {403},
            "*": {200},
        },
        "/admin/autocomplete/?app_label=articles&model_name=article&field_name=lead_image&term=%27%20OR%201%3D1--": {
            "anonymous": {302},
            "moderator": {403},
            "*": {200},
        },
        "/admin/autocomplete/?app_label=accounts&model_name=user&field_name=groups": {
            "anonymous": {302},
            "superuser": {200, 403},
            "*": {403},
        },
    }
    for path, by_role in wanted.items():
        for role in ROLES:
            statuses = by_role.get(role, by_role["*"])
            r = ctx.as_role(role).get(path)
            ok = r.status in statuses
            if ok and r.status == 302 and role in ("anonymous",):
                ok = "/admin/login/" in r.header("Location")
            if ok and r.status == 302 and role != "anonymous":
                ok = "/admin/login/" not in r.header("Location")
            row.expect(f"{role} GET {path[:70]}", ok, r, f"expected {sorted(statuses)}")


def _token(client: Client, path: str) -> str:
    values = dict(form_fields(client.get(path).text))
    return values.get("csrfmiddlewaretoken") or client.cookies.get("csrftoken", "")


def forbidden_writes(row: Row, ctx: Context, models: dict[str, dict]) -> None:
    admin = ctx.as_role("superuser")
    section_pk = models.get("articles.section", {}).get("pk")
    users = admin.get("/admin/accounts/user/").text
    user_pks = {
        name: pk
        for pk, name in re.findall(
            r'/admin/accounts/user/(\d+)/change/">([^<]+)</a>', users
        )
    }
    editor_pk = user_pks.get(ROLE_USERS["editor"], "1")
    sections_before = admin.get("/admin/articles/section/").text.count("/change/")
    live = str(ctx.article["id"])
    cases = [
        (
            "moderator adds a section",
            "moderator",
            "/admin/articles/section/add/",
            {"name": f"hx{ctx.nonce}", "slug": f"hx-{ctx.nonce}", "position": "1"},
            {403},
        ),
        (
            "writer deletes a section",
            "writer",
            f"/admin/articles/section/{section_pk}/delete/",
            {"post": "yes"},
            {403},
        ),
        (
            "editor makes itself superuser",
            "editor",
            f"/admin/accounts/user/{editor_pk}/change/",
            {
                "username": "editor",
                "is_superuser": "on",
                "is_staff": "on",
                "is_active": "on",
            },
            {403},
        ),
        (
            "editor adds a group",
            "editor",
            "/admin/auth/group/add/",
            {"name": f"hx{ctx.nonce}"},
            {403},
        ),
        (
            "moderator edits an article",
            "moderator",
            f"/admin/articles/article/{live}/change/",
            {"headline": "x"},
            {403},
        ),
        (
            "writer approves comments",
            "writer",
            "/admin/articles/comment/",
            {"action": "approve_selected", "_selected_action": "1", "index": "0"},
            {403},
        ),
        (
            "editor deletes a live article",
            "editor",
            f"/admin/articles/article/{live}/delete/",
            {"post": "yes"},
            {403},
        ),
        (
            "anonymous adds an article",
            "anonymous",
            "/admin/articles/article/add/",
            {"headline": "x"},
            {302, 403},
        ),
        (
            "editor POST without CSRF",
            "editor",
            "/admin/articles/tag/add/",
            {"name": f"hx{ctx.nonce}nocsrf", "slug": f"hx-{ctx.nonce}-nocsrf"},
            {403},
        ),
        (
            "editor POST with Origin evil",
            "editor",
            "/admin/articles/tag/add/",
            {"name": f"hx{ctx.nonce}evil", "slug": f"hx-{ctx.nonce}-evil"},
            {403},
        ),
    ]
    for label, role, path, fields, statuses in cases:
        client = ctx.as_role(role)
        headers = {"Origin": "https://evil.example"} if "Origin evil" in label else None
        if role != "anonymous" and "without CSRF" not in label:
            fields = {
                "csrfmiddlewaretoken": _token(client, "/admin/password_change/"),
                **fields,
            }
        r = client.post(path, form=fields, headers=headers)
        row.expect(label, r.status in statuses, r, f"expected {sorted(statuses)}")
    row.verify(
        "no section was added",
        admin.get("/admin/articles/section/").text.count("/change/") == sections_before,
    )
    editor_page = admin.get(f"/admin/accounts/user/{editor_pk}/change/").text
    row.verify(
        "editor is still not a superuser",
        not re.search(r'name="is_superuser"[^>]*checked', editor_page),
    )
    made = admin.get(f"/admin/auth/group/?q=hx{ctx.nonce}").text
    made += admin.get(f"/admin/articles/tag/?q=hx{ctx.nonce}nocsrf").text
    made += admin.get(f"/admin/articles/tag/?q=hx{ctx.nonce}evil").text
    row.verify(
        "no group or tag made",
        not re.search(r"/admin/(auth/group|articles/tag)/\d+/change/", made),
    )
    row.verify(
        "the live article is still public",
        ctx.anonymous().get(ctx.path_of(ctx.article)).status == 200,
    )


def run_admin(run: Run, ctx: Context) -> None:
    with run.row("admin URL x role (changelist, add, change, delete, history)") as row:
        models = discover(ctx.as_role("superuser"), ctx)
        unknown = sorted(
            set(models)
            - {m for r in INTENDED.values() for m in r}
            - {"accounts.user", "auth.group"}
            - {m for m in models if m.startswith("axes.")}
        )
        row.verify(
            "every admin model has an intended rule",
            not unknown,
            why=f"unmapped: {unknown}",
        )
        row.note(f"{len(models)} admin models: {', '.join(sorted(models))}")
        matrix(row, ctx, models)
    with run.row(
        "admin custom views x role (view-on-site, autocomplete, keep-alive)"
    ) as row:
        custom_views(row, ctx)
    with run.row("admin writes a role must not make") as row:
        forbidden_writes(row, ctx, models)
