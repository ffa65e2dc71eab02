"""Uploaded documents: what kind they really are, and where their bytes live.

The type comes from the content (magic bytes; for DOCX, the zip's parts), never from the name
or the browser's Content-Type. Bytes go through Django's storage API, the `documents` storage
(settings.STORAGES): by default a directory, CASES_DOCUMENT_ROOT (outside the web root); with
SEND_REDRESS_DOCUMENT_STORAGE=s3, an S3-compatible bucket. Names are random, with no
extension; files the queue makes (web/jobs) are under `generated/`. Nothing reads a document
from a local path: every read is `storage().open(name)`, so every web node and worker sees the
same files as long as they share the store (with the filesystem store: one shared volume).
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
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

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


GENERATED = "generated/"
"""Where the queue's files (chronologies, exports) go in the same storage."""


class DocumentStorage(FileSystemStorage):
    """The default `documents` storage: a directory, CASES_DOCUMENT_ROOT, read at each use (so a
    test can move it), with files only this user can read (0600, directories 0700)."""

    _location: (
        str | os.PathLike[str] | None
    )  # FileSystemStorage's own `location` option (django-stubs omits it)

    def __init__(self, **options: Any) -> None:
        options.setdefault("file_permissions_mode", 0o600)
        options.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**options)

    @property
    def base_location(self) -> str:
        return str(self._location or settings.CASES_DOCUMENT_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def storage() -> Storage:
    return storages["documents"]


def checked_name(storage_name: str) -> str:
    """A name this module made (random hex, maybe under generated/), or ValueError: a name
    from the database is never trusted as a path."""
    if not re.fullmatch(r"(generated/)?[0-9a-f]{32}", storage_name):
        raise ValueError("not a storage name")
    return storage_name


def open_stored(storage_name: str) -> IO[bytes]:
    """The stored bytes, to read; FileNotFoundError if they are gone."""
    handle: IO[bytes] = storage().open(checked_name(storage_name), "rb")
    return handle


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


def store(upload: IO[bytes], *, generated: bool = False) -> str:
    """Write the bytes under a new random name; return the name. A name is never reused, and
    the row that points at it is written after this returns, so no reader sees a partial file."""
    wanted = (GENERATED if generated else "") + secrets.token_hex(16)
    upload.seek(0)
    saved = storage().save(wanted, File(upload, name=wanted))
    if saved != wanted:  # the storage renamed it: the name was taken (never, in practice)
        storage().delete(saved)
        raise RuntimeError("a random storage name was already taken")
    return saved


def remove(storage_names: list[str]) -> None:
    for name in storage_names:
        if name:
            storage().delete(checked_name(name))


ASIDE = ".deleted"


def _local_path(name: str) -> Path | None:
    """The file's path when the storage is a local directory, else None (object storage)."""
    try:
        return Path(storage().path(checked_name(name)))
    except NotImplementedError:
        return None


def set_aside(storage_names: list[str]) -> list[str]:
    """Inside the transaction that deletes their rows (issue 12): move the files out of reach.
    If the storage refuses (a read-only disk, say), this raises, the transaction rolls back,
    and row and file both stay. On a local directory it is a rename, undone if the commit
    fails; a storage without paths deletes the file here, so a refusal still keeps both."""
    done: list[str] = []
    try:
        for name in storage_names:
            path = _local_path(name) if name else None
            if path is None:
                if name:
                    storage().delete(checked_name(name))
                continue
            if path.exists():
                path.rename(path.with_name(path.name + ASIDE))
                done.append(name)
    except BaseException:
        restore(done)
        raise
    return done


def restore(storage_names: list[str]) -> None:
    for name in storage_names:
        path = _local_path(name)
        if path is not None and path.with_name(path.name + ASIDE).exists():
            path.with_name(path.name + ASIDE).rename(path)


def remove_set_aside(storage_names: list[str]) -> None:
    for name in storage_names:
        path = _local_path(name)
        if path is not None:
            path.with_name(path.name + ASIDE).unlink(missing_ok=True)


def safe_download_name(title: str, kind: str) -> str:
    stem = title
    for ext in (".pdf", ".docx", ".png", ".jpg", ".jpeg"):
        if stem.lower().endswith(ext):
            stem = stem[: -len(ext)]
    stem = re.sub(r"[^\w .()-]+", "_", stem).strip(" .") or "document"
    return stem[:100] + extension(kind)
