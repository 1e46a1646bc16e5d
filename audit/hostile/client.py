"""A small HTTP client on the standard library, with the counting the rows need.

The hostile inputs need what higher-level clients refuse to send (a CR/LF in a header,
a lying Content-Length, a foreign Host), so everything goes through `http.client` or,
for malformed requests, a raw socket. Every request is counted on the current row.
"""

import contextlib
import http.client
import json
import re
import socket
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode, urlsplit

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)
ARABIC = re.compile(r"[\u0600-\u06FF]")


@dataclass
class Response:
    status: int  # 0: no HTTP answer (connection closed or timed out)
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    error: str = ""

    def header(self, name: str) -> str:
        name = name.lower()
        found = [v for k, v in self.headers if k.lower() == name]
        return found[-1] if found else ""

    def all_headers(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def has_arabic(self) -> bool:
        return bool(ARABIC.search(self.text))

    def brief(self) -> str:
        if not self.status:
            return f"no answer ({self.error})"
        return f"{self.status} {self.text[:160]!r}"


class Tally:
    """The row being filled: requests sent and 5xx answers seen."""

    def __init__(self):
        self.requests = 0
        self.errors_5xx = 0
        self.server_errors: list[str] = []

    def saw(self, method: str, path: str, response: Response) -> None:
        self.requests += 1
        if response.status >= 500:
            self.errors_5xx += 1
            self.server_errors.append(f"{method} {path[:120]} -> {response.status}")


class Client:
    """One visitor: its own cookies; `tally` is set by the running row."""

    tally: Tally = Tally()

    def __init__(self, base_url: str, *, user_agent: str = BROWSER_UA):
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.user_agent = user_agent
        self.cookies: dict[str, str] = {}

    # --- requests --------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict | None = None,
        body: bytes | None = None,
        form=None,
        json_body=None,
        files=None,
        cookies: bool = True,
        timeout: float = 30,
    ) -> Response:
        if not path.isascii():  # what a browser would send for the same address
            path = quote(path, safe="/?&=%:;,+@!$'()*#[]~")
        sent = {"User-Agent": self.user_agent}
        if form is not None and files is None:
            items = form.items() if isinstance(form, dict) else form
            body = urlencode(list(items)).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif files is not None:
            body, sent["Content-Type"] = multipart(form or {}, files)
        elif json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode()
            sent["Content-Type"] = "application/json"
        if cookies and self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.putrequest(method, path, skip_host="Host" in sent)
            for name, value in sent.items():
                connection.putheader(name, value)
            if body is not None and "Content-Length" not in sent:
                connection.putheader("Content-Length", str(len(body)))
            # The server may answer before reading a big body: read that answer.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                connection.endheaders(body)
            answer = connection.getresponse()
            response = Response(answer.status, answer.getheaders(), answer.read())
        except (OSError, http.client.HTTPException) as error:
            response = Response(0, error=f"{type(error).__name__}: {error}")
        finally:
            connection.close()
        self.tally.saw(method, path, response)
        if cookies:
            self._keep_cookies(response)
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> Response:
        return self.request("POST", path, **kwargs)

    def raw(self, data: bytes, *, timeout: float = 10) -> Response:
        """Send bytes as they are (malformed requests); parse the status line back."""
        chunks = []
        try:
            with socket.create_connection((self.host, self.port), timeout=timeout) as s:
                s.sendall(data)
                s.shutdown(socket.SHUT_WR)
                while chunk := s.recv(65536):
                    chunks.append(chunk)
        except OSError as error:
            if not chunks:
                response = Response(0, error=f"{type(error).__name__}: {error}")
                self.tally.saw("RAW", data[:60].decode("latin-1"), response)
                return response
        response = parse_raw(b"".join(chunks))
        self.tally.saw("RAW", data[:60].decode("latin-1"), response)
        return response

    def _keep_cookies(self, response: Response) -> None:
        for value in response.all_headers("Set-Cookie"):
            jar = SimpleCookie()
            try:
                jar.load(value)
            except Exception:  # a cookie we cannot parse is a cookie we do not keep
                continue
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    # --- admin sessions ----------------------------------------------------------------

    def login(self, username: str, password: str) -> bool:
        page = self.get("/admin/login/?next=/admin/")
        token = form_values(page.text).get("csrfmiddlewaretoken", "")
        answer = self.post(
            "/admin/login/?next=/admin/",
            form={
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
                "next": "/admin/",
            },
        )
        return answer.status == 302 and "sessionid" in self.cookies


def parse_raw(data: bytes) -> Response:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    match = re.match(r"HTTP/\d(?:\.\d)? (\d{3})", lines[0] if lines else "")
    if not match:
        return Response(0, body=data, error="no status line")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return Response(int(match.group(1)), headers, body)


def multipart(fields, files) -> tuple[bytes, str]:
    """A multipart/form-data body; `files` is [(field, filename, content type, bytes)]."""
    boundary = f"----hostile{uuid.uuid4().hex}"
    out = []
    items = fields.items() if isinstance(fields, dict) else fields
    for name, value in items:
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, filename, content_type, data in files:
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


class _FormParser(HTMLParser):
    """The default values of every input, select and textarea on a page (one form)."""

    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = form_id is None
        self.values: list[tuple[str, str]] = []
        self._select: str | None = None
        self._selected: list[str] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.values.append((name, attrs.get("value") or default))
        elif tag == "select" and name:
            self._select, self._selected = name, []
        elif tag == "option" and self._select:
            if "selected" in attrs:
                self._selected.append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.form_id is not None:
            self.inside = False
        if tag == "select" and self._select:
            self.values += [(self._select, value) for value in self._selected]
            self._select = None
        if tag == "textarea" and self._textarea:
            self.values.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_fields(html: str, form_id: str | None = None) -> list[tuple[str, str]]:
    parser = _FormParser(form_id)
    parser.feed(html)
    return parser.values


def form_values(html: str, form_id: str | None = None) -> dict[str, str]:
    return dict(form_fields(html, form_id))
