"""Issue 12, finding 16: no deployment runs with the public development key, and e-mailed
links expire."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import signing

ROOT = Path(__file__).resolve().parents[2]
REAL_KEY = "k8Jq2vX0pL5mN7rT1wY4zA6cE9gH3iK0oQ2sU5xB8dF1jM4nP7tV0yZ3"


def starts(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Load the settings in a fresh interpreter, as gunicorn would."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SEND_REDRESS_")}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_development_key_refuses_a_real_host_name():
    result = starts("web.settings", SEND_REDRESS_ALLOWED_HOSTS="send.example.org")
    assert result.returncode != 0 and "Set SEND_REDRESS_SECRET_KEY" in result.stderr
    assert starts("web.settings").returncode == 0  # make run, on 127.0.0.1
    real = starts(
        "web.settings",
        SEND_REDRESS_ALLOWED_HOSTS="send.example.org",
        SEND_REDRESS_SECRET_KEY=REAL_KEY,
    )
    assert real.returncode == 0, real.stderr


@pytest.mark.parametrize(
    "key",
    ["", "short", "insecure-local-only-key-f6c1d9a4e0b24f0b9a6c5e7d8f3a2b1c", "a" * 60],
    ids=["none", "short", "development", "one-letter"],
)
def test_production_refuses_a_key_that_is_not_secret(key):
    env = {"SEND_REDRESS_BASE_URL": "https://send.example.org", "SEND_REDRESS_SECRET_KEY": key}
    result = starts("web.settings_production", **env)
    assert result.returncode != 0 and "Set SEND_REDRESS_SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_key(tmp_path):
    database = tmp_path / "db.sqlite3"
    database.touch()  # production refuses to create a missing database (issue 12, finding 17)
    env = {
        "SEND_REDRESS_BASE_URL": "https://send.example.org",
        "SEND_REDRESS_SECRET_KEY": REAL_KEY,
        "SEND_REDRESS_DATABASE": f"sqlite:///{database}",
    }
    result = starts("web.settings_production", **env)
    assert result.returncode == 0, result.stderr


class _SignedLongAgo(signing.TimestampSigner):
    def __init__(self, age: int, **kwargs):
        super().__init__(**kwargs)
        self.age = age

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - self.age)


def test_unsubscribe_links_expire_after_90_days():
    from web.reminders import tokens

    def token_aged(seconds: int) -> str:
        signer = _SignedLongAgo(seconds, salt="web.reminders.unsubscribe")
        return signer.sign_object({"u": 7, "k": tokens.DEADLINES})

    assert tokens.read(tokens.make(7, tokens.DEADLINES)) == (7, tokens.DEADLINES)
    assert tokens.read(token_aged(tokens.MAX_AGE - 3600)) == (7, tokens.DEADLINES)
    assert tokens.read(token_aged(tokens.MAX_AGE + 3600)) is None
    # A link of the old kind, signed without a time, works no more.
    old = signing.Signer(salt="web.reminders.unsubscribe").sign_object({"u": 7, "k": "deadlines"})
    assert tokens.read(old) is None


@pytest.mark.django_db
def test_confirmation_links_expire_after_an_hour(settings):
    from web.accounts.models import User
    from web.accounts.tokens import verification_tokens

    user = User.objects.create_user("parent@example.com", "a long password 1")

    class Later(type(verification_tokens)):
        def _now(self):
            from datetime import datetime, timedelta

            return datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)

    token = verification_tokens.make_token(user)
    assert verification_tokens.check_token(user, token)
    assert not Later().check_token(user, token)
