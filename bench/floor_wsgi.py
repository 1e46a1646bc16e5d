"""WSGI entry point for the floor: the portal's settings with `bench.floor_urls`."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
settings.ROOT_URLCONF = "bench.floor_urls"

application = get_wsgi_application()
