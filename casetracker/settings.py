"""casetracker settings: one module, driven by the environment (docs/configuration.md).

Safe by default: DEBUG is off unless DEBUG is set, and the defaults fit a single-machine
deployment. docs/configuration.md lists every variable.
"""

import ipaddress
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from casetracker.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# A development key is only acceptable with DEBUG on; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "dev-only-insecure-key-do-not-use-in-production" if DEBUG else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "csp",
    "axes",
    "cases",
    "citations",
    "simple_history",
    "organisations",
    # After cases, whose Case admin it extends with the "Import a file" page (interchange/admin.py).
    "interchange",
    # Connectors to the official case-law sources (docs/sources.md), beside interchange.
    "sources",
    "feeds",
    # Only the command generate_synthetic (bench/README.md); nothing of the site imports it.
    "bench",
    # The read-only REST API at /api/v1/ (REST_FRAMEWORK below).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    # E-mail alerts (docs/alerts.md; ALERTS_* below).
    "alerts",
    # The right to erasure (docs/erasure.md): after cases, whose Party admin it extends.
    "privacy",
    # Only the command load_demo and its data set (`make run`).
    "demo",
    # The project itself, last: it connects the page cache to the apps (casetracker/apps.py).
    "casetracker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before everything that only a page being built needs (casetracker/pagecache.py).
    "casetracker.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "casetracker.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Masks natural persons' names in the admin from users who may not see them.
    "cases.middleware.PartyNameMiddleware",
    # Production hardening and resilience (docs/deploy.md).
    "csp.middleware.CSPMiddleware",
    "casetracker.security.PermissionsPolicyMiddleware",
    "casetracker.db_router.ReplicaRoutingMiddleware",
    "casetracker.errors.DatabaseUnavailableMiddleware",
    # Last but for the ETag below, as django-axes requires.
    "axes.middleware.AxesMiddleware",
    # Conditional GET: every answer gets an ETag (a hash of its body) unless it has one, and a
    # request whose If-None-Match / If-Modified-Since matches gets 304 without the body.
    # Innermost, so that the hash is of the body as the view made it.
    "django.middleware.http.ConditionalGetMiddleware",
]

ROOT_URLCONF = "casetracker.urls"
WSGI_APPLICATION = "casetracker.wsgi.application"

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
                "django.template.context_processors.i18n",
                "casetracker.context_processors.site",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database (empty counts as
# unset: `DATABASE_URL= make test` runs on SQLite).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a command writes; no effect on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6 behaviour now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Security: on by default when DEBUG is off; SECURE_SSL_REDIRECT=0 behind a TLS proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies (addresses or networks; "*": any peer) whose X-Forwarded-For gives the client address
# (common.clients); the same variable tells gunicorn whom to trust for X-Forwarded-Proto.
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"])
for _proxy in FORWARDED_ALLOW_IPS:
    if _proxy != "*":
        try:
            ipaddress.ip_network(_proxy, strict=False)
        except ValueError:
            # At start-up rather than as a 500 on every rate-limited request.
            raise ImproperlyConfigured(
                f"FORWARDED_ALLOW_IPS: {_proxy!r} is not an address or network"
            ) from None
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
X_FRAME_OPTIONS = "DENY"

# E-mail: EMAIL_URL (smtp://user:pass@host:port, smtp+tls://...) or the EMAIL_* variables.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "casetracker <noreply@localhost>")
if os.environ.get("EMAIL_URL"):
    _mail = urlsplit(os.environ["EMAIL_URL"])
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme in {"smtp+tls", "submission"}
    EMAIL_USE_SSL = _mail.scheme == "smtps"
else:
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds an SMTP connection may wait for the server: one that accepts and never answers must
# not hold send_alerts (or a follow request) past the cron interval.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT") or 15)
if DEBUG and not (os.environ.get("EMAIL_URL") or os.environ.get("EMAIL_HOST")):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# --- Production hardening (docs/deploy.md lists every variable) ---------------------------------

# Public reads on the replica when DATABASE_REPLICA_URL is set; writes and the admin on default.
DATABASE_ROUTERS = ["casetracker.db_router.PrimaryReplicaRouter"]

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
# Preloading commits the whole domain to HTTPS for months: an explicit opt-in, so the
# deploy check's reminder about it is silenced rather than answered with a default.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "casetracker.errors.csrf_failure"
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "browsing-topics=()"
)

# Content-Security-Policy (django-csp 4): same-origin assets only, no inline code, no nonces,
# so every response stays cacheable; no page may be framed except the embeddable timeline
# (common.framing.embeddable, which allows EMBED_FRAME_ANCESTORS).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
EMBED_FRAME_ANCESTORS = env_list("EMBED_FRAME_ANCESTORS", ["*"])
# Address for erasure requests, shown on the privacy page.
PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT", "")

