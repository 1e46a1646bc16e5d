"""The issue's floor as literally stated: a hello-world Django view returning the article
page's bytes, in a bare project (`startproject` middleware, no database, no cache).

`make bench` serves it with `make serve WSGI_APP=bench.bare_django:application`, so the
WSGI server, workers and host are the same as the portal's; only Django's configuration
differs. Compare with bench/floor_urls.py, the floor with our settings and middleware.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

_BODY_FILE = os.environ.get("BENCH_FLOOR_BODY", "")
if not _BODY_FILE or not Path(_BODY_FILE).is_file():
    raise ImproperlyConfigured("BENCH_FLOOR_BODY must name a file holding the page")
BODY = Path(_BODY_FILE).read_bytes()


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page), path("healthz", page)]

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ["DJANGO_SECRET_KEY"],
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
    ],
    # The MIDDLEWARE of a new `django-admin startproject`.
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
)
application = get_wsgi_application()
