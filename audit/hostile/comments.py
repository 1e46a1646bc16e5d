"""The comment form (/comments/<id>/) and the API's comment write, fed bad input
through the real flow: CSRF token and signed start time fetched first, then one wait of
`min_seconds`, so each input reaches the rule it aims at and not the time check.

Every input carries a marker in its text: afterwards the superuser's comment list must
hold none of the refused ones and all of the accepted ones, nothing accepted may show
before approval, and once approved the payloads show escaped and the bidi controls gone.
The approved test comments are moved to the trash at the end.
"""

import re
import secrets
import time
from html import escape

from .client import Client, Response
from .context import Context, form_values
from .rows import Row, Run

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060]")
ACCEPTED = {201}


def _json_message(r: Response) -> str:
    body = r.json() or {}
    return str(body.get("message") or body.get("detail") or "")


class Comments:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.article = ctx.live[-1]  # not the reference article: keep it clean
        self.form = ctx.anonymous()
        self.api = ctx.anonymous(user_agent="PortalApp/2.1 (Android 14)")
        self.accepted: list[str] = []  # markers that must be stored
        self.refused: list[str] = []  # markers that must not
        self.n = 0
        self.first_api_body = ""
        tokens = self.form.get("/comments/token/").json() or {}
        self.csrf = tokens.get("csrf_token", "")
        self.started = tokens.get("started", "")
        api_token = self.api.get("/api/v1/comment-token").json() or {}
        self.token = api_token.get("token", "")
        self.min_seconds = float(api_token.get("min_seconds", 3))
        self.fetched = time.monotonic()

    def wait_for_tokens(self) -> None:
        left = self.min_seconds + 0.3 - (time.monotonic() - self.fetched)
        if left > 0:
            time.sleep(left)

    def marker(self, accepted: bool) -> str:
        self.n += 1
        mark = f"hx{self.ctx.nonce}{'a' if accepted else 'r'}{self.n}"
        (self.accepted if accepted else self.refused).append(mark)
        return mark

    # --- the form ----------------------------------------------------------------------

    def post_form(
        self, fields: dict, *, article_id=None, client: Client | None = None, **kw
    ):
        data = {
            "csrfmiddlewaretoken": self.csrf,
            "started": self.started,
            "name": "قارئ",
            "email": "",
            "body": "",
            "website": "",
            "parent": "",
        }
        data.update(fields)
        data = {k: v for k, v in data.items() if v is not None}
        headers = {"Accept": "application/json", **kw.pop("headers", {})}
        if kw.pop("html", False):
            headers.pop("Accept")
        target = article_id if article_id is not None else self.article["id"]
        return (client or self.form).post(
            f"/comments/{target}/", form=data, headers=headers, **kw
        )

    def post_api(self, payload, *, article_id=None, headers=None, raw: bytes = b""):
        target = article_id if article_id is not None else self.article["id"]
        path = f"/api/v1/articles/{target}/comments"
        if raw:
            return self.api.post(
                path,
                body=raw,
                headers={"Content-Type": "application/json", **(headers or {})},
            )
        body = {"name": "قارئ", "body": "", "token": self.token, **payload}
        return self.api.post(path, json_body=body, headers=headers)


def _refused_ok(r: Response, statuses: set[int]) -> bool:
    return r.status in statuses and r.has_arabic


