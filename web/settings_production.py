"""Production settings: `DJANGO_SETTINGS_MODULE=web.settings_production`.

Needs SEND_REDRESS_SECRET_KEY, SEND_REDRESS_ALLOWED_HOSTS and SEND_REDRESS_BASE_URL (https); SEND_REDRESS_DATABASE should point
at PostgreSQL. Assumes HTTPS, terminated by a proxy that sets X-Forwarded-Proto.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from web.settings import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SEND_REDRESS_SECRET_KEY", "")
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY == DEVELOPMENT_SECRET_KEY  # noqa: F405
    or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured("Set SEND_REDRESS_SECRET_KEY (50+ random characters).")

# E-mail links (reminders, sign-up, password reset) must point at the real https address.
SERVICE_BASE_URL = os.environ.get("SEND_REDRESS_BASE_URL", "").rstrip("/")
if not SERVICE_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured("Set SEND_REDRESS_BASE_URL to the service's https:// address.")

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000  # two years
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSP_UPGRADE_INSECURE_REQUESTS = True

# django-axes locks per account and client address: behind the one proxy that terminates HTTPS,
# the client is the last address the proxy added to X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("SEND_REDRESS_PROXY_COUNT", "1"))
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# A missing SQLite file is never created silently (issue 12): that would be an empty service
# with every case gone. The file must exist (SEND_REDRESS_CREATE_DATABASE=1 for the first
# `manage.py migrate` only), and connections open it read-write, never create.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    from pathlib import Path

    _sqlite = Path(DATABASES["default"]["NAME"])  # noqa: F405
    if os.environ.get("SEND_REDRESS_CREATE_DATABASE") != "1":
        if not _sqlite.is_file():
            raise ImproperlyConfigured(
                f"The SQLite database {_sqlite} does not exist. Restore it, or set "
                "SEND_REDRESS_CREATE_DATABASE=1 to make a new one with manage.py migrate."
            )
        DATABASES["default"]["NAME"] = f"file:{_sqlite}?mode=rw"  # noqa: F405
