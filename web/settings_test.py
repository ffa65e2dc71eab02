"""Settings for pytest (pyproject.toml names this module).

Same as web.settings, but static files come straight from the finders (no collectstatic), and
web.urls_test adds the worked example question page (web/common/examples.py).
SEND_REDRESS_DATABASE switches the database, as in the second run of `make test` (PostgreSQL).
Jobs (web/jobs) run at once, inside the request that enqueues them.
"""

from web.settings import *  # noqa: F403

SECRET_KEY = "test-only-key-6b0f3d1e9c8a4b7f8e2d5c4a3b2a1f0e9d8c7b6a5f4e3d2c"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Jobs run inside the request that enqueues them, so a test sees their result at once; the
# queue's own tests (tests/jobs) switch to the database backend and run real workers.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "files"],
    }
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ROOT_URLCONF = "web.urls_test"
