"""Settings for unlops, read from the environment with safe development defaults."""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.utils.functional import lazy
from import_export.formats.base_formats import CSV, JSON, XLSX

from unlops.env import env_bool, env_list
from unlops.richtext import FIGURE_EXTENSION, figure_processor

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production refuses to start without a secret key: "
            "set DJANGO_SECRET_KEY, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# HTTPS only in production. Behind a TLS-terminating proxy, DJANGO_SECURE_PROXY_SSL_HEADER names
# the header it sets (X-Forwarded-Proto); the test run sets DJANGO_SECURE_SSL_REDIRECT=0.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
_ssl_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip().upper().replace("-", "_")
if _ssl_header:
    SECURE_PROXY_SSL_HEADER = (
        _ssl_header if _ssl_header.startswith("HTTP_") else f"HTTP_{_ssl_header}",
        "https",
    )
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "import_export",
    "simple_history",
    "django_prose_editor",
    "adminsortable2",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "unlops",
    "people",
    "events",
    "newsletters",
    "newsletters.mailing",
]

MIDDLEWARE = [
    # The load balancer's probe is answered here, before the https redirect and the host check.
    "unlops.health.HealthCheckMiddleware",
    # One log record per request, timed around everything below.
    "unlops.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache, so that cached pages get the header too.
    "unlops.content_policy.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages go out from here, before sessions and the rest are set up.
    "unlops.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Writes made while answering a request are checked against its user's rights.
    "unlops.guard.ActingUserMiddleware",
    # The audit trail reads who did something, and from which address, from the request.
    "unlops.audit.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a flagged failed login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "unlops.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "unlops.urls"

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
                "unlops.context_processors.publisher",
            ],
        },
    },
]

WSGI_APPLICATION = "unlops.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let several editors save at once on the embedded database.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# The cache holds public pages and the content version that any edit bumps, so every process
# serving the site must share it: Redis across servers; files on one host, where gunicorn's
# workers would otherwise each keep pages another worker's edit has made stale (or unpublished).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KIND = os.environ.get("DJANGO_CACHE", "redis" if REDIS_URL else "locmem" if DEBUG else "file")
if CACHE_KIND == "redis":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL or "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": "unlops",
        }
    }
elif CACHE_KIND == "file":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
elif CACHE_KIND == "locmem":
    # One process only: development, and tests, which must not share pages between workers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "unlops",
        }
    }
else:
    raise ImproperlyConfigured(f"DJANGO_CACHE is {CACHE_KIND!r}: use redis, file or locmem.")

# Admin sign-in throttling (django-axes): after DJANGO_LOGIN_FAILURE_LIMIT failures for one
# username from one address, that pair waits DJANGO_LOGIN_COOLOFF_MINUTES; a success clears it.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "unlops.auth.lockout_response"
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_VERBOSE = False  # no banner on every command; failures and lockouts are still logged
# Behind N reverse proxies that each append to X-Forwarded-For, the client is N-th from the right;
# with none (the default) only the socket address counts, so the header cannot be spoofed.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
if PROXY_COUNT > 0:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    IPWARE_STRICT = False  # a client may send its own X-Forwarded-For: count from the right
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The rich-text editor's own extension: photos placed in an article's text (unlops.richtext).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [lazy(static, str)("js/admin-figure.js")],
        "extensions": {FIGURE_EXTENSION: figure_processor},
    }
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Empty: an "import-tmp" folder beside MEDIA_ROOT (see unlops.storage.ImportTmpStorage).
IMPORT_TMP_ROOT = os.environ.get("DJANGO_IMPORT_TMP_ROOT", "")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
    # Import files between preview and confirm, where every app server finds them (never served).
    "import_export": {"BACKEND": "unlops.storage.ImportTmpStorage"},
}

# Media on S3-compatible object storage when a bucket is named; boto3 reads the credentials
# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or an instance role) from the environment itself.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    _s3 = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "location": os.environ.get("AWS_LOCATION", "").strip("/"),
        # Private objects only: the media view checks each file and streams it from the bucket.
        # No public ACL, no unsigned custom domain; any address storage.url() makes is signed and
        # expires soon.
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "60")),
        "file_overwrite": False,
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3}
    STORAGES["import_export"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": "/".join(filter(None, [_s3["location"], "import-tmp"])),
        },
    }

