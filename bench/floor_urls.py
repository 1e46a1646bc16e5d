"""The floor of our stack: one Django view returning the article page's bytes.

Served by `bench/floor_wsgi.py` with the portal's settings and middleware, so the
difference to the real article page is what our own code costs.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.urls import path


def _body() -> bytes:
    name = os.environ.get("BENCH_FLOOR_BODY", "")
    if not name or not Path(name).is_file():
        raise ImproperlyConfigured(
            "BENCH_FLOOR_BODY must name a file holding the page to serve"
        )
    return Path(name).read_bytes()


BODY = _body()


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page), path("healthz", page)]