def form_inputs(row: Row, c: Comments, ctx: Context) -> None:
    ok = c.marker(True)
    first_body = f"تعليق عادي على الخبر، شكرًا {ok}"
    r = c.post_form({"body": first_body})
    row.expect(
        "form: a plain Arabic comment (control)", r.status == 201 and r.has_arabic, r
    )
    accepted = [
        (
            "XSS in name and body",
            '<script>alert("n")</script>',
            '<img src=x onerror=alert("b")><script>alert("b")</script>',
        ),
        ("javascript: link in body", "سارة", '<a href="javascript:alert(1)">انقر</a>'),
        (
            "bidi override in name and body",
            "\u202eرماد\u202c",
            "\u202etxet\u2066x\u2069\u200f نص",
        ),
        (
            "SQL in name and body",
            "x'); DROP TABLE articles_comment;--",
            "1' OR '1'='1'; --",
        ),
        ("stacked combining marks", "زائر", "ا" + "\u0651" * 60 + "ب"),
    ]
    for label, name, body in accepted:
        mark = c.marker(True)
        r = c.post_form({"name": name, "body": f"{body} {mark}"})
        row.expect(f"form: {label}", r.status in ACCEPTED, r, "stored as pending text")
    mark = c.marker(True)
    r = c.post_form({"body": f"قبل\x00بعد {mark}"})
    row.expect(
        "form: NUL byte in body",
        r.status in (201, 400),
        r,
        "removed or refused, never 5xx",
    )
    if r.status != 201:
        c.accepted.remove(mark)

    refusals = [
        (
            "email with CRLF (mail header injection)",
            {"email": "a@example.com\r\nBcc: v@example.com"},
            {400},
        ),
        ("bad email", {"email": "not-an-email"}, {400}),
        ("name only bidi/invisible marks", {"name": "\u202e\u2066\u200f\u200b"}, {400}),
        ("name of 81 letters", {"name": "ن" * 81}, {400}),
        ("body of 5,001 letters", {"body_len": 5001}, {400}),
        ("body of 60,000 letters", {"body_len": 60000}, {400}),
        ("honeypot filled", {"website": "http://spam.example/"}, {400}),
        (
            "forged form token",
            {"started": "eyJ0IjoxfQ:1tForged:forgedsignature"},
            {400},
        ),
        (
            "tampered form token",
            {
                "started": c.started[:-2]
                + ("AA" if not c.started.endswith("AA") else "BB")
            },
            {400},
        ),
        ("no form token", {"started": None}, {400}),
        ("reply to a comment that does not exist", {"parent": "999999999"}, {400}),
        ("reply to '1 OR 1=1'", {"parent": "1 OR 1=1"}, {400}),
        ("reply to -1", {"parent": "-1"}, {400}),
        ("CSRF token missing", {"csrfmiddlewaretoken": None}, {403}),
        (
            "CSRF token forged",
            {"csrfmiddlewaretoken": secrets.token_urlsafe(48)[:64]},
            {403},
        ),
    ]
    for label, fields, statuses in refusals:
        mark = c.marker(False)
        fields = dict(fields)
        length = fields.pop("body_len", 0)
        body = (f"{mark} " + "ك" * length)[: max(length, 1)] if length else f"نص {mark}"
        r = c.post_form({"body": body, **fields})
        row.expect(
            f"form: {label}",
            _refused_ok(r, statuses),
            r,
            f"{sorted(statuses)} in Arabic",
        )

    fresh = c.form.get("/comments/token/").json() or {}
    if c.min_seconds > 0:
        mark = c.marker(False)
        r = c.post_form({"body": f"سريع {mark}", "started": fresh.get("started", "")})
        row.expect("form: sent faster than a person types", _refused_ok(r, {400}), r)
    for label, target in (
        ("hidden (draft/review/scheduled) article", ctx.hidden_ids[0]),
        ("article id past bigint", "99999999999999999999"),
    ):
        mark = c.marker(False)
        r = c.post_form({"body": f"مخفي {mark}"}, article_id=target)
        row.expect(f"form: {label}", _refused_ok(r, {404}), r)
    r = c.post_form({"body": first_body})
    row.expect("form: the same comment twice", _refused_ok(r, {409}), r)

    stranger = ctx.anonymous()  # no CSRF cookie of its own
    mark = c.marker(False)
    r = c.post_form({"body": f"بلا كعكة {mark}"}, client=stranger)
    row.expect("form: CSRF token without its cookie", _refused_ok(r, {403}), r)
    mark = c.marker(False)
    r = c.post_form(
        {"body": f"من موقع آخر {mark}"}, headers={"Origin": "https://evil.example"}
    )
    row.expect("form: cross-site post (Origin evil)", _refused_ok(r, {403}), r)
    r = c.form.get(f"/comments/{c.article['id']}/")
    row.expect("form: GET on the POST address", r.status == 405 and r.has_arabic, r)
    mark = c.marker(False)
    fields = [(f"f{i}", "x") for i in range(1500)]
    r = c.form.post(
        f"/comments/{c.article['id']}/",
        form=[
            ("csrfmiddlewaretoken", c.csrf),
            ("started", c.started),
            ("name", "x"),
            ("body", mark),
            *fields,
        ],
        headers={"Accept": "application/json"},
    )
    row.expect("form: 1,500 fields", r.status == 400, r, "400, not 500")
    mark = c.marker(False)
    r = c.post_form({"body": mark + "ب" * (3 * 1024 * 1024)})
    row.expect("form: a 6 MB body", r.status in (400, 413), r)

    payload = '<script>alert("echo")</script>'
    mark = c.marker(False)
    r = c.post_form(
        {"name": payload + "ن" * 80, "body": f"{payload} {mark}"}, html=True
    )
    row.expect(
        "form page: refused comment echoed back",
        r.status == 400
        and r.has_arabic
        and payload not in r.text
        and escape(payload) in r.text,
        r,
        "the reader's words come back escaped",
    )


