"""Settings for the SEND Redress web service: local use and `make run`.

Everything that differs between machines comes from environment variables:

- SEND_REDRESS_DATABASE: database URL (see web/dburl.py); default SQLite in var/db.sqlite3.
- SEND_REDRESS_SECRET_KEY: required in production (web.settings_production).
- SEND_REDRESS_ALLOWED_HOSTS: comma-separated; default 127.0.0.1,localhost.
- SEND_REDRESS_DEBUG=1: Django's debug mode (never in production).
- SEND_REDRESS_CONTACT_EMAIL, SEND_REDRESS_SOURCE_URL: shown on the accessibility and
  privacy pages when set.
- SEND_REDRESS_SMTP_HOST (and _PORT, _USER, _PASSWORD, _TLS=1, _SSL=1): send e-mail by SMTP;
  without it e-mail goes to the console. SEND_REDRESS_FROM_EMAIL: the From address.
- SEND_REDRESS_DOCUMENT_ROOT: where case documents are stored (default var/documents); with
  several web nodes, a volume they all mount (docs/scaling.md).
- SEND_REDRESS_API_RATE_LIMIT (default 120/60: requests per client per 60 s) and
  SEND_REDRESS_API_CLIENT_IP_HEADER (behind a proxy: the header with the client's address,
  e.g. X-Forwarded-For): the partner API (docs/api.md).
- SEND_REDRESS_DOCUMENT_STORAGE=s3: documents in an S3-compatible bucket instead (django-storages;
  with boto3 installed): SEND_REDRESS_S3_BUCKET, and optionally _ENDPOINT_URL, _REGION,
  _ACCESS_KEY, _SECRET_KEY, _PREFIX.
- SEND_REDRESS_DB_CONN_MAX_AGE: seconds a worker keeps its database connection (default 600).
"""

from __future__ import annotations

import os
from pathlib import Path

from web.dburl import database_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Local only; web.settings_production refuses to start without a real SEND_REDRESS_SECRET_KEY.
DEVELOPMENT_SECRET_KEY = "insecure-local-only-key-f6c1d9a4e0b24f0b9a6c5e7d8f3a2b1c"
SECRET_KEY = os.environ.get("SEND_REDRESS_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = os.environ.get("SEND_REDRESS_DEBUG") == "1"
ALLOWED_HOSTS = env_list("SEND_REDRESS_ALLOWED_HOSTS", "127.0.0.1,localhost")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver"}
if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not set(ALLOWED_HOSTS) <= LOCAL_HOSTS:
    # Issue 12: the public key signs sessions and links; served under a real name, anyone
    # could forge them. Local use (these settings' default hosts) is the only use it allows.
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Set SEND_REDRESS_SECRET_KEY: the development key only serves 127.0.0.1 and localhost."
    )

INSTALLED_APPS = [
    "web.advisers.apps.OTPAdminConfig",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "web.common",
    "web.pages",
    "web.journey",
    "axes",
    "web.accounts",
    "web.cases",
    "web.letters",
    "web.reminders",
    "web.advisers",
    "web.api",
    "web.plans",
    "django_tasks",
    "django_tasks_db",
    "web.jobs",
    "web.bundles",
    "web.reports",
    "web.family",
]

