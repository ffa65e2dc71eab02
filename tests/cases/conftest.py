"""Fixtures for the case-file tests: parents, a case, files, a real local SMTP server."""

from __future__ import annotations

import io
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

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


@dataclass
class _Inbox:
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def wait(self, count: int = 1, timeout: float = 5.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.messages

    def last_body(self) -> str:
        message = self.wait()[-1]
        return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[_Inbox]:
    """A real SMTP server on 127.0.0.1 (aiosmtpd); Django sends to it through its SMTP backend."""
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    try:
        yield inbox
    finally:
        controller.stop()


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
