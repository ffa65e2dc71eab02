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
- SEND_REDRESS_DOCUMENT_ROOT: where case documents are stored (default var/documents).
- SEND_REDRESS_API_RATE_LIMIT (default 120/60: requests per client per 60 s) and
  SEND_REDRESS_API_CLIENT_IP_HEADER (behind a proxy: the header with the client's address,
  e.g. X-Forwarded-For): the partner API (docs/api.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from web.dburl import database_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Local only; web.settings_production refuses to start without SEND_REDRESS_SECRET_KEY.
SECRET_KEY = os.environ.get(
    "SEND_REDRESS_SECRET_KEY", "insecure-local-only-key-f6c1d9a4e0b24f0b9a6c5e7d8f3a2b1c"
)
DEBUG = os.environ.get("SEND_REDRESS_DEBUG") == "1"
ALLOWED_HOSTS = env_list("SEND_REDRESS_ALLOWED_HOSTS", "127.0.0.1,localhost")

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
]

MIDDLEWARE = [
    # First: an API request (/api/) reaches no layer below with a cookie, and sets none.
    "web.api.middleware.StatelessApiMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "web.common.middleware.ContentSecurityPolicyMiddleware",
    # Django's SessionMiddleware, but a changed session gets a new key (web/journey/sessions.py).
    "web.journey.sessions.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
            "context_processors": ["web.common.context_processors.service"],
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
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("SEND_REDRESS_DB_CONN_MAX_AGE", "0"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Answers live in the server-side session (database), never in the URL. Each worker keeps the
# sessions it has seen in its own memory, which is safe because a session's contents never
# change under its key (web/journey/sessions.py): a journey page asks the database nothing.
SESSION_ENGINE = "web.journey.sessions"
SESSION_CACHE_ALIAS = "sessions"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "sessions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "sessions",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # The API's request counts per client (web/api/ratelimit.py): per worker in local memory.
    "api-rate-limit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "api-rate-limit",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
SESSION_COOKIE_AGE = 4 * 60 * 60
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
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
# Per account, whatever the IP address: behind a proxy REMOTE_ADDR is the proxy, and a lock
# per IP would shut everyone out. (A per-IP limit needs the real client IP first.)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for "ip_address" so that rotating user agents or cookies cannot dodge a lock;
# a lock on the account alone cannot be dodged that way either.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "web.accounts.views.locked_out"
AXES_VERBOSE = False

# Advisers (web/advisers): TOTP two-factor sign-in (django-otp). Failed codes are throttled
# by the device (1, 2, 4... seconds); the issuer names the service in the authenticator app.
OTP_TOTP_ISSUER = "SEND Redress"
OTP_TOTP_THROTTLE_FACTOR = 1
ADVISERS_SOON_DAYS = 14

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
# every record, no e-mail handler is configured, and error reports hide all POST data.
DEFAULT_EXCEPTION_REPORTER_FILTER = "web.common.logging.NoRequestDataExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"drop_request": {"()": "web.common.logging.DropRequestFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["drop_request"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "web": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