MIDDLEWARE = [
    # First: an API request (/api/) reaches no layer below with a cookie, and sets none.
    "web.api.middleware.StatelessApiMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "web.common.middleware.ContentSecurityPolicyMiddleware",
    "web.common.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in sessions end after 30 idle minutes (web/accounts/idle.py).
    "web.accounts.idle.IdleTimeoutMiddleware",
    # A new anonymous session is stored only within a limit per client (web/accounts/throttle.py).
    "web.accounts.throttle.NewSessionThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Advisers (web/advisers): request.user.is_verified(), then two-factor sign-in for every
    # adviser, organisation admin and member of staff before any other page.
    "django_otp.middleware.OTPMiddleware",
    "web.advisers.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into our "locked" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "web.urls"
WSGI_APPLICATION = "web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "web.common.jinja.environment",
            "context_processors": [
                "web.common.context_processors.service",
                "web.advisers.context_processors.navigation",
            ],
        },
    },
    # Only for Django's admin (site admins create organisations): our pages are Jinja2.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("SEND_REDRESS_DATABASE", "sqlite:///var/db.sqlite3"), base_dir=BASE_DIR
    )
}
# Each gunicorn worker keeps its connection (one query to read a session, not a connection
# per request); health checks drop one the database has closed.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("SEND_REDRESS_DB_CONN_MAX_AGE", "600"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Answers live in the server-side session, in the database, never in the URL or in a worker's
# memory: any web node serves any request (docs/scaling.md). Django's cached database sessions:
# each is read with one plain SELECT from the `sessions` cache, a table in the same database
# (`manage.py createcachetable`), so every worker and node sees the same session and a
# signed-out session is gone everywhere at once; django_session keeps them as ever.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The API's request counts per client (web/api/ratelimit.py): per worker in local memory, so
    # the limit is per worker and per node (docs/api.md); nothing a visitor needs lives here.
    "api-rate-limit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "api-rate-limit",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "sessions": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "session_cache",
        # Never cull a live session for want of room: only expired ones go (on each write).
        "OPTIONS": {"MAX_ENTRIES": 10**9},
    },
    # Counts per client (web/common/ratelimit.py): new anonymous sessions.
    "rate-limit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "rate-limit",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
SESSION_COOKIE_AGE = 4 * 60 * 60
# New sessions one client may start without signing in, per window of seconds (issue 12): a
# household, a school or an advice centre behind one address stays far below it.
ANONYMOUS_SESSIONS_PER_CLIENT = (200, 60 * 60)
SESSION_IDLE_TIMEOUT = 30 * 60  # seconds without a request before a signed-in session ends
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "web.pages.views.csrf_failure"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "web" / "static"]

# Case documents and the files the queue makes (web/cases/documents.py): a directory by
# default, an S3-compatible bucket by setting. Private either way: no public ACL, no public URL
# (only web.cases.views.document and web.jobs.views serve them, to who may see the case).
if os.environ.get("SEND_REDRESS_DOCUMENT_STORAGE", "filesystem") == "s3":
    DOCUMENT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["SEND_REDRESS_S3_BUCKET"],
            "endpoint_url": os.environ.get("SEND_REDRESS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("SEND_REDRESS_S3_REGION") or None,
            "access_key": os.environ.get("SEND_REDRESS_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("SEND_REDRESS_S3_SECRET_KEY") or None,
            "location": os.environ.get("SEND_REDRESS_S3_PREFIX", "documents"),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    DOCUMENT_STORAGE = {"BACKEND": "web.cases.documents.DocumentStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "documents": DOCUMENT_STORAGE,
}

# Work outside requests (web/jobs, docs/scaling.md): django-tasks' database backend keeps the
# jobs in the database above, and `manage.py worker` (one beside gunicorn in `make run`) runs
# them. Chronologies and exports go on their own queue, so e-mail never waits behind a PDF.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "files"],
    }
}

# Accounts (web/accounts): e-mail is the username; Argon2 hashes; django-axes limits sign-in.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
PASSWORD_RESET_TIMEOUT = 60 * 60  # reset and verification links last an hour
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
# Per account and client together (issue 12): wrong passwords from one address lock that
# address out of that account, never the owner elsewhere. web/accounts/lockout.py adds the
# slow-down before the lock and the "was this you?" e-mail. The client address is REMOTE_ADDR
# here; web.settings_production reads it from the proxy's X-Forwarded-For.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "web.accounts.views.locked_out"
AXES_VERBOSE = False
# Its admin pages list every address anyone tried to sign in with: parents' among them.
AXES_ENABLE_ADMIN = False
# Sign-in history (django-axes' records of sign-ins and failed tries) is kept this long, then
# deleted; all of an account's goes with it (issue 12; web/accounts/history.py; privacy page).
SIGN_IN_HISTORY_DAYS = 30

# Advisers (web/advisers): TOTP two-factor sign-in (django-otp). Failed codes are throttled
# by the device (1, 2, 4... seconds, never more than ADVISERS_CODE_MAX_WAIT: issue 12, so that
# wrong codes cannot keep the right one out for long); the issuer names the service in the app.
OTP_TOTP_ISSUER = "SEND Redress"
OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own throttle has no ceiling: ours (web/advisers)
ADVISERS_CODE_MAX_WAIT = 30  # seconds

