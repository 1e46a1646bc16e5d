"""A logged-in admin browser for the disk-full fault: the login form (CSRF token,
django-axes behind it) and a picture upload, over HTTP like an editor's browser."""

import html
import io
import re
import secrets
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

from .faults_load import USER_AGENT
from .faults_stack import BASE

_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_ERRORS = re.compile(
    r'<(?:ul|p) class="(?:errorlist[^"]*|errornote)"[^>]*>(.*?)</(?:ul|p)>', re.S
)
_ARABIC = re.compile(r"[\u0600-\u06FF]")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to look at, not to follow


class AdminBrowser:
    def __init__(self) -> None:
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        self.requests = 0

    def fetch(self, path: str, *, data: bytes | None = None, content_type: str = ""):
        """(status, body text, Location) of one request with this browser's cookies."""
        headers = {"User-Agent": USER_AGENT}
        if data is not None:
            headers |= {"Origin": BASE, "Referer": BASE + path}
            headers["Content-Type"] = (
                content_type or "application/x-www-form-urlencoded"
            )
        request = urllib.request.Request(BASE + path, data=data, headers=headers)
        self.requests += 1
        try:
            with self.opener.open(request, timeout=30) as response:
                body = response.read().decode("utf-8", "replace")
                return response.status, body, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            return error.code, body, error.headers.get("Location", "")
        except OSError:
            return 0, "", ""

    def csrf_token(self, path: str) -> str:
        status, body, _ = self.fetch(path)
        found = _CSRF_FIELD.search(body)
        if status != 200 or not found:
            raise RuntimeError(f"GET {path}: {status}, no CSRF token in the form")
        return found[1]

    def log_in(self, username: str, password: str) -> None:
        token = self.csrf_token("/admin/login/")
        form = {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": "/admin/",
        }
        status, _, location = self.fetch("/admin/login/", data=urlencode(form).encode())
        if status != 302:
            raise RuntimeError(f"admin login as {username}: {status}, not a redirect")

    def upload_picture(self, *, picture: bytes, name: str, alt_text: str):
        """POST the image add form; (status, body, Location)."""
        path = "/admin/articles/image/add/"
        fields = {
            "csrfmiddlewaretoken": self.csrf_token(path),
            "alt_text": alt_text,
            "caption": "صورة من تجربة امتلاء القرص",
            "credit": "تجربة الأعطال",
            "_save": "حفظ",
        }
        body, content_type = _multipart(fields, {"file": (name, picture, "image/png")})
        return self.fetch(path, data=body, content_type=content_type)


def error_messages(body: str) -> list[str]:
    """The texts of the admin form's error note and error lists."""
    texts = []
    for block in _ERRORS.findall(body):
        text = html.unescape(re.sub(r"<[^>]+>", " ", block))
        text = " ".join(text.split())
        if text:
            texts.append(text)
    return texts


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
    boundary = f"----audit{secrets.token_hex(12)}"
    out = io.BytesIO()
    for key, value in fields.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"'
            f"\r\n\r\n{value}\r\n".encode()
        )
    for key, (filename, data, mime) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
            f'filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n'.encode()
        )
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def test_picture(seed: int = 17) -> bytes:
    """A 640×360 PNG of noise (about 700 KB): bigger than any space left on a full
    disk, valid for every upload rule."""
    import random

    from PIL import Image

    rng = random.Random(seed)
    picture = Image.frombytes("RGB", (640, 360), rng.randbytes(640 * 360 * 3))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()
