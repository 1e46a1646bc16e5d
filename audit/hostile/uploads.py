"""Picture uploads in the admin, as the writer: decompression bombs, polyglots,
non-images, lying extensions, path traversal in file names, XSS in the text fields.
Each upload's alt text carries a marker; the superuser's picture list shows what was
stored, which must be exactly the uploads that were accepted."""

import re
import secrets
import struct
import zlib
from html import escape

from .client import Client, form_values
from .context import Context
from .rows import Run

ADD = "/admin/articles/image/add/"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(
    width: int, height: int, *, rows: bytes | None = None, rgb: bool = False
) -> bytes:
    """A PNG; `rows` defaults to random pixels (small pictures) or zeros (bombs)."""
    channels = 3 if rgb else 1
    if rows is None:
        line = width * channels
        if width * height <= 4096:
            rows = b"".join(b"\x00" + secrets.token_bytes(line) for _ in range(height))
        else:
            rows = (b"\x00" + bytes(line)) * height
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if rgb else 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 6))
        + _chunk(b"IEND", b"")
    )


def png_declaring(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge picture."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


def gif_frame_outside(left: int = 9000, top: int = 7999) -> bytes:
    """A 1x1 GIF screen whose one frame sits far outside it (the canvas would grow)."""
    return (
        b"GIF89a"
        + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0)
        + b"\x00\x00\x00\xff\xff\xff"
        + b"\x2c"
        + struct.pack("<HHHHB", left, top, 1, 1, 0)
        + b"\x02\x02\x44\x01\x00"
        + b"\x3b"
    )


class Uploader:
    def __init__(self, ctx: Context, client: Client):
        self.ctx, self.client = ctx, client
        self.n = 0
        self.accepted: list[str] = []
        self.refused: list[str] = []

    def send(
        self,
        filename,
        data,
        *,
        content_type="image/png",
        alt=None,
        extra=None,
        csrf=True,
        accept=False,
    ):
        self.n += 1
        mark = f"hx{self.ctx.nonce}i{self.n}"
        (self.accepted if accept else self.refused).append(mark)
        token = form_values(self.client.get(ADD).text).get("csrfmiddlewaretoken", "")
        fields = {
            "alt_text": f"صورة {mark}"
            if alt is None
            else f"{alt} {mark}"
            if alt
            else "",
            "caption": "تعليق الصورة",
            "credit": "الأرشيف",
            **(extra or {}),
        }
        if csrf:
            fields["csrfmiddlewaretoken"] = token
        return self.client.post(
            ADD, form=fields, files=[("file", filename, content_type, data)]
        )


def refused(r) -> bool:
    """The form came back with an Arabic error, nothing saved."""
    return r.status == 200 and "errorlist" in r.text and r.has_arabic


def run_uploads(run: Run, ctx: Context) -> None:
    with run.row("picture upload as writer: bombs, polyglots, traversal") as row:
        up = Uploader(ctx, ctx.as_role("writer"))
        for label, filename, data, content_type in (
            (
                "PNG declaring 100,000 x 100,000",
                "bomb.png",
                png_declaring(100_000, 100_000),
                "image/png",
            ),
            (
                "PNG 7,000 x 7,000 of zeros (49 Mpx, zip-bomb-like)",
                "zeros.png",
                png(7000, 7000),
                "image/png",
            ),
            (
                "PNG declaring 8,000 x 5,001 (over 40 Mpx)",
                "wide.png",
                png_declaring(8000, 5001),
                "image/png",
            ),
            (
                "GIF frame far outside its 1x1 screen",
                "grow.gif",
                gif_frame_outside(),
                "image/gif",
            ),
            (
                "GIF/HTML polyglot",
                "poly.gif",
                b"GIF89a/*<html><script>alert(1)</script></html>*/=1;",
                "image/gif",
            ),
            (
                "SVG with a script",
                "x.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
                "image/svg+xml",
            ),
            (
                "HTML named .png",
                "page.png",
                b"<!doctype html><script>alert(1)</script>",
                "image/png",
            ),
            (
                "PHP named .php",
                "shell.php",
                b"<?php system($_GET['c']); ?>",
                "application/x-php",
            ),
            ("a PNG named .jpg", "lying.jpg", png(8, 8), "image/jpeg"),
            ("a truncated PNG", "cut.png", png(32, 32, rgb=True)[:60], "image/png"),
            ("an empty file", "empty.png", b"", "image/png"),
            (
                "11 MB",
                "big.png",
                png(4, 4) + secrets.token_bytes(11 * 1024 * 1024),
                "image/png",
            ),
        ):
            r = up.send(filename, data, content_type=content_type)
            row.expect(
                f"upload: {label}", refused(r), r, "form back with an Arabic reason"
            )
        r = up.send("noalt.png", png(8, 8), alt="")
        row.expect("upload: no alt text", refused(r), r)
        xss_alt = '"><script>alert("alt")</script>'
        for label, filename, alt in (
            (
                "file name with ../ (path traversal)",
                "../../../../portal/evil.png",
                "صورة",
            ),
            ("file name with markup", '"><img src=x onerror=alert(1)>.png', "صورة"),
            ("XSS in alt text, caption and credit", "ok.png", xss_alt),
        ):
            extra = (
                {"caption": xss_alt, "credit": "<b onmouseover=alert(1)>x</b>"}
                if alt == xss_alt
                else None
            )
            r = up.send(filename, png(8, 8), alt=alt, extra=extra, accept=True)
            row.expect(
                f"upload: {label}", r.status == 302, r, "accepted, stored safely"
            )
        r = up.send("nocsrf.png", png(8, 8), csrf=False)
        row.expect("upload: no CSRF token", r.status == 403 and r.has_arabic, r)
        moderator = ctx.as_role("moderator")
        r = moderator.get(ADD)
        row.expect("upload: moderator opens the form", r.status == 403, r)
        anonymous = ctx.anonymous()
        r = anonymous.post(
            ADD,
            form={"alt_text": "x"},
            files=[("file", "a.png", "image/png", png(8, 8))],
        )
        row.expect(
            "upload: anonymous",
            r.status in (302, 403)
            and "/admin/login/" in r.header("Location")
            or r.status == 403,
            r,
        )

        admin = ctx.as_role("superuser")
        page = admin.get(f"/admin/articles/image/?q=hx{ctx.nonce}i").text
        found = set(re.findall(r"hx" + ctx.nonce + r"i\d+", page))
        row.verify(
            "no refused upload stored",
            not set(up.refused) & found,
            why=str(sorted(set(up.refused) & found)),
        )
        row.verify(
            "every accepted upload stored",
            set(up.accepted) <= found,
            why=str(sorted(set(up.accepted) - found)),
        )
        row.verify(
            "alt/caption XSS escaped in the picture list",
            xss_alt not in page and "onerror=alert(1)>" not in page,
        )
        for pk in re.findall(r"/admin/articles/image/(\d+)/change/", page):
            change = admin.get(f"/admin/articles/image/{pk}/change/").text
            paths = re.findall(r'href="(/media/[^"]*)"', change)
            row.verify(
                f"picture {pk}: stored file name has no ../",
                all(".." not in p for p in paths),
                why=str(paths),
            )
            row.verify(
                f"picture {pk}: change page escapes its text",
                xss_alt not in change and "<b onmouseover" not in change,
            )
            row.verify(
                f"picture {pk}: escaped text present",
                escape(xss_alt) in change
                or "alert(&quot;alt&quot;)" in change
                or xss_alt not in change,
            )
