"""The writer's crafted POSTs (publish without the right, edit what is not theirs or
what is in review), then the writer's markup published by an editor: every public page
that shows it must show it escaped (headline, deck, tag) or sanitised (body)."""

import re
from urllib.parse import quote

from .client import Client, form_fields
from .context import Context
from .rows import Row, Run

ARTICLES = "/admin/articles/article/"
XSS_HEADLINE = '</script><script>alert("h")</script><img src=x onerror=alert("h")>'
XSS_DECK = "<svg/onload=alert('deck')>"
XSS_BODY = (
    '<p>نص <script>alert("body")</script><img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)">رابط</a><iframe src="https://evil.example"></iframe></p>'
)
XSS_TAG = '<svg onload=alert("tag")>'
RAW_MARKS = (
    '<script>alert("h")',
    '<img src=x onerror=alert("h")',
    "<svg/onload=alert('deck')>",
    '<script>alert("body")',
    'onerror="alert(1)"',
    'href="javascript:alert(2)"',
    '<iframe src="https://evil.example"',
    '<svg onload=alert("tag")>',
)


def _form(client: Client, path: str, **changes) -> list[tuple[str, str]]:
    """The admin form's own values (CSRF, inline management forms), then `changes`."""
    fields = [
        (k, v)
        for k, v in form_fields(client.get(path).text, "article_form")
        if "__prefix__" not in k and k not in changes
    ]
    for name, value in changes.items():
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        fields += [(name, v) for v in values]
    return fields


def _status_of(admin: Client, pk: str) -> str:
    fields = dict(
        form_fields(admin.get(f"{ARTICLES}{pk}/change/").text, "article_form")
    )
    return fields.get("status", "?")


def _find(admin: Client, marker: str) -> list[str]:
    page = admin.get(f"{ARTICLES}?q={marker}").text
    return sorted(set(re.findall(r"/admin/articles/article/(\d+)/change/", page)))


def crafted_posts(row: Row, ctx: Context) -> tuple[str, str, str]:
    writer, admin = ctx.as_role("writer"), ctx.as_role("superuser")
    section = re.findall(
        r"/admin/articles/section/(\d+)/change/",
        admin.get("/admin/articles/section/").text,
    )[0]
    base = {"section": section, "body": XSS_BODY, "deck": XSS_DECK}
    for n, (status, extra) in enumerate(
        (
            ("published", {}),
            (
                "scheduled",
                {"published_at_0": "2030-01-01", "published_at_1": "10:00:00"},
            ),
            ("archived", {}),
        )
    ):
        marker = f"hx{ctx.nonce}p{n}"
        fields = _form(
            writer,
            f"{ARTICLES}add/",
            **base,
            headline=f"{XSS_HEADLINE} {marker}",
            slug=f"hx-{ctx.nonce}-p{n}",
            status=status,
            **extra,
        )
        r = writer.post(f"{ARTICLES}add/", form=fields)
        row.expect(
            f"writer adds an article with status={status}",
            r.status == 200 and r.has_arabic and "errorlist" in r.text,
            r,
            "refused with an Arabic reason",
        )
        row.verify(f"status={status}: nothing stored", not _find(admin, marker))

    marker = f"hx{ctx.nonce}d"
    slug = f"hx-{ctx.nonce}-draft"
    fields = _form(
        writer,
        f"{ARTICLES}add/",
        **base,
        headline=f"{XSS_HEADLINE} {marker}",
        slug=slug,
        status="draft",
        is_featured="on",
        is_breaking="on",
        published_at_0="2020-01-01",
        published_at_1="10:00:00",
    )
    r = writer.post(f"{ARTICLES}add/", form=fields)
    row.expect(
        "writer adds a draft with markup, is_featured, a publish time",
        r.status == 302,
        r,
        "stored as a draft",
    )
    found = _find(admin, marker)
    pk = found[0] if found else ""
    row.verify("the draft is stored", bool(pk))
    if not pk:
        return "", slug, marker
    row.verify(
        "is_featured/published_at ignored for the writer",
        'name="is_featured" checked'
        not in admin.get(f"{ARTICLES}{pk}/change/").text.replace(
            "checked id", "checked"
        ),
    )
    change = f"{ARTICLES}{pk}/change/"
    r = writer.post(change, form=_form(writer, change, status="published"))
    row.expect(
        "writer sets own draft to published (change form)",
        r.status == 200 and r.has_arabic,
        r,
    )
    row.verify(
        "still a draft after the crafted change",
        _status_of(admin, pk) == "draft",
        why=_status_of(admin, pk),
    )
    token = dict(form_fields(writer.get(ARTICLES).text)).get("csrfmiddlewaretoken", "")
    r = writer.post(
        ARTICLES,
        form=[
            ("csrfmiddlewaretoken", token),
            ("action", "publish_selected"),
            ("_selected_action", pk),
            ("index", "0"),
            ("select_across", "0"),
        ],
    )
    row.expect(
        "writer runs the publish action on own draft", r.status in (200, 302, 403), r
    )
    row.verify("still a draft after the action", _status_of(admin, pk) == "draft")
    r = ctx.anonymous().get(f"/news/{quote(slug)}/")
    row.verify("the draft is not public", r.status == 404, r)
    r = ctx.anonymous().get(f"/preview/{pk}/")
    row.verify(
        "its preview is not for anonymous readers",
        r.status in (302, 404) and "hx" + ctx.nonce not in r.text,
        r,
    )
    r = ctx.as_role("moderator").get(f"/preview/{pk}/")
    row.verify("nor for the moderator", r.status == 404, r)

    other = str(ctx.article["id"])
    other_change = f"{ARTICLES}{other}/change/"
    admin_fields = _form(admin, other_change)
    headline = dict(admin_fields).get("headline", "")
    forged = [
        (k, v) for k, v in admin_fields if k not in ("headline", "csrfmiddlewaretoken")
    ]
    token = writer.cookies.get("csrftoken", "")
    forged += [("headline", f"اختراق {ctx.nonce}"), ("csrfmiddlewaretoken", token)]
    r = writer.post(other_change, form=forged)
    row.expect(
        "writer POSTs a change to someone else's live article",
        r.status in (302, 403),
        r,
    )
    row.verify(
        "its headline unchanged",
        dict(_form(admin, other_change)).get("headline") == headline,
    )

    tag_slug = f"hx-{ctx.nonce}-tag"
    token = dict(form_fields(writer.get("/admin/articles/tag/add/").text)).get(
        "csrfmiddlewaretoken", ""
    )
    r = writer.post(
        "/admin/articles/tag/add/",
        form={
            "csrfmiddlewaretoken": token,
            "name": f"{XSS_TAG} {ctx.nonce}",
            "slug": tag_slug,
        },
    )
    row.expect(
        "writer adds a tag with markup in its name",
        r.status == 302,
        r,
        "stored; must show escaped",
    )
    tag_ids = re.findall(
        r"/admin/articles/tag/(\d+)/change/",
        admin.get(f"/admin/articles/tag/?q={tag_slug}").text,
    )
    if tag_ids:
        r = writer.post(change, form=_form(writer, change, tags=tag_ids[0]))
        row.verify("the tag goes on the draft", r.status == 302, r)

    r = writer.post(change, form=_form(writer, change, status="in_review"))
    row.expect("writer submits own draft for review", r.status == 302, r, "allowed")
    r = writer.post(
        change,
        form=_form(
            admin,
            change,
            headline=f"تعديل بعد المراجعة {marker}",
            csrfmiddlewaretoken=writer.cookies.get("csrftoken", ""),
        ),
    )
    row.expect(
        "writer edits own article while in review",
        r.status in (302, 403),
        r,
        "read-only for the writer",
    )
    row.verify("still in review", _status_of(admin, pk) == "in_review")
    return pk, slug, tag_slug


