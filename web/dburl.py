"""Turn a database URL (the SEND_REDRESS_DATABASE setting) into a Django DATABASES entry.

Supported: ``sqlite:///relative/path.sqlite3``, ``sqlite:////absolute/path.sqlite3`` and
``postgres://user:password@host:port/name?sslmode=require`` (``postgresql://`` too).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

# SQLite shared by gunicorn's workers and send_reminders (issue 12, finding 4): write-ahead
# logging, so readers never block the writer nor it them; every transaction BEGIN IMMEDIATE,
# so it takes the write lock when it starts (waiting up to `timeout` seconds for it) instead of
# failing with "database is locked" when a read turns into a write half-way.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


def database_from_url(url: str, *, base_dir: Path) -> dict[str, Any]:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        raw = url[len("sqlite://") :]
        if not raw.startswith("/") or raw == "/":
            raise ValueError("a SQLite URL looks like sqlite:///var/db.sqlite3")
        raw = raw[1:]
        path = Path(raw) if raw.startswith("/") else base_dir / raw
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": SQLITE_OPTIONS,
        }
    if parts.scheme in {"postgres", "postgresql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ValueError("a PostgreSQL URL needs a database name")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": dict(parse_qsl(parts.query)),
        }
    raise ValueError(f"unsupported database URL scheme {parts.scheme!r}")
