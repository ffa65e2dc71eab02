"""Issue 12, finding 17: a document's row and file are deleted together or not at all, and
production never creates a missing SQLite database silently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.personas import pdf_bytes, post_document, stored_files
from web.cases.models import Document

ROOT = Path(__file__).resolve().parents[2]
KEY = "k8Jq2vX0pL5mN7rT1wY4zA6cE9gH3iK0oQ2sU5xB8dF1jM4nP7tV0yZ3"


@pytest.mark.django_db
def test_when_the_disk_refuses_the_row_and_the_file_both_stay(
    owner_client, case, document_root, django_capture_on_commit_callbacks
):
    post_document(owner_client, case, "letter.pdf", pdf_bytes(1))
    doc = Document.objects.get()
    # The disk refuses to move the file (tests run as root, who ignores permissions, so the
    # refusal is one root gets too: a directory where the file must go).
    blocker = document_root / (doc.storage_name + ".deleted")
    blocker.mkdir()
    (blocker / "x").write_bytes(b"x")
    url = reverse("cases:document_delete", args=[case.public_id, doc.pk])
    response = owner_client.post(url)
    assert response.status_code == 503
    assert "We could not delete the document" in response.content.decode()
    assert Document.objects.filter(pk=doc.pk).exists()
    assert (document_root / doc.storage_name).read_bytes() == pdf_bytes(1)
    # Once the disk takes it, both go.
    (blocker / "x").unlink()
    blocker.rmdir()
    with django_capture_on_commit_callbacks(execute=True):
        assert owner_client.post(url).status_code == 302
    assert not Document.objects.exists() and stored_files(document_root) == []


def production(database: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SEND_REDRESS_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "web.settings_production",
            "SEND_REDRESS_SECRET_KEY": KEY,
            "SEND_REDRESS_BASE_URL": "https://send.example.org",
            "SEND_REDRESS_DATABASE": database,
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_production_refuses_a_missing_sqlite_file(tmp_path):
    missing = tmp_path / "db.sqlite3"
    result = production(f"sqlite:///{missing}")
    assert result.returncode != 0 and "does not exist" in result.stderr
    assert not missing.exists()
    # On purpose, for the first migrate:
    first = production(f"sqlite:///{missing}", SEND_REDRESS_CREATE_DATABASE="1")
    assert first.returncode == 0, first.stderr
    import sqlite3

    sqlite3.connect(missing).close()
    assert production(f"sqlite:///{missing}").returncode == 0
