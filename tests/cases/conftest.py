"""Fixtures for the case-file tests: their settings, files, a real local SMTP server. The
personas, the case and the checks are in tests/conftest.py for every folder."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from tests.mail import Inbox, free_port, smtp  # noqa: F401 (fixture and helpers)
from tests.personas import CASES_TODAY as TODAY
from tests.personas import PASSWORD, client_for

__all__ = ["PASSWORD", "TODAY", "Inbox", "client_for", "free_port", "smtp"]


@pytest.fixture(autouse=True)
def _case_settings(case_settings: Any) -> None:
    """The case-file settings (tests/conftest.py) for every test here."""


def stored_files(root: Any) -> list[str]:
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.fixture
def owner_client(owner: Any) -> Client:
    return client_for(owner)


@pytest.fixture
def other_client(other: Any) -> Client:
    return client_for(other)


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


def downloaded(response: Any) -> bytes:
    """A file response's bytes (streamed from the documents storage), read to the end, which
    closes its file. (Not response.close(): that signals the end of a request, and on
    PostgreSQL closes the test's database connection.)"""
    return b"".join(response.streaming_content)
