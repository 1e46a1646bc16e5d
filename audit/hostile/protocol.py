"""The HTTP layer: Host header attacks, CRLF injection, oversized headers and URLs,
odd methods, forged session and CSRF cookies, open redirects, the login form."""

from .client import form_values
from .context import ROLE_USERS, Context
from .rows import Run

NO_ANSWER_OK = 0  # a server may close the connection on a malformed request


def _raw(host: str, path: str = "/", extra: str = "") -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"
    ).encode("latin-1")


def run_protocol(run: Run, ctx: Context) -> None:
    reader = ctx.anonymous()
    with run.row("HTTP layer: Host, CRLF, oversized headers, methods") as row:
        for label, host in (
            ("Host evil", "evil.example"),
            ("Host with userinfo", "127.0.0.1@evil.example"),
            ("Host with a second port", "127.0.0.1:8602:80"),
            ("Host with CRLF", "127.0.0.1\r\nX-Injected: 1"),
            ("Host empty", ""),
        ):
            r = reader.raw(_raw(host))
            row.expect(
                label,
                r.status in (400, NO_ANSWER_OK) and "evil.example" not in r.text,
                r,
                "400, never the site for a foreign host",
            )
        r = reader.get("/", headers={"X-Forwarded-Host": "evil.example"})
        row.expect(
            "X-Forwarded-Host evil", r.status == 200 and "evil.example" not in r.text, r
        )
        r = reader.get(
            "/a/" + str(ctx.article["id"]), headers={"X-Forwarded-Host": "evil.example"}
        )
        row.expect(
            "short link redirect with X-Forwarded-Host evil",
            r.status in (301, 302) and "evil.example" not in r.header("Location"),
            r,
        )
        for path in (
            "/?digits=arab%0d%0aSet-Cookie:%20injected=1",
            "/search/?q=%0d%0aX-Injected:%201",
            "/admin/login/?next=%0d%0aX-Injected:%201",
            "/section/x%0d%0aX-Injected:%201/",
            "/a/1%0d%0aX-Injected:%201",
        ):
            r = reader.get(path)
            injected = r.header("X-Injected") or any(
                "injected=1" in v for v in r.all_headers("Set-Cookie")
            )
            row.expect(f"CRLF in {path[:40]}", r.status < 500 and not injected, r)
        for label, extra in (
            ("a 64 KB Cookie header", "Cookie: a=" + "x" * 65536 + "\r\n"),
            ("a 64 KB User-Agent", "User-Agent: " + "x" * 65536 + "\r\n"),
            ("300 headers", "".join(f"X-H{i}: {i}\r\n" for i in range(300))),
            ("header value with a bare CR", "X-A: a\rb\r\n"),
            ("Accept-Language garbage", "Accept-Language: ;;;q=ar-*-$$,\r\n"),
        ):
            r = reader.raw(_raw("127.0.0.1", "/", extra))
            row.expect(
                label, r.status in (200, 400, 413, 431, NO_ANSWER_OK), r, "never 5xx"
            )
        r = reader.get("/search/?q=" + "ا" * 20000)
        row.expect(
            "a 20,000-letter query", r.status in (200, 400, 414, NO_ANSWER_OK), r
        )
        for method in ("TRACE", "PROPFIND", "DELETE", "PATCH"):
            r = reader.request(method, "/", headers={"X-Trace-Me": "secret-header"})
            row.expect(
                f"{method} /",
                r.status in (400, 403, 405, 501) and "secret-header" not in r.text,
                r,
                "refused, nothing echoed",
            )
        smuggled = (
            b"POST /engagement/view/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            b"0\r\n\r\nGET /admin/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        r = reader.raw(smuggled)
        row.expect(
            "Content-Length with Transfer-Encoding",
            r.status in (400, 403, NO_ANSWER_OK),
            r,
            "refused (no Origin) or dropped, never 5xx",
        )

    with run.row("forged cookies, open redirects, the login form") as row:
        for label, cookie in (
            ("forged sessionid", "sessionid=" + "a" * 32),
            ("sessionid with SQL", "sessionid=' OR 1=1--"),
            ("digits cookie garbage", "digits=<script>"),
        ):
            r = ctx.anonymous().get("/admin/", headers={"Cookie": cookie})
            row.expect(
                f"{label} on /admin/",
                r.status == 302 and "/admin/login/" in r.header("Location"),
                r,
                "still anonymous",
            )
            r = ctx.anonymous().get("/", headers={"Cookie": cookie})
            row.verify(f"{label} on /", r.status == 200, r)
        for label, nxt in (
            ("login next=https://evil.example", "https://evil.example/"),
            ("login next=//evil.example", "//evil.example/"),
            ("login next=/\\evil.example", "/\\evil.example/"),
        ):
            client = ctx.anonymous()
            page = client.get("/admin/login/")
            token = client.cookies.get("csrftoken", "")
            token = form_values(page.text).get("csrfmiddlewaretoken", token)
            user = ROLE_USERS["editor"]
            r = client.post(
                "/admin/login/",
                form={
                    "csrfmiddlewaretoken": token,
                    "username": user,
                    "password": ctx.logins[user],
                    "next": nxt,
                },
            )
            location = r.header("Location")
            row.expect(
                label,
                r.status == 302 and "evil.example" not in location,
                r,
                f"logged in, sent home (Location {location!r})",
            )
        for label, username in (
            ("login username SQL", "admin' --"),
            ("login username 10 KB", "a" * 10000),
            ("login username NUL", "admin\x00"),
        ):
            client = ctx.anonymous()
            page = client.get("/admin/login/")
            token = form_values(page.text).get("csrfmiddlewaretoken", "")
            r = client.post(
                "/admin/login/",
                form={
                    "csrfmiddlewaretoken": token,
                    "username": username,
                    "password": "x' OR '1'='1",
                },
            )
            row.expect(
                label,
                r.status in (200, 400, 429) and "sessionid" not in client.cookies,
                r,
                "not signed in",
            )
        client = ctx.anonymous()
        r = client.post(
            "/admin/login/",
            form={"username": "admin", "password": ctx.logins["admin"]},
        )
        row.expect(
            "login without CSRF token",
            r.status == 403 and "sessionid" not in client.cookies and r.has_arabic,
            r,
            "403 in Arabic",
        )
        r = ctx.anonymous().get(
            "/admin/keep-alive/", headers={"Cookie": "sessionid=forged"}
        )
        row.expect("keep-alive with a forged session", r.status == 401, r)