def api_inputs(row: Row, c: Comments, ctx: Context) -> None:
    for label, payload in (
        (
            "API: a plain comment (control)",
            {"name": "سارة", "body": "شكرًا على التقرير"},
        ),
        (
            "API: XSS in name and body",
            {
                "name": "<svg onload=alert('api')>",
                "body": "<iframe src=javascript:alert('api')></iframe>",
            },
        ),
        (
            "API: bidi in name",
            {"name": "\u2067علي\u2069\u202e", "body": "نص \u202eمعكوس"},
        ),
        (
            "API: mass assignment status=approved",
            {
                "name": "مستعجل",
                "body": "وافقوا علي",
                "status": "approved",
                "is_removed": False,
                "flag": "",
            },
        ),
    ):
        mark = c.marker(True)
        payload = {**payload, "body": f"{payload['body']} {mark}"}
        r = c.post_api(payload)
        row.expect(label, r.status in ACCEPTED, r)
        c.first_api_body = c.first_api_body or payload["body"]
        if r.status not in ACCEPTED:
            c.accepted.remove(mark)
    mark = c.marker(True)
    r = c.post_api({"name": "a\x00b", "body": f"نص {mark}"})
    row.expect("API: NUL in name", r.status in (201, 422), r)
    if r.status != 201:
        c.accepted.remove(mark)

    token = (c.api.get("/api/v1/comment-token").json() or {}).get("token", "")
    refusals = [
        ("forged token", {"token": "eyJ0IjoxfQ:1tForged:forgedsignature"}, {422}),
        ("honeypot filled", {"website": "http://spam.example/"}, {400}),
        ("name as a number", {"name": 123}, {422}),
        ("body as an operator object", {"body": {"$gt": ""}}, {422}),
        ("parent '1; DROP'", {"parent": "1; DROP TABLE x"}, {422}),
        ("parent 1e400", {"parent": 1e400}, {400, 422}),
        ("email with CRLF", {"email": "a@example.com\r\nBcc: v@example.com"}, {422}),
        ("name of 81 letters", {"name": "ن" * 81}, {422}),
    ]
    if c.min_seconds > 0:
        refusals.append(("token younger than min_seconds", {"token": token}, {422}))
    for label, payload, statuses in refusals:
        mark = c.marker(False)
        body = (
            payload.pop("body", None)
            if "body" in payload and isinstance(payload["body"], dict)
            else None
        )
        payload = {"body": f"نص {mark}", **payload}
        if body is not None:
            payload["body"] = body
        r = c.post_api(payload)
        row.expect(
            f"API: {label}",
            _refused_ok(r, statuses),
            r,
            f"{sorted(statuses)} in Arabic",
        )
    for label, kwargs, statuses in (
        ("body not JSON", {"raw": b"name=x&body=y"}, {400}),
        (
            "JSON nested 50,000 deep",
            {"raw": b"[" * 50000 + b"]" * 50000},
            {400, 413, 422},
        ),
        (
            "70 KB body",
            {"raw": b'{"name": "x", "body": "' + b"a" * 70000 + b'"}'},
            {413},
        ),
        (
            "Origin evil",
            {"payload": {"body": "x1"}, "headers": {"Origin": "https://evil.example"}},
            {403},
        ),
        (
            "Sec-Fetch-Site cross-site",
            {"payload": {"body": "x2"}, "headers": {"Sec-Fetch-Site": "cross-site"}},
            {403},
        ),
        (
            "article id past bigint",
            {"payload": {"body": "x3"}, "article_id": "9223372036854775808"},
            {404, 422},
        ),
        (
            "hidden article",
            {"payload": {"body": "x4"}, "article_id": ctx.hidden_ids[0]},
            {404},
        ),
        (
            "the same comment twice",
            {
                "payload": {
                    "name": "سارة",
                    "body": f"شكرًا على التقرير {c.accepted[-5] if len(c.accepted) >= 5 else ''}",
                }
            },
            {409},
        ),
    ):
        mark = c.marker(False)
        payload = kwargs.pop("payload", None)
        if payload is not None and "x" in payload["body"][:2]:
            payload["body"] = f"{payload['body']} {mark}"
        r = c.post_api(payload or {}, **kwargs)
        row.expect(
            f"API: {label}",
            _refused_ok(r, statuses),
            r,
            f"{sorted(statuses)} in Arabic",
        )


