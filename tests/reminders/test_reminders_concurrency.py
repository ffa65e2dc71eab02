"""Issue 12, finding 4: two reminder senders and eight web clients writing, all at once, on
SQLite and on PostgreSQL: every reminder is sent exactly once and marked sent, and no web
request fails.

Real processes, as a deployment has them: `manage.py send_reminders` twice (cron on two
machines, or a timer that fired twice) and a process of eight threads posting through the real
views, against a database of the test's own (a file for SQLite; a new database on make test's
PostgreSQL server), with a real SMTP server slowed so that the sending overlaps the writing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.mail import Inbox

from .concurrency import REMINDED, WRITERS

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("SEND_REDRESS_DATABASE", "")


def run(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'db.sqlite3'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    import psycopg

    name = f"concurrency_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(POSTGRES_URL)
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def everything_at_once(database_url: str, smtp: Inbox, settings, tmp_path: Path) -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SEND_REDRESS_")},
        "DJANGO_SETTINGS_MODULE": "web.settings",
        "SEND_REDRESS_DATABASE": database_url,
        "SEND_REDRESS_SMTP_HOST": "127.0.0.1",
        "SEND_REDRESS_SMTP_PORT": str(settings.EMAIL_PORT),
        "SEND_REDRESS_REMINDERS_LOCK": str(tmp_path / "send_reminders.lock"),
        "SEND_REDRESS_DOCUMENT_ROOT": str(tmp_path / "documents"),
    }
    day = run(env, "-m", "tests.reminders.concurrency", "setup").strip()
    stop = tmp_path / "stop"
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.reminders.concurrency", "write", str(stop), str(n)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(
            Path(f"{stop}.ready{n}").exists() for n in range(WRITERS)
        ):
            time.sleep(0.05)
        time.sleep(0.5)  # the web clients are writing
        smtp.delay = 0.02
        senders = [
            subprocess.Popen(
                [sys.executable, "manage.py", "send_reminders", "--today", day],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [sender.communicate(timeout=120) for sender in senders]
        codes = [sender.returncode for sender in senders]
    finally:
        stop.touch()
        written = [writer.communicate(timeout=60) for writer in writers]
    assert [w.returncode for w in writers] == [0] * WRITERS, [e[-3000:] for _, e in written]
    assert codes == [0, 0], [err[-3000:] for _, err in outputs]
    web: dict = {"statuses": {}, "errors": []}
    for out, _ in written:
        one = json.loads(out.strip().splitlines()[-1])
        for status, count in one["statuses"].items():
            web["statuses"][status] = web["statuses"].get(status, 0) + count
        web["errors"] += one["errors"]
    rows = json.loads(run(env, "-m", "tests.reminders.concurrency", "check"))
    return {"web": web, "rows": rows, "senders": [out for out, _ in outputs]}


def assert_exactly_once(outcome: dict, smtp: Inbox) -> None:
    received = Counter(m["To"] for m in smtp.messages)
    assert len(received) == REMINDED + WRITERS and set(received.values()) == {1}, received
    statuses = Counter(status for _, status, _ in outcome["rows"])
    assert statuses == {"sent": REMINDED + WRITERS}, outcome["rows"]
    web = outcome["web"]
    assert set(web["statuses"]) == {"302"} and not web["errors"], web
    assert web["statuses"]["302"] >= 8  # the clients did write while the senders ran
    print(
        f"{len(smtp.messages)} reminders, each once; {web['statuses']['302']} web writes, 0 failed"
    )


@pytest.mark.skipif(
    POSTGRES_URL.startswith("postgres"), reason="run in the SQLite pass of make test"
)
def test_two_senders_and_eight_web_clients_on_sqlite(smtp, settings, tmp_path, sqlite_url):
    outcome = everything_at_once(sqlite_url, smtp, settings, tmp_path)
    assert_exactly_once(outcome, smtp)


@pytest.mark.postgres
def test_two_senders_and_eight_web_clients_on_postgresql(smtp, settings, tmp_path, postgres_url):
    outcome = everything_at_once(postgres_url, smtp, settings, tmp_path)
    assert_exactly_once(outcome, smtp)