# Content-Security-Policy (django-csp, through unlops.content_policy): nothing runs but the site's
# own script files, and the admin editor's inline import map, which carries a per-request nonce.
# Inline styles are allowed in the admin only. Pictures on object storage come from its origin.
CSP_MEDIA_ORIGINS = env_list("DJANGO_CSP_MEDIA_ORIGINS")
if AWS_STORAGE_BUCKET_NAME and not CSP_MEDIA_ORIGINS:
    if _s3["endpoint_url"]:
        _endpoint = urlsplit(_s3["endpoint_url"])
        CSP_MEDIA_ORIGINS = [
            f"{_endpoint.scheme}://{_endpoint.netloc}",
            f"{_endpoint.scheme}://*.{_endpoint.netloc}",
        ]
    else:
        CSP_MEDIA_ORIGINS = ["https://*.amazonaws.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *CSP_MEDIA_ORIGINS],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# Uploads: the photo model checks size and pixels too; these bound the request itself.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PHOTO_MAX_UPLOAD_BYTES = int(os.environ.get("PHOTO_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", 50_000_000))

IMPORT_EXPORT_FORMATS = [CSV, XLSX, JSON]
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# The resources escape formulae themselves (and undo it on import) so a round trip loses nothing.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Kept in STORAGES["import_export"], so a confirm may reach another server than its preview.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
# What one import may take (docs/imports.md): refused with a message beyond these. The front
# server should cap request bodies too (nginx client_max_body_size), since Django reads the whole
# upload before any view sees it.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("DJANGO_IMPORT_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
IMPORT_MAX_ROWS = int(os.environ.get("DJANGO_IMPORT_MAX_ROWS", 10_000))
IMPORT_MAX_COLUMNS = int(os.environ.get("DJANGO_IMPORT_MAX_COLUMNS", 100))
# An XLSX file is a zip archive: what its parts may unpack to in all.
IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("DJANGO_IMPORT_MAX_UNPACKED_BYTES", 10 * IMPORT_MAX_UPLOAD_BYTES)
)
IMPORT_TIME_LIMIT_SECONDS = float(os.environ.get("DJANGO_IMPORT_TIME_LIMIT_SECONDS", 60))
# Files of previews neither confirmed nor cancelled are removed after this long.
IMPORT_TMP_MAX_AGE_SECONDS = int(os.environ.get("DJANGO_IMPORT_TMP_MAX_AGE_SECONDS", 24 * 3600))

# How long a staff preview link of a draft stays valid.
PREVIEW_LINK_SECONDS = int(os.environ.get("DJANGO_PREVIEW_LINK_SECONDS", 7 * 24 * 3600))

# The office that publishes the newsletter: every page, feed and export takes its name from here
# (unlops.publisher). Optional: "address" (lines), "email", "website", "about" (a paragraph).
PUBLISHER = {
    "name": "United Nations Liaison Office for Peace and Security",
    "acronym": "UNLOPS",
    "city": "Brussels",
}

# The editorial role groups that newsletters/roles.py writes: the only groups a non-superuser may
# put a staff account in (unlops/admin.py).
ROLE_GROUPS = ["Contributor", "Editor", "Publisher"]

# Logs go to stderr: one JSON object a line in production (python-json-logger), plain lines with
# debug on. Each request adds one record from unlops.requests (unlops/request_log.py).
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT is {LOG_FORMAT!r}: use json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "unlops.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# The audit trail's CSV export stops after this many rows (narrow the list's filters for more).
AUDIT_EXPORT_MAX_ROWS = int(os.environ.get("DJANGO_AUDIT_EXPORT_MAX_ROWS", 50_000))

# Stored files go out through unlops.media.serve, which checks who may see each one. Behind nginx,
# name an internal location here and the view hands the bytes over with X-Accel-Redirect.
MEDIA_ACCEL_REDIRECT = os.environ.get("DJANGO_MEDIA_ACCEL_REDIRECT", "")

# E-mail, the task queue, exports' builds, the health check and the readers' list: beside the web.
from unlops.settings_services import *  # noqa: E402, F403
