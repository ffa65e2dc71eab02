"""Fixtures for the case-file tests: parents, a case, files, a real local SMTP server."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.mail import Inbox, free_port, smtp  # noqa: F401 (fixture and helpers)
from web import testing

TODAY = date(2027, 2, 1)
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def assert_valid_html() -> Iterator[Callable[..., None]]:
    yield testing.assert_valid_html
    testing.vnu.stop()


@pytest.fixture(autouse=True)
def _case_settings(settings: Any, tmp_path: Any) -> None:
    settings.SEND_REDRESS_TODAY = TODAY
    settings.CASES_DOCUMENT_ROOT = tmp_path / "documents"
    # Argon2 at its cheapest in tests: the hasher is still Argon2.
    settings.PASSWORD_HASHERS = ["web.accounts.testing.FastArgon2PasswordHasher"]


@pytest.fixture
def document_root(settings: Any) -> Any:
    return settings.CASES_DOCUMENT_ROOT


def stored_files(root: Any) -> list[str]:
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from web.accounts.models import User

    def make(email: str, *, verified: bool = True) -> Any:
        return User.objects.create_user(email, PASSWORD, email_verified=verified)

    return make


@pytest.fixture
def owner(make_user: Callable[..., Any]) -> Any:
    return make_user("owner@example.com")


@pytest.fixture
def other(make_user: Callable[..., Any]) -> Any:
    return make_user("other@example.com")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def owner_client(owner: Any) -> Client:
    return client_for(owner)


@pytest.fixture
def other_client(other: Any) -> Client:
    return client_for(other)


@pytest.fixture
def case(owner: Any) -> Any:
    from web.cases import services

    return services.create_case(
        owner,
        child_name="Sam",
        child_date_of_birth=date(2015, 3, 27),
        setting="maintained-school",
        council="bedford",
        concern="refused-assessment",
        events=[("assessment-requested", date(2026, 10, 1))],
    )


# Small files of each kind, made the way real ones are.
def pdf_bytes(pages: int = 2) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Decision letter")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(scope="session")
def assert_readable() -> Callable[..., float]:
    return testing.assert_readable


def downloaded(response: Any) -> bytes:
    """A file response's bytes (streamed from the documents storage), read to the end, which
    closes its file. (Not response.close(): that signals the end of a request, and on
    PostgreSQL closes the test's database connection.)"""
    return b"".join(response.streaming_content)