def verify_storage(row: Row, c: Comments, ctx: Context) -> None:
    admin = ctx.as_role("superuser")
    listing = f"/admin/articles/comment/?q=hx{ctx.nonce}"
    page = admin.get(listing)
    found = set(re.findall(r"hx" + ctx.nonce + r"[ar]\d+", page.text))
    stored_refused = sorted(set(c.refused) & found)
    row.verify(
        "nothing refused was stored",
        not stored_refused,
        why=f"stored: {stored_refused}",
    )
    missing = sorted(set(c.accepted) - found)
    row.verify(
        "every accepted comment was stored", not missing, why=f"missing: {missing}"
    )

    thread = f"/api/v1/articles/{c.article['id']}/comments?limit=100"
    before = ctx.anonymous().get(thread).text
    shown = [m for m in c.accepted if m in before]
    row.verify("nothing shows before approval", not shown, why=f"shown: {shown}")
    article_page = ctx.anonymous().get(ctx.path_of(c.article)).text
    row.verify(
        "not on the page before approval",
        not any(m in article_page for m in c.accepted),
    )

    ids = re.findall(r"/admin/articles/comment/(\d+)/change/", page.text)
    _act(admin, listing, "approve_selected", ids)
    reader = ctx.anonymous()
    html = _page_until(ctx, c, lambda text: all(m in text for m in c.accepted))
    for raw in (
        '<script>alert("n")</script>',
        '<img src=x onerror=alert("b")>',
        "<svg onload=alert('api')>",
        '<a href="javascript:',
        "<iframe src=javascript:",
    ):
        row.verify(
            f"approved payload {raw!r} not raw on the article page", raw not in html
        )
    row.verify(
        "approved payloads shown escaped",
        escape('<script>alert("n")</script>') in html
        or "&lt;script&gt;alert(&quot;n&quot;)" in html,
        why="the XSS name should be on the page as text",
    )
    row.verify(
        "no bidi control on the article page's comments",
        not BIDI.search(_comments_part(html)),
    )
    items = []
    for _ in range(6):  # each server process may keep its copy for up to 1 s
        items = (reader.get(thread).json() or {}).get("items", [])
        if sum(f"hx{ctx.nonce}" in i["body"] for i in items) == len(c.accepted):
            break
        time.sleep(0.5)
    ours = [i for i in items if f"hx{ctx.nonce}" in i["body"]]
    row.verify(
        "approved comments in the API",
        len(ours) == len(c.accepted),
        why=f"{len(ours)} of {len(c.accepted)}",
    )
    dirty = [
        i["name"]
        for i in ours
        if BIDI.search(i["name"] + i["body"]) or "\x00" in i["name"] + i["body"]
    ]
    row.verify("bidi controls and NUL removed when stored", not dirty, why=f"{dirty!r}")
    _act(admin, listing, "trash_selected", ids)
    html = _page_until(ctx, c, lambda text: not any(m in text for m in c.accepted))
    row.verify(
        "trashed test comments gone from the page",
        not any(m in html for m in c.accepted),
    )


def _page_until(ctx: Context, c: Comments, ready) -> str:
    """The article page once `ready(html)`: a moderator's decision retires shared
    copies at once, but each server process may serve its own for up to
    PORTAL_PAGE_CACHE_LOCAL_SECONDS (1 s) more."""
    html = ""
    for _ in range(6):
        html = ctx.anonymous().get(ctx.path_of(c.article)).text
        if ready(html):
            break
        time.sleep(0.5)
    return html


def _comments_part(html: str) -> str:
    start = html.find('id="comments"')
    return html[start:] if start >= 0 else html


def _act(admin: Client, listing: str, action: str, ids: list[str]) -> Response:
    token = form_values(admin.get(listing).text, "changelist-form").get(
        "csrfmiddlewaretoken", ""
    )
    if not token:
        token = admin.cookies.get("csrftoken", "")
    fields = [
        ("csrfmiddlewaretoken", token),
        ("action", action),
        ("index", "0"),
        ("select_across", "0"),
    ]
    fields += [("_selected_action", pk) for pk in ids]
    return admin.post(listing, form=fields)


def run_comments(run: Run, ctx: Context) -> None:
    with run.row("comment form: bad input through the real flow") as row:
        c = Comments(ctx)
        c.wait_for_tokens()
        form_inputs(row, c, ctx)
    with run.row("comment API: bad input through the real flow") as row:
        api_inputs(row, c, ctx)
    with run.row(
        "comments: nothing refused stored, accepted shown only escaped"
    ) as row:
        verify_storage(row, c, ctx)