# Admin brute-force lockout (django-axes): locked by the pair (user name, client), so that
# failures from elsewhere cannot lock an editor out; the client is the keyed hash of its address
# (common.clients), and casetracker.axes_handler blanks the user agent and Accept header
# axes would store. Attempts expire after the cool-off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "common.clients.axes_client_address"
AXES_HANDLER = "casetracker.axes_handler.AxesHandler"
# Masked in the GET/POST data axes keeps with an attempt (the password always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "errors/lockout.html"

# Logging: JSON lines on stdout, with client addresses and request objects removed; the same
# configuration as gunicorn's (casetracker.logs.logging_config, which reads LOG_LEVEL).
LOGGING = logging_config()

# REST API (/api/v1/): read-only, JSON only (no browsable pages, which would set a CSRF
# cookie), no authentication (anonymous clients get no cookie), throttled per client
# (api.rest.AnonThrottle: a keyed hash of the address common.clients decides).
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.rest.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.rest.AnonThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "PAGE_SIZE": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "casetracker API",
    "DESCRIPTION": "Read-only access to the published cases, hearings, rulings and citations.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "cases.choices.CaseStatus",
        "HearingStatusEnum": "cases.choices.HearingStatus",
    },
}
# --- E-mail alerts (docs/alerts.md) ---------------------------------------------------------------
# Changes of a case made within this many seconds go out in one mail.
ALERTS_GROUP_SECONDS = int(os.environ.get("ALERTS_GROUP_SECONDS", "300"))
# Local hour after which the daily digest goes out.
ALERTS_DIGEST_HOUR = int(os.environ.get("ALERTS_DIGEST_HOUR", "7"))
# A send_alerts run starts no new mail after this many seconds: with EMAIL_TIMEOUT it ends within
# the cron minute, so runs never pile up behind a slow mail server; the rest waits for the next.
ALERTS_RUN_SECONDS = float(os.environ.get("ALERTS_RUN_SECONDS") or 40)

# The public data page's export (interchange.public_data): a writable folder, kept between restarts.
PUBLIC_DATA_DIR = Path(os.environ.get("PUBLIC_DATA_DIR") or BASE_DIR / "var" / "public-data")
# What an export says about its data set (the `dataset` record, docs/interchange.md). The
# default licence is that of the official open data the demo and sources come from.
DATA_TITLE = os.environ.get("DATA_TITLE") or "casetracker: court cases and case law"
DATA_PUBLISHER = os.environ.get("DATA_PUBLISHER") or "casetracker"
DATA_LICENCE = os.environ.get("DATA_LICENCE") or "Licence Ouverte / Open Licence 2.0"
DATA_LICENCE_URL = (
    os.environ.get("DATA_LICENCE_URL") or "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
)

# --- Caches and the page cache (docs/configuration.md) ------------------------------------------
# CACHE_URL: redis://host:port/db (shared by every process: what production wants), locmem://
# (this process only: the default), file:///path, dummy://.
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
# The cache is an optimisation (common/cachehealth.py): a Redis that is down or hung must
# cost a request well under a second, and after a failure it is left alone this many seconds.
CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT") or 0.3)
CACHE_RETRY_SECONDS = float(os.environ.get("CACHE_RETRY_SECONDS") or 5)


def cache_from_url(url: str) -> dict:
    scheme = urlsplit(url).scheme if url else "locmem"
    backends = {
        "locmem": ("django.core.cache.backends.locmem.LocMemCache", "casetracker"),
        "dummy": ("django.core.cache.backends.dummy.DummyCache", ""),
        "redis": ("django.core.cache.backends.redis.RedisCache", url),
        "rediss": ("django.core.cache.backends.redis.RedisCache", url),
        "file": ("django.core.cache.backends.filebased.FileBasedCache", urlsplit(url).path),
    }
    if scheme not in backends:
        raise ImproperlyConfigured(
            f"CACHE_URL: unknown scheme {scheme!r} (use {', '.join(backends)})"
        )
    backend, location = backends[scheme]
    config = {"BACKEND": backend, "LOCATION": location}
    if scheme in ("redis", "rediss"):
        # redis-py's connection pool options; it does not retry unless told to.
        config["OPTIONS"] = {
            "socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
            "socket_timeout": CACHE_SOCKET_TIMEOUT,
        }
    return config


CACHES = {"default": cache_from_url(CACHE_URL)}
# Anonymous pages are kept this many seconds at most (0: no page cache). On by default only with
# a CACHE_URL: with several worker processes a per-process cache would miss the others' writes.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS") or (300 if CACHE_URL else 0))
PAGE_CACHE_ALIAS = "default"
