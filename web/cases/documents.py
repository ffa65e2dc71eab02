"""Uploaded documents: what kind they really are, and where their bytes live.

The type comes from the content (magic bytes; for DOCX, the zip's parts), never from the name
or the browser's Content-Type. Files are stored under CASES_DOCUMENT_ROOT (outside the web
root) with random names and no extension, and only `web.cases.views.document` serves them.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings

KINDS = {
    "pdf": ("application/pdf", ".pdf"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "png": ("image/png", ".png"),
    "jpeg": ("image/jpeg", ".jpg"),
}
MAX_TITLE = 150
_DOCX_MAX_UNPACKED = 200 * 1024 * 1024  # refuse zip bombs


class Refused(ValueError):
    """The upload cannot be kept; the message is for the person (GOV.UK wording)."""


@dataclass(frozen=True)
class Checked:
    kind: str
    title: str
    size: int
    sha256: str
    pages: int | None


def root() -> Path:
    path = Path(settings.CASES_DOCUMENT_ROOT)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def path_for(storage_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", storage_name):
        raise ValueError("not a storage name")
    return root() / storage_name


def content_type(kind: str) -> str:
    return KINDS[kind][0]


def extension(kind: str) -> str:
    return KINDS[kind][1]


def check_title(name: str) -> str:
    """The file's name as a title, or Refused for a name no browser would send."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise Refused("The selected file must have a name")
    if len(name) > MAX_TITLE:
        raise Refused(f"The file name must be {MAX_TITLE} characters or fewer")
    if (
        any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name)
        or "/" in name
        or "\\" in name
        or name.startswith(".")
    ):
        raise Refused(
            "The file name must not contain slashes or hidden characters. Rename the file and try again"
        )
    return name


def sniff(data: IO[bytes]) -> tuple[str, int | None]:
    """(kind, pages) from the bytes, or Refused."""
    data.seek(0)
    head = data.read(8)
    data.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf", _pdf_pages(data)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", 1
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg", 1
    if head.startswith(b"PK\x03\x04"):
        return "docx", _docx_pages(data)
    raise Refused("The selected file must be a PDF, a Word document (.docx), or a JPG or PNG image")


def _pdf_pages(data: IO[bytes]) -> int | None:
    """The page count, or None when it cannot be read: a PDF secured with a password to open
    it, or one pypdf cannot parse. Counting pages is a nicety, never a reason to refuse the
    file or fail the request (issue 12: an encrypted PDF was a 500), so any error means None.
    Secured PDFs that open without a password (most from councils) are read: AES needs the
    `cryptography` package, which requirements.txt pins."""
    from pypdf import PdfReader

    try:
        pages: int | None = len(PdfReader(data).pages)
    except Exception:  # noqa: BLE001 (pypdf raises many kinds on hostile files; see above)
        pages = None
    data.seek(0)
    return pages


def _docx_pages(data: IO[bytes]) -> int | None:
    wrong = "The selected file must be a PDF, a Word document (.docx), or a JPG or PNG image"
    try:
        with zipfile.ZipFile(data) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise Refused(wrong)
            if sum(info.file_size for info in archive.infolist()) > _DOCX_MAX_UNPACKED:
                raise Refused(wrong)
            pages = None
            if "docProps/app.xml" in names:
                app = archive.read("docProps/app.xml")[:100_000]
                found = re.search(rb"<(?:\w+:)?Pages>(\d{1,5})</", app)
                pages = int(found.group(1)) if found else None
    except Refused:
        raise
    except Exception as error:  # noqa: BLE001 (a malformed zip may raise anything: refuse it)
        raise Refused(wrong) from error
    finally:
        data.seek(0)
    return pages


def size_error() -> str:
    limit = settings.CASES_MAX_UPLOAD_BYTES
    size = f"{limit // 1024**2}MB" if limit >= 1024**2 else f"{limit // 1024}KB"
    return f"The selected file must be smaller than {size}"


def check(upload: IO[bytes], name: str, size: int) -> Checked:
    title = check_title(name)
    if size == 0:
        raise Refused("The selected file is empty")
    if size > settings.CASES_MAX_UPLOAD_BYTES:
        raise Refused(size_error())
    kind, pages = sniff(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return Checked(kind=kind, title=title, size=size, sha256=digest.hexdigest(), pages=pages)


def store(upload: IO[bytes]) -> str:
    """Write the bytes under a new random name; return the name."""
    storage_name = secrets.token_hex(16)
    final = path_for(storage_name)
    partial = final.with_name(storage_name + ".partial")
    upload.seek(0)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in iter(lambda: upload.read(1024 * 1024), b""):
                out.write(chunk)
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return storage_name


def remove(storage_names: list[str]) -> None:
    for name in storage_names:
        path_for(name).unlink(missing_ok=True)


ASIDE = ".deleted"


def set_aside(storage_names: list[str]) -> list[str]:
    """Rename the files out of reach, inside the transaction that deletes their rows (issue
    12): if the disk refuses (read-only, say), this raises, the transaction rolls back, and
    row and file both stay. A rename, unlike an unlink, can be undone if the commit fails."""
    done: list[str] = []
    try:
        for name in storage_names:
            path = path_for(name)
            if path.exists():
                path.rename(path.with_name(name + ASIDE))
                done.append(name)
    except BaseException:
        restore(done)
        raise
    return done


def restore(storage_names: list[str]) -> None:
    for name in storage_names:
        aside = path_for(name).with_name(name + ASIDE)
        if aside.exists():
            aside.rename(path_for(name))


def remove_set_aside(storage_names: list[str]) -> None:
    for name in storage_names:
        path_for(name).with_name(name + ASIDE).unlink(missing_ok=True)


def safe_download_name(title: str, kind: str) -> str:
    stem = title
    for ext in (".pdf", ".docx", ".png", ".jpg", ".jpeg"):
        if stem.lower().endswith(ext):
            stem = stem[: -len(ext)]
    stem = re.sub(r"[^\w .()-]+", "_", stem).strip(" .") or "document"
    return stem[:100] + extension(kind)
