"""The portal's only settings module; environments differ by variables alone.

Every variable read here is listed, with a safe development value, in `.env.example`
and in the README's table.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(str(BASE_DIR / ".env"))  # real environment variables still win


def _url_setting(name: str, parse, schemes, default: str) -> dict:
    """Parse a URL variable, or stop start-up with one line naming the variable."""
    raw = env.str(name, default=default)
    parts = urlsplit(raw)
    if parts.scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name} has an unsupported scheme {parts.scheme!r}: use one of "
            f"{', '.join(sorted(s for s in schemes if s in _SUPPORTED))}"
        )
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
        return parse(raw)
    except Exception as exc:  # django-environ raises several types for bad URLs
        raise ImproperlyConfigured(f"{name} is malformed ({exc})") from None


_SUPPORTED = {
    "sqlite",
    "postgres",
    "postgresql",
    "redis",
    "rediss",
    "locmemcache",
    "dummycache",
}


# GENERAL ---------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)

_INSECURE_DEV_KEY = "dev-only-not-a-secret-" + "x" * 30
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not DEBUG:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: set it to a random string of 50+ characters "
            "(or set DJANGO_DEBUG=1 for local development)."
        )
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith(("django-insecure", "dev-only"))
    ):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too weak: use 50+ random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
elif not SECRET_KEY:
    SECRET_KEY = _INSECURE_DEV_KEY

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else [],
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is empty: set it to the site's host names, comma separated "
        "(for example news.example.com,www.news.example.com)."
    )
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="بوابة الأخبار")
# `make run` turns this on: every page says the demo newsroom's stories are invented.
DEMO_NOTICE = env.bool("PORTAL_DEMO_NOTICE", default=False)

# APPS ------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_prose_editor",
    "imagekit",
    "ninja",  # the Content API's docs page and its bundled Swagger UI (no CDN)
    "axes",  # admin login lockout
    "portal",
    "accounts",
    "articles",
]

# MIDDLEWARE ------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Shares whole anonymous pages (and answers 304s) before the database is touched.
    "articles.caching.PageCacheMiddleware",
    "articles.api.middleware.ApiGuardMiddleware",  # JSON errors, 64 KB body cap
    "portal.middleware.DatabaseUnavailableMiddleware",
    "portal.middleware.MethodNotAllowedPageMiddleware",
    "portal.middleware.NullCharacterMiddleware",  # admin ?q=%00: 400, not a 500
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionActivityMiddleware",  # idle staff sessions end
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "articles.middleware.DigitsPreferenceMiddleware",
    "portal.csp.PortalCSPMiddleware",  # django-csp, with the admin's additions
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

# DATABASES -------------------------------------------------------------------------
# SQLite unless DATABASE_URL is set, e.g. postgres://postgres@127.0.0.1:5432/portal
DATABASES = {
    "default": _url_setting(
        "DATABASE_URL",
        env.db_url_config,
        env.DB_SCHEMES,
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DJANGO_DB_CONNECT_TIMEOUT", default=3)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHES ----------------------------------------------------------------------------
# Local memory unless CACHE_URL is set, e.g. redis://127.0.0.1:6379/1
CACHES = {
    "default": _url_setting(
        "CACHE_URL", env.cache_url_config, env.CACHE_SCHEMES, "locmemcache://"
    )
}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # Django's own backend (django-environ silently prefers django-redis if present),
    # reusing one redis-py client per pool (portal/cache.py says why).
    CACHES["default"]["BACKEND"] = "portal.cache.RedisCache"
    # A Redis that hangs costs a reader at most this long once, then the client fails
    # fast for a few seconds (portal/cache.py); Redis itself answers in well under 1 ms.
    _cache_timeout = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=_cache_timeout, socket_timeout=_cache_timeout
    )
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="portal")
# Whole pages for anonymous readers are shared this long (0 turns the page cache off);
# counters on a cached page lag by at most this many seconds.
PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=60)
# Each process serves its own copies of pages it read while the generation it knows is
# this recent: an edit made on another app server reaches its readers within this many
# seconds (0: every cached read asks the shared cache). At most this many copies.
PAGE_CACHE_LOCAL_SECONDS = env.float("PORTAL_PAGE_CACHE_LOCAL_SECONDS", default=1.0)
PAGE_CACHE_LOCAL_ENTRIES = env.int("PORTAL_PAGE_CACHE_LOCAL_ENTRIES", default=256)
# The article page's costly parts (article, related list, menu) are kept between renders
# until an editorial change, and at most this many seconds (0: render them every time).
PAGE_PARTS_SECONDS = env.int("PORTAL_PAGE_PARTS_SECONDS", default=300)
CACHES["imagekit"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "imagekit",
    "OPTIONS": {"MAX_ENTRIES": 20000},
}

# AUTH ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before checking
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is refused for AXES_COOLOFF_TIME. The pair, not
# the username alone, so nobody can lock an editor out from elsewhere; not the address
# alone, so a newsroom behind one NAT is not locked out by one forgetful colleague.
AXES_FAILURE_LIMIT = env.int("PORTAL_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(
    minutes=env.int("PORTAL_LOGIN_LOCKOUT_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = (
    "articles.guards.throttle.client_address"  # the proxy-aware one
)
AXES_LOCKOUT_CALLABLE = "portal.admin_views.login_locked_out"
# A staff session ends after PORTAL_STAFF_IDLE_MINUTES without a request (each request
# of a signed-in user moves the end: accounts/middleware.py; 8 hours, one shift), not
# two weeks after signing in as Django's default. Readers have no session and get no
# cookie. Not SESSION_SAVE_EVERY_REQUEST: it makes a new session for any stale cookie.
SESSION_COOKIE_AGE = env.int("PORTAL_STAFF_IDLE_MINUTES", default=8 * 60) * 60
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# I18N ------------------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية")]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Asia/Riyadh")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Arabic date order and 24-hour times where Django formats dates itself (the admin).
FORMAT_MODULE_PATH = ["portal.formats"]

# STATIC/MEDIA ----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "portal.static_storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
DATA_UPLOAD_MAX_MEMORY_SIZE = (
    12 * 1024 * 1024
)  # a 10 MB picture plus the form around it
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# TEMPLATES -------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# SECURITY --------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int(
    "DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 3600
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool(
    "DJANGO_SECURE_COOKIES", default=not DEBUG
)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# An Arabic 403 page (JSON for scripts) when the CSRF token or cookie is missing.
CSRF_FAILURE_VIEW = "articles.views.comments.csrf_failure"
CONTENT_SECURITY_POLICY = {
    # The admin gets this policy too, plus inline styles (portal/csp.py).
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Share buttons post to us, then we redirect the reader to the network.
        "form-action": [
            SELF,
            "https://wa.me",
            "https://t.me",
            "https://x.com",
            "https://www.facebook.com",
        ],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    },
}

# EMAIL -----------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="newsroom@localhost")

# NEWSROOM --------------------------------------------------------------------------
# Site-wide default for digits on reader pages: "latn" (0-9) or "arab" (٠-٩).
DIGITS_DEFAULT = env.str("PORTAL_DIGITS_DEFAULT", default="latn")
SHOW_HIJRI_DATE = env.bool("PORTAL_SHOW_HIJRI_DATE", default=True)
COMMENTS_CLOSE_AFTER_DAYS = env.int("PORTAL_COMMENTS_CLOSE_AFTER_DAYS", default=0)
# Comment protection: flood rate per visitor, minimum seconds to submit, links held.
COMMENTS_FLOOD_LIMIT = env.int("PORTAL_COMMENTS_FLOOD_LIMIT", default=5)
COMMENTS_FLOOD_WINDOW_SECONDS = env.int(
    "PORTAL_COMMENTS_FLOOD_WINDOW_SECONDS", default=600
)
COMMENTS_MIN_SUBMIT_SECONDS = env.float("PORTAL_COMMENTS_MIN_SUBMIT_SECONDS", default=3)
COMMENTS_FORM_MAX_AGE_SECONDS = env.int(
    "PORTAL_COMMENTS_FORM_MAX_AGE_SECONDS", default=86400
)
COMMENTS_MAX_LINKS = env.int("PORTAL_COMMENTS_MAX_LINKS", default=2)
# The request header holding the client address: REMOTE_ADDR, or HTTP_X_REAL_IP behind
# a proxy that sets it (the address is only hashed, to count comments per visitor).
COMMENTS_CLIENT_IP_HEADER = env.str(
    "PORTAL_COMMENTS_CLIENT_IP_HEADER", default="REMOTE_ADDR"
)
# Engagement: per-IP flood limits per minute (0 turns a limit off) and how often the
# sharded view/share rows are rolled up into Article's counters (0: only by cron).
ENGAGEMENT_VIEW_RATE = env.int("PORTAL_ENGAGEMENT_VIEW_RATE", default=120)
ENGAGEMENT_SHARE_RATE = env.int("PORTAL_ENGAGEMENT_SHARE_RATE", default=20)
ENGAGEMENT_ROLLUP_SECONDS = env.int("PORTAL_ENGAGEMENT_ROLLUP_SECONDS", default=10)
# Content API: comment submissions per client address per minute (0 turns it off),
# before the per-visitor flood rule of the comments service runs.
API_COMMENT_RATE = env.int("PORTAL_API_COMMENT_RATE", default=10)
# Searches the page cache could not answer, per client address per minute (0: off).
SEARCH_RATE = env.int("PORTAL_SEARCH_RATE", default=60)

# LOGGING ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.str("DJANGO_LOG_LEVEL", default="INFO"),
    },
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes.apps": {"level": "WARNING"},  # its start-up banner, in every command
    },
}

# IMAGES ----------------------------------------------------------------------------
IMAGEKIT_CACHEFILE_DIR = "renditions"
# imagekit only remembers which rendition files exist: keep that in each process, so
# pages never depend on Redis for it (and a flushed media folder is noticed on restart).
IMAGEKIT_CACHE_BACKEND = "imagekit"
