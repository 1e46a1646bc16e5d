"""The audit's positive control: deliberately vulnerable pages, mounted only in `make audit`.

`make serve WSGI_APP=audit.control_wsgi:application` serves the portal unchanged, except
that paths under `/audit-control/` answer from the small raw WSGI views below, each with a
bug the outside tools exist to find. If a tool run against these finds nothing, the audit
fails: a tool that cannot see a planted hole proves nothing by its silence on the portal.

Never serve this module anywhere but on loopback during the audit.

- `/audit-control/` an index linking every view (wapiti crawls from it)
- `/audit-control/xss?q=`  reflected cross-site scripting (q echoed unescaped)
- `/audit-control/item?id=`  SQL injection (string-built query on a throwaway SQLite)
- `/audit-control/go?next=`  open redirect
- `/audit-control/lang?l=`  header injection (CRLF in a response header)
- `/audit-control/file?name=`  path traversal (reads any file under /)
- `/audit-control/ping?host=`  command injection (the value goes to a shell)
- `/audit-control/openapi.json` + `/audit-control/api/items/{item_id}`: an API whose
  answers break its own schema and whose server errors on some inputs (schemathesis).
"""

import html
import json
import sqlite3
import subprocess  # nosec B404: the control is a deliberately vulnerable view
import threading
from pathlib import Path
from urllib.parse import parse_qs

from portal.wsgi import application as portal_application

PREFIX = "/audit-control/"

_db_lock = threading.Lock()
_db = sqlite3.connect(":memory:", check_same_thread=False)
_db.executescript(
    "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);"
    "INSERT INTO items VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma');"
)

INDEX = """<!doctype html><html><head><title>audit control</title></head><body>
<a href="/audit-control/xss?q=hello">xss</a>
<a href="/audit-control/item?id=1">item</a>
<a href="/audit-control/go?next=/audit-control/">go</a>
<a href="/audit-control/lang?l=ar">lang</a>
<a href="/audit-control/file?name=readme.txt">file</a>
<a href="/audit-control/ping?host=127.0.0.1">ping</a>
<form method="get" action="/audit-control/xss"><input name="q" value="x"></form>
</body></html>"""

SCHEMA = {
    "openapi": "3.0.3",
    "info": {"title": "audit control", "version": "1"},
    "servers": [{"url": "/audit-control/api"}],
    "paths": {
        "/items/{item_id}": {
            "get": {
                "operationId": "control_item",
                "parameters": [
                    {
                        "name": "item_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "an item",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["id", "name"],
                                    "properties": {
                                        "id": {"type": "integer"},
                                        "name": {"type": "string"},
                                    },
                                    "additionalProperties": False,
                                }
                            }
                        },
                    },
                    "404": {"description": "no such item"},
                },
            }
        }
    },
}


def _answer(start_response, status, body, content_type="text/html", headers=()):
    data = body.encode() if isinstance(body, str) else body
    start_response(
        status,
        [("Content-Type", content_type), ("Content-Length", str(len(data))), *headers],
    )
    return [data]


def _param(environ, name, default=""):
    values = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    return values.get(name, [default])[0]


def _xss(environ, start_response):
    q = _param(environ, "q")
    return _answer(
        start_response, "200 OK", f"<html><body>You searched {q}</body></html>"
    )


def _item(environ, start_response):
    item_id = _param(environ, "id", "1")
    query = f"SELECT id, name FROM items WHERE id = {item_id}"  # nosec B608: the control
    try:
        with _db_lock:
            rows = _db.execute(query).fetchall()
    except sqlite3.Error as error:
        return _answer(start_response, "500 Internal Server Error", f"error: {error}")
    listing = "".join(f"<li>{html.escape(name)}</li>" for _, name in rows)
    return _answer(
        start_response, "200 OK", f"<html><body><ul>{listing}</ul></body></html>"
    )


def _go(environ, start_response):
    return _answer(
        start_response,
        "302 Found",
        "",
        headers=[("Location", _param(environ, "next", "/"))],
    )


def _lang(environ, start_response):
    # The raw value in a header: a CR/LF in it would split the response.
    value = _param(environ, "l", "ar")
    try:
        return _answer(start_response, "200 OK", "ok", headers=[("X-Lang", value)])
    except Exception:  # the WSGI server refused the header: say so plainly
        return _answer(start_response, "200 OK", "refused")


def _file(environ, start_response):
    name = _param(environ, "name", "readme.txt")
    try:
        data = (Path("/tmp") / name).read_bytes()  # nosec B108: the control
    except OSError:
        data = b"not found"
    return _answer(start_response, "200 OK", data, content_type="text/plain")


def _ping(environ, start_response):
    host = _param(environ, "host", "127.0.0.1")
    result = subprocess.run(  # nosec B602: the control's command injection
        f"echo {host}", shell=True, capture_output=True, timeout=5
    )
    return _answer(
        start_response, "200 OK", result.stdout + result.stderr, "text/plain"
    )


def _api_item(environ, start_response, item_id):
    try:
        number = int(item_id)
    except ValueError:
        return _answer(start_response, "404 Not Found", "{}", "application/json")
    if number < 0:
        raise RuntimeError("negative ids crash the control")  # a 500
    # Off the schema: an extra property and a wrong type.
    body = json.dumps({"id": str(number), "name": "x", "extra": True})
    return _answer(start_response, "200 OK", body, "application/json")


ROUTES = {
    "": lambda e, s: _answer(s, "200 OK", INDEX),
    "xss": _xss,
    "item": _item,
    "go": _go,
    "lang": _lang,
    "file": _file,
    "ping": _ping,
    "openapi.json": lambda e, s: _answer(
        s, "200 OK", json.dumps(SCHEMA), "application/json"
    ),
}


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if not path.startswith(PREFIX):
        return portal_application(environ, start_response)
    rest = path[len(PREFIX) :]
    if rest.startswith("api/items/"):
        try:
            return _api_item(environ, start_response, rest[len("api/items/") :])
        except RuntimeError:
            return _answer(start_response, "500 Internal Server Error", "crash")
    view = ROUTES.get(rest)
    if view is None:
        return _answer(start_response, "404 Not Found", "not found")
    return view(environ, start_response)
