"""The counting endpoints: /engagement/view/<id>, /engagement/share/<id>/<network> and
the API's views/shares: cross-site posts, forged `seen` cookies, bad ids and bodies."""

import secrets

from .context import Context
from .rows import Run


def run_engagement(run: Run, ctx: Context) -> None:
    live = ctx.article["id"]
    hidden = ctx.hidden_ids[0]
    own = {"Origin": ctx.anonymous().origin}
    with run.row("counting endpoints: cross-site, forged cookies, bad ids") as row:
        reader = ctx.anonymous()
        r = reader.post(f"/engagement/view/{live}", headers=own)
        row.expect(
            "view: own origin (control)", r.status == 200 and "counted" in r.text, r
        )
        for label, headers in (
            ("view: Origin evil", {"Origin": "https://evil.example"}),
            ("view: Referer evil, no Origin", {"Referer": "https://evil.example/x"}),
            ("view: neither Origin nor Referer", {}),
            ("view: Origin null", {"Origin": "null"}),
            ("view: Origin look-alike", {"Origin": f"{own['Origin']}.evil.example"}),
        ):
            r = ctx.anonymous().post(f"/engagement/view/{live}", headers=headers)
            row.expect(label, r.status == 403 and r.has_arabic, r, "403 in Arabic")
        r = ctx.anonymous().get(
            f"/engagement/view/{live}", headers={"Sec-Fetch-Site": "cross-site"}
        )
        row.expect("view pixel: Sec-Fetch-Site cross-site", r.status == 403, r)
        for label, path in (
            ("view: hidden article", f"/engagement/view/{hidden}"),
            ("view: id past bigint", "/engagement/view/99999999999999999999"),
            ("share: hidden article", f"/engagement/share/{hidden}/x"),
        ):
            r = ctx.anonymous().post(path, headers=own)
            row.expect(label, r.status == 404, r)
        r = ctx.anonymous().post(
            f"/engagement/view/{live}", headers=own, body=b"x" * 3000
        )
        row.expect("view: 3 KB body", r.status == 413 and r.has_arabic, r)
        raw = (
            f"POST /engagement/view/{live} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Origin: {own['Origin']}\r\nContent-Length: abc\r\nConnection: close\r\n\r\n"
        ).encode()
        r = reader.raw(raw)
        row.expect(
            "view: Content-Length abc", r.status in (400, 413) or r.status == 0, r
        )
        for label, cookie in (
            ("view: forged unsigned seen cookie", f"{live}:9999999999"),
            ("view: tampered signed seen cookie", f"{live}:1:1abcde:forged"),
            (
                "view: seen cookie of 3,500 bytes",
                "|".join(f"{i}:{i}" for i in range(500)),
            ),
            ("view: seen cookie with quotes and CRLF", '"1:1\\r\\nSet-Cookie: x=1"'),
        ):
            r = ctx.anonymous().post(
                f"/engagement/view/{live}", headers={**own, "Cookie": f"seen={cookie}"}
            )
            counted = (r.json() or {}).get("counted")
            row.expect(
                label,
                r.status == 200
                and counted is True
                and "x=1" not in r.header("Set-Cookie"),
                r,
                "the forged cookie is ignored: a new visitor, counted",
            )
        r = ctx.anonymous().post(
            f"/engagement/view/{live}", headers={**own, "User-Agent": "Googlebot/2.1"}
        )
        row.expect(
            "view: crawler",
            r.status == 200 and (r.json() or {}).get("counted") is False,
            r,
        )

        for label, network, headers, statuses in (
            ("share: unknown network", "evil", own, {400}),
            ("share: network with CRLF", "x%0d%0aSet-Cookie:%20x=1", own, {400, 404}),
            ("share: network ../", "..%2f..%2fadmin", own, {400, 404}),
            (
                "share: Origin evil",
                "whatsapp",
                {"Origin": "https://evil.example"},
                {403},
            ),
            ("share: no Origin", "telegram", {}, {403}),
        ):
            r = ctx.anonymous().post(
                f"/engagement/share/{live}/{network}", headers=headers
            )
            row.expect(
                label,
                r.status in statuses and "x=1" not in r.header("Set-Cookie"),
                r,
                f"{sorted(statuses)}",
            )
        r = ctx.anonymous().post(f"/engagement/share/{live}/whatsapp", headers=own)
        row.expect(
            "share: redirect goes to the network only",
            r.status == 303 and r.header("Location").startswith("https://wa.me/"),
            r,
        )
        r = ctx.anonymous().get(
            f"/engagement/share/{live}/x", headers={"Accept": "text/html"}
        )
        row.expect(
            "share: GET gets the Arabic 405 page", r.status == 405 and r.has_arabic, r
        )

    with run.row("counting API: visitor ids, origins, networks") as row:
        app = ctx.anonymous(user_agent="PortalApp/2.1 (Android 14)")
        visitor = secrets.token_hex(16)
        path = f"/api/v1/articles/{live}/views"
        r = app.post(path, headers={"X-Visitor-Id": visitor})
        row.expect("API view (control)", r.status == 200 and "counted" in r.text, r)
        for label, headers, statuses in (
            ("API view: no X-Visitor-Id", {}, {422}),
            (
                "API view: X-Visitor-Id <script>",
                {"X-Visitor-Id": "<script>alert(1)</script>"},
                {422},
            ),
            ("API view: X-Visitor-Id of 65", {"X-Visitor-Id": "a" * 65}, {422}),
            (
                "API view: X-Visitor-Id SQL",
                {"X-Visitor-Id": "abcdefgh' OR 1=1--"},
                {422},
            ),
            (
                "API view: Origin evil",
                {"X-Visitor-Id": visitor, "Origin": "https://evil.example"},
                {403},
            ),
            (
                "API view: Sec-Fetch-Site same-site",
                {"X-Visitor-Id": visitor, "Sec-Fetch-Site": "same-site"},
                {403},
            ),
        ):
            r = app.post(path, headers=headers)
            row.expect(
                label,
                r.status in statuses and r.has_arabic,
                r,
                f"{sorted(statuses)} Arabic JSON",
            )
        for label, target, body, statuses in (
            ("API share: unknown network", live, {"network": "evil"}, {422}),
            ("API share: network <script>", live, {"network": "<script>"}, {422}),
            ("API share: hidden article", hidden, {"network": "x"}, {404}),
            ("API view: id past bigint", "99999999999999999999", None, {404, 422}),
        ):
            kind = "shares" if body is not None else "views"
            r = app.post(
                f"/api/v1/articles/{target}/{kind}",
                headers={"X-Visitor-Id": visitor},
                json_body=body,
            )
            row.expect(
                label, r.status in statuses and r.has_arabic, r, f"{sorted(statuses)}"
            )
