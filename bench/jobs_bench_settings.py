"""Settings for bench/jobs_bench.py and its workers: web.settings (jobs on the database queue), the
hello view of web_bench_urls, static files from the finders (no collectstatic), and a throwaway
document folder (SEND_REDRESS_DOCUMENT_ROOT, set by the benchmark)."""

from web.settings import *  # noqa: F403

ROOT_URLCONF = "web_bench_urls"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["web.accounts.testing.FastArgon2PasswordHasher"]
LOGGING["loggers"]["django_tasks"] = {"level": "WARNING"}  # noqa: F405
