from pathlib import Path

import pytest

from web.dburl import database_from_url

BASE = Path("/srv/app")


def test_sqlite_relative_and_absolute():
    assert database_from_url("sqlite:///var/db.sqlite3", base_dir=BASE) == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/srv/app/var/db.sqlite3",
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        },
    }
    assert database_from_url("sqlite:////tmp/x.db", base_dir=BASE)["NAME"] == "/tmp/x.db"


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_postgres(scheme):
    db = database_from_url(
        f"{scheme}://app:p%40ss@db.internal:6543/send?sslmode=require", base_dir=BASE
    )
    assert db == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "send",
        "USER": "app",
        "PASSWORD": "p@ss",
        "HOST": "db.internal",
        "PORT": "6543",
        "OPTIONS": {"sslmode": "require"},
    }


def test_postgres_minimal():
    db = database_from_url("postgres://postgres@127.0.0.1/send", base_dir=BASE)
    assert (db["USER"], db["PASSWORD"], db["PORT"], db["OPTIONS"]) == ("postgres", "", "", {})


@pytest.mark.parametrize(
    "url", ["mysql://u@h/db", "sqlite://relative.db", "postgres://h:5432/", "sqlite:///"]
)
def test_rejects(url):
    with pytest.raises(ValueError):
        database_from_url(url, base_dir=BASE)
