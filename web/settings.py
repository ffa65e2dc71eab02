"""Settings for the SEND Redress web service: local use and `make run`.

Everything that differs between machines comes from environment variables:

- SEND_REDRESS_DATABASE: database URL (see web/dburl.py); default SQLite in var/db.sqlite3.
- SEND_REDRESS_SECRET_KEY: required in production (web.settings_production).
- SEND_REDRESS_ALLOWED_HOSTS: comma-separated; default 127.0.0.1,localhost.
- SEND_REDRESS_DEBUG=1: Django's debug mode (never in production).
- SEND_REDRESS_CONTACT_EMAIL, SEND_REDRESS_SOURCE_URL: shown on the accessibility and
  privacy pages when set.
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
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "web.common",
    "web.pages",
    "web.journey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "web.common.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("SEND_REDRESS_DATABASE", "sqlite:///var/db.sqlite3"), base_dir=BASE_DIR
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("SEND_REDRESS_DB_CONN_MAX_AGE", "0"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Answers live in the server-side session (database), never in the URL.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
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

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

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
