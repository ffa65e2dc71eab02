"""Settings for the web nodes and queue workers that tests/jobs/test_jobs_nodes.py starts: the
tests' settings (static files from the finders), with jobs on the database queue as in
production. Database, document volume and SMTP server come from the environment."""

from web.settings_test import *  # noqa: F403

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "files"],
    }
}
PASSWORD_HASHERS = ["web.accounts.testing.FastArgon2PasswordHasher"]
