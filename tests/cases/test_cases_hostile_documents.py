"""Issue 12, finding 7: secured (encrypted) PDFs are accepted, and no document, however
broken, gives a 500."""

from __future__ import annotations

import io

import pytest

from tests.personas import pdf_bytes, post_document
from web.cases.models import Document

pytestmark = pytest.mark.django_db


def encrypted_pdf(pages: int, *, user_password: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(pages))))
    writer.encrypt(user_password=user_password, owner_password="council", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128"])
def test_a_secured_pdf_that_opens_without_a_password_is_counted(
    owner_client, case, document_root, algorithm
):
    data = encrypted_pdf(3, user_password="", algorithm=algorithm)
    response = post_document(owner_client, case, "decision.pdf", data)
    assert response.status_code == 302
    assert (Document.objects.get().kind, Document.objects.get().pages) == ("pdf", 3)


def test_a_pdf_locked_with_a_password_is_kept_without_a_page_count(
    owner_client, case, document_root
):
    data = encrypted_pdf(2, user_password="secret", algorithm="AES-256")
    response = post_document(owner_client, case, "locked.pdf", data)
    assert response.status_code == 302
    assert (Document.objects.get().kind, Document.objects.get().pages) == ("pdf", None)


def _loop_pdf() -> bytes:
    """A page tree whose /Kids point back at itself."""
    return (
        b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


HOSTILE = {
    "header only": b"%PDF-1.7\n",
    "truncated": pdf_bytes(2)[:300],
    "garbage": b"%PDF-1.4\n" + bytes(range(256)) * 40,
    "page tree loop": _loop_pdf(),
    "bad xref": pdf_bytes(1).replace(b"xref", b"xrfe"),
    "docx zip with a broken member": b"PK\x03\x04" + b"\x00" * 200,
}


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_no_document_gives_a_500(owner_client, case, document_root, data):
    response = post_document(owner_client, case, "file.pdf", data)
    assert response.status_code in (200, 302)  # kept, or refused with a message
    if response.status_code == 200:
        assert "govuk-error-summary" in response.content.decode()
