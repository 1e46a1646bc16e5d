"""Reader pages, feeds, sitemaps and the API's reads: XSS, SQL metacharacters,
pagination, path traversal."""

import time
from html import escape
from urllib.parse import quote

from .context import Context
from .rows import Run

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "<a href=javascript:alert(1)>x</a>",
    "{{7*7}}<x onmouseover=alert(1)>",
]
SQL = [
    "' OR '1'='1",
    "1; DROP TABLE articles_article;--",
    "الرقة' UNION SELECT password FROM accounts_user--",
    "a & | ! :* ( ) <-> \\",
    '"',
    "%' AND 1=(SELECT 1 FROM pg_sleep(3))--",
    "\\x00\x00",
    "'||(SELECT version())||'",
]
LIVE_PAGE = {200}
BAD_PAGES = ["-1", "0", "abc", "99999999999999999999999", "1e9", "1.5", "%00", "last"]


def q(text: str) -> str:
    return quote(text, safe="")


def run_reader(run: Run, ctx: Context) -> None:
    reader = ctx.anonymous()
    article = ctx.article
    section = article["section"]["slug"]
    author = next((a["slug"] for i in ctx.live for a in i["authors"]), None)
    tag = next((t["slug"] for i in ctx.live for t in i["tags"]), None)

    with run.row("reader XSS reflected (search, lists, slugs, API params)") as row:
        for payload in XSS:
            r = reader.get(f"/search/?q={q(payload)}")
            row.expect(
                f"search q={payload!r}",
                r.status in LIVE_PAGE
                and payload not in r.text
                and escape(payload, quote=True) in r.text,
                r,
                "200 with the query shown escaped",
            )
        for payload in XSS[:3]:
            for template in ("/section/{}/", "/tag/{}/", "/author/{}/", "/news/{}/"):
                path = template.format(q(payload))
                r = reader.get(path)
                row.expect(
                    path,
                    r.status == 404 and payload not in r.text,
                    r,
                    "404, not shown raw",
                )
        for path in (
            f"/latest/?page={q(XSS[0])}",
            f"/?digits={q(XSS[1])}",
            f"/comments/{article['id']}/write/?parent={q(XSS[0])}",
            f"/feed/rss/?q={q(XSS[0])}",
        ):
            r = reader.get(path)
            row.expect(
                path,
                r.status == 200 and XSS[0] not in r.text and XSS[1] not in r.text,
                r,
            )
            if "digits" in path:
                row.verify(
                    "digits cookie not set from a payload",
                    "onerror" not in r.header("Set-Cookie"),
                    r,
                )
        for param in ("section", "author", "tag", "q"):
            r = reader.get(f"/api/v1/articles?{param}={q(XSS[0])}")
            row.expect(
                f"api {param}=<script>",
                r.status in (200, 422)
                and r.header("Content-Type").startswith("application/json")
                and (param == "q" or (r.json() or {}).get("count", 0) == 0),
                r,
                "JSON (a slug matches nothing)",
            )
        r = reader.get(
            "/api/v1/docs?url=https://evil.example/spec.json&configUrl=https://evil.example/c"
        )
        row.expect(
            "api docs ?url= foreign spec",
            r.status == 200 and "evil.example" not in r.text,
            r,
            "Swagger UI must not take a spec URL from the query",
        )

    with run.row("reader SQL metacharacters (search, slugs, API filters, ids)") as row:
        for payload in SQL:
            started = time.monotonic()
            r = reader.get(f"/search/?q={q(payload)}")
            slow = time.monotonic() - started > 2.5
            row.expect(
                f"search q={payload!r}", r.status == 200 and not slow, r, "200 quickly"
            )
            r = reader.get(f"/api/v1/articles?q={q(payload)}")
            row.expect(
                f"api q={payload!r}",
                r.status in (200, 422)
                and (r.json() or {}).get("count", 0) <= len(ctx.live),
                r,
            )
        for param in ("section", "author", "tag"):
            r = reader.get(f"/api/v1/articles?{param}={q(SQL[0])}")
            ok = (r.status == 200 and r.json()["count"] == 0) or (
                r.status == 422 and r.has_arabic
            )
            row.expect(
                f"api {param}=' OR '1'='1", ok, r, "empty list, or 422 in Arabic"
            )
        for path, allowed in (
            (f"/section/{q(SQL[0])}/", {404}),
            (f"/news/{q(SQL[1])}/", {404}),
            ("/a/1%20OR%201=1", {404}),
            (f"/api/v1/articles/{q('1 OR 1=1')}", {404, 422}),
            ("/api/v1/articles/9223372036854775808", {404, 422}),
            ("/api/v1/articles/-1", {404, 422}),
            (f"/sitemap-articles.xml?p={q(SQL[0])}", {404}),
            (f"/api/v1/articles/{article['id']}/comments?offset={q(SQL[0])}", {422}),
        ):
            r = reader.get(path)
            row.expect(path, r.status in allowed, r, f"one of {sorted(allowed)}")
        r = reader.get("/latest/")
        row.verify("site still answers after the metacharacters", r.status == 200, r)

    with run.row("reader pagination (?page= huge, negative, not a number)") as row:
        lists = [
            "/latest/",
            f"/section/{q(section)}/",
            "/search/?q=%D8%A7%D9%84%D8%B1%D9%82%D8%A9&",
        ]
        lists += [f"/tag/{q(tag)}/"] if tag else []
        lists += [f"/author/{q(author)}/"] if author else []
        pages = BAD_PAGES if not ctx.fast else BAD_PAGES[:5]
        for base in lists:
            for page in pages:
                sep = "" if base.endswith("&") else "?"
                path = f"{base}{sep}page={q(page)}"
                r = reader.get(path)
                row.expect(path, r.status == 200, r, "the first or the last page")
                if page != "1" and r.status == 200:
                    row.verify(
                        f"{path} stand-in not shared",
                        "no-store" in r.header("Cache-Control") or page == "last",
                        r,
                        "a stand-in page is no-store",
                    )
        for path, allowed in (
            ("/sitemap-articles.xml?p=99999999", {404}),
            ("/sitemap-articles.xml?p=-1", {404}),
            ("/sitemap-news.xml?p=abc", {404}),
            ("/api/v1/articles?limit=0", {422}),
            ("/api/v1/articles?limit=-1", {422}),
            ("/api/v1/articles?limit=1000", {422}),
            ("/api/v1/articles?limit=abc", {422}),
            ("/api/v1/articles?offset=99999999999999999999", {422}),
            ("/api/v1/articles?offset=-5", {422}),
            ("/api/v1/most-read?window=1y", {422}),
            ("/api/v1/authors?limit=1e3", {422}),
        ):
            r = reader.get(path)
            ok = r.status in allowed
            if ok and path.startswith("/api/") and r.status == 422:
                ok = r.has_arabic and "no-store" in r.header("Cache-Control")
            row.expect(
                path, ok, r, f"{sorted(allowed)}, API errors in Arabic, no-store"
            )

    with run.row("reader path traversal and odd paths (media, static, slugs)") as row:
        secrets_seen = (
            "SECRET_KEY",
            "root:x:",
            "DJANGO_SETTINGS_MODULE",
            "[tool.ruff]",
        )
        for path in (
            "/media/../portal/settings.py",
            "/media/%2e%2e/portal/settings.py",
            "/media/..%2f..%2f..%2fetc%2fpasswd",
            "/static/../manage.py",
            "/static/%2e%2e/%2e%2e/etc/passwd",
            "/static/..%2fpyproject.toml",
            "/static/css/..%2f..%2f..%2fmanage.py",
            "/media/originals/%2e%2e%2f%2e%2e%2fmanage.py",
        ):
            r = reader.get(path)
            row.expect(
                path,
                r.status in (400, 404) and not any(s in r.text for s in secrets_seen),
                r,
                "400/404 and no file of the server",
            )
        for path, allowed in (
            ("/news/%00/", {400, 404}),
            ("/news/%FF%FE/", {400, 404}),
            ("/news/" + "%D8%A7" * 3000 + "/", {400, 404, 414}),
            ("/a/99999999999999999999999", {404}),
            ("/preview/99999999999999999999/", {302, 404}),
            ("/engagement/view/99999999999999999999", {403, 404}),
            ("/section/%2e%2e/", {404}),
            ("/news/..%2f..%2fadmin/", {404}),
        ):
            r = reader.get(path)
            row.expect(path[:60], r.status in allowed, r, f"one of {sorted(allowed)}")