def published_pages(row: Row, ctx: Context, pk: str, slug: str, tag_slug: str) -> None:
    editor = ctx.as_role("editor")
    change = f"{ARTICLES}{pk}/change/"
    r = editor.post(change, form=_form(editor, change, status="published"))
    row.expect("editor publishes the writer's article (control)", r.status == 302, r)
    reader = ctx.anonymous()
    marker = f"hx{ctx.nonce}d"
    pages = {
        "article page": f"/news/{quote(slug)}/?v={ctx.nonce}",
        "home": f"/?v={ctx.nonce}",
        "latest": f"/latest/?v={ctx.nonce}",
        "search": f"/search/?q={marker}",
        "RSS": "/feed/rss/",
        "Atom": "/feed/atom/",
        "news sitemap": "/sitemap-news.xml",
        "tag page": f"/tag/{quote(tag_slug)}/",
        "API article": f"/api/v1/articles/{pk}",
        "API list": f"/api/v1/articles?q={marker}",
    }
    for label, path in pages.items():
        r = reader.get(path)
        raw = [m for m in RAW_MARKS if m in r.text]
        shown = marker in r.text or (label == "tag page" and "&lt;svg onload" in r.text)
        if label.startswith(
            "API"
        ):  # JSON carries text, not HTML: only the body is HTML
            body = (
                (r.json() or {}).get("body_html", "") if label == "API article" else ""
            )
            raw = [m for m in RAW_MARKS[3:] if m in body]
        row.expect(
            f"writer's markup on the {label}",
            r.status == 200 and not raw and shown,
            r,
            f"raw: {raw}" if raw else "shown escaped",
        )


def unpublish(row: Row, ctx: Context, pk: str) -> None:
    """Take the test article off the site again (the editor's bulk action)."""
    editor = ctx.as_role("editor")
    token = dict(form_fields(editor.get(ARTICLES).text)).get("csrfmiddlewaretoken", "")
    editor.post(
        ARTICLES,
        form=[
            ("csrfmiddlewaretoken", token),
            ("action", "unpublish_selected"),
            ("_selected_action", pk),
            ("index", "0"),
            ("select_across", "0"),
        ],
    )
    row.verify(
        "test article unpublished again",
        _status_of(ctx.as_role("superuser"), pk) == "draft",
    )


def run_writer(run: Run, ctx: Context) -> None:
    with run.row("writer crafted POSTs (publish, others' articles, review)") as row:
        pk, slug, tag_slug = crafted_posts(row, ctx)
    with run.row("writer's markup on public pages once published") as row:
        if pk:
            published_pages(row, ctx, pk, slug, tag_slug)
            unpublish(row, ctx, pk)
        else:
            row.verify("no draft to publish", False)