# E-mail: console unless SEND_REDRESS_SMTP_HOST is set.
EMAIL_HOST = os.environ.get("SEND_REDRESS_SMTP_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("SEND_REDRESS_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SEND_REDRESS_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SEND_REDRESS_SMTP_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("SEND_REDRESS_SMTP_TLS") == "1"
EMAIL_USE_SSL = os.environ.get("SEND_REDRESS_SMTP_SSL") == "1"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("SEND_REDRESS_FROM_EMAIL", "SEND Redress <noreply@localhost>")

# Deadline reminders (web/reminders, docs/reminders.md). Links in e-mails are absolute, so the
# service's address is needed. Reminders go through EMAIL_BACKEND above unless
# SEND_REDRESS_NOTIFY_API_KEY is set: then through GOV.UK Notify (a template whose subject is
# ((subject)) and whose body is ((body))).
SERVICE_BASE_URL = os.environ.get("SEND_REDRESS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
NOTIFY_API_KEY = os.environ.get("SEND_REDRESS_NOTIFY_API_KEY", "")
NOTIFY_TEMPLATE_ID = os.environ.get("SEND_REDRESS_NOTIFY_TEMPLATE_ID", "")
NOTIFY_BASE_URL = os.environ.get(
    "SEND_REDRESS_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
)
REMINDERS_EMAIL_BACKEND = "web.reminders.notify.NotifyEmailBackend" if NOTIFY_API_KEY else None
# On SQLite (no SKIP LOCKED) one send_reminders runs at a time, holding this file's lock.
REMINDERS_LOCK_FILE = Path(
    os.environ.get("SEND_REDRESS_REMINDERS_LOCK", str(VAR_DIR / "send_reminders.lock"))
)

# Case documents (web/cases): outside the web root, under random names, served by a view.
CASES_DOCUMENT_ROOT = Path(os.environ.get("SEND_REDRESS_DOCUMENT_ROOT", str(VAR_DIR / "documents")))
CASES_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
CASES_ACCOUNT_QUOTA_BYTES = 200 * 1024 * 1024  # all of one account's documents (issue 12)
# Issue 12: a case with thousands of entries made a 10 MB page and a chronology that outlived
# the worker. A real case has tens; 1,000 leaves room for the longest, and keeps the chronology
# PDF within a request (see bench/cases.py).
CASES_MAX_EVENTS = 1000
CASES_TIMELINE_PAGE = 50  # entries per page of a case's timeline
FILE_UPLOAD_HANDLERS = [
    "web.cases.uploads.SizeLimitUploadHandler",  # stops reading a file past the limit
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o600

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The partner API (web/api, docs/api.md): requests per client per window, as "REQUESTS/SECONDS";
# the header that carries the client's address behind a proxy (e.g. X-Forwarded-For; empty:
# REMOTE_ADDR); the largest body read.
_api_rate = os.environ.get("SEND_REDRESS_API_RATE_LIMIT", "120/60").partition("/")
API_RATE_LIMIT = (int(_api_rate[0]), int(_api_rate[2] or 60))
API_CLIENT_IP_HEADER = os.environ.get("SEND_REDRESS_API_CLIENT_IP_HEADER", "")
API_MAX_BODY_BYTES = 64 * 1024

# Shown on the accessibility statement and privacy pages when set.
SERVICE_CONTACT_EMAIL = os.environ.get("SEND_REDRESS_CONTACT_EMAIL", "")
SERVICE_SOURCE_URL = os.environ.get("SEND_REDRESS_SOURCE_URL", "")

# Logs never carry request bodies (answers are sensitive): the request object is dropped from
# every record, no e-mail handler is configured, and error reports hide all POST data. Other
# libraries' records lose their text (ThirdPartyFilter): they quote the documents they read.
DEFAULT_EXCEPTION_REPORTER_FILTER = "web.common.logging.NoRequestDataExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "drop_request": {"()": "web.common.logging.DropRequestFilter"},
        "third_party": {"()": "web.common.logging.ThirdPartyFilter"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["drop_request", "third_party"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "web": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
