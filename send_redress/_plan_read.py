"""Reading an EHC plan into pages of lines: pasted text, Word (DOCX), PDF with a text layer, and a
scanned PDF through OCR (Debian's Tesseract, with pdftoppm to make page images).

Nothing here keeps the plan: the bytes are read in memory, and OCR works in a private temporary
folder that is removed when it ends. Problems a person can act on (an encrypted file, a file that
is not a plan's format, a scan) raise `PlanReadError` with a code and a plain message; nothing
else is expected to escape.

python-docx and pypdf are imported on first use (they are the `letters` and `web` extras).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_PAGES = 200
"""A plan with its appendices is rarely longer (the Tribunal's budget for the plan and its
appendices is 150 pages); a longer file is most likely a whole bundle."""
MAX_OCR_PAGES = 60
"""OCR takes seconds a page: a scan longer than this is refused rather than queued for an hour."""
MAX_BYTES = 20 * 1024 * 1024
MIN_TEXT_CHARACTERS_PER_PAGE = 25
"""Fewer letters than this a page on average, and the PDF is taken to be a scan."""
OCR_RESOLUTION = 200
"""Dots per inch for the page images: Tesseract reads typed text well at 200, and 300 takes about
twice as long for little gain on a plan's plain fonts."""
OCR_TIMEOUT_SECONDS = 120
"""For one page; a page that takes longer is stuck, not slow."""


class PlanReadError(ValueError):
    """The file cannot be read as a plan. `code` is one of CODES; `message` is for the person."""

    CODES = (
        "empty",
        "too-big",
        "not-supported",
        "corrupt",
        "encrypted",
        "too-long",
        "scanned",
        "ocr-unavailable",
        "ocr-failed",
    )

    def __init__(self, code: str, message: str) -> None:
        assert code in self.CODES, code
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Line:
    text: str
    page: int
    """1-based; 1 for pasted text and for a Word file without page breaks."""
    number: int
    """The line's number on its page, 1-based."""
    row: bool = False
    """A table row (its cells joined with " | "): one item, never joined to the next line."""


@dataclass(frozen=True)
class PlanText:
    lines: tuple[Line, ...]
    pages: int
    format: str
    """"text", "docx", "pdf" or "pdf-ocr"."""
    raw: str = field(repr=False, default="")
    """All the text, for finding the plan's kind and date before headers are removed."""


def read_plan(data: bytes, filename: str = "") -> PlanText:
    """Read a plan's bytes: PDF, DOCX or UTF-8 text, told apart by their first bytes (the name is
    only a hint). A scan raises PlanReadError("scanned"); `ocr_pdf` reads it."""
    if not data.strip():
        raise PlanReadError("empty", "The file is empty.")
    if len(data) > MAX_BYTES:
        raise PlanReadError(
            "too-big",
            f"The file is bigger than {MAX_BYTES // (1024 * 1024)} MB. Upload the plan on its own, without the reports.",
        )
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return _read_pdf(data)
    if data.startswith(b"PK\x03\x04"):
        return _read_docx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanReadError(
            "not-supported",
            "This is an old Word file (.doc). Save it as a .docx or a PDF and try again.",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        lower = filename.lower()
        if lower.endswith((".pdf", ".docx")):
            raise PlanReadError(
                "corrupt", "The file seems to be damaged: it could not be opened."
            ) from None
        raise PlanReadError(
            "not-supported", "This file is not a PDF, a Word file (.docx) or plain text."
        ) from None
    if "\x00" in text:
        raise PlanReadError(
            "not-supported", "This file is not a PDF, a Word file (.docx) or plain text."
        )
    return read_text(text)


def read_text(text: str) -> PlanText:
    """Pasted text: a form feed starts a new page (pdftotext and many tools write one)."""
    pages = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    return _plan_from_pages([page.split("\n") for page in pages], "text")


def _plan_from_pages(
    pages: list[list[str]], kind: str, rows: set[tuple[int, int]] | None = None
) -> PlanText:
    lines = []
    for page_number, page in enumerate(pages, start=1):
        for number, text in enumerate(page, start=1):
            lines.append(
                Line(_clean(text), page_number, number, (page_number, number) in (rows or ()))
            )
    raw = "\n".join(line.text for line in lines)
    return PlanText(tuple(lines), max(len(pages), 1), kind, raw)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\u00ad]")


def _clean(text: str) -> str:
    text = _CONTROL.sub("", text.replace("\t", " ").replace("\u00a0", " "))
    return re.sub(r" {2,}", " ", text).strip()


# --- Word -----------------------------------------------------------------------------------


def _read_docx(data: bytes) -> PlanText:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "EncryptionInfo" in names:
                raise PlanReadError(
                    "encrypted",
                    "The Word file is protected with a password. Open it, remove the password, save it and try again.",
                )
            if "word/document.xml" not in names:
                raise PlanReadError("not-supported", "This is a zip file, not a Word document.")
    except zipfile.BadZipFile:
        raise PlanReadError(
            "corrupt", "The Word file seems to be damaged: it could not be opened."
        ) from None
    try:
        from docx import Document
        from docx.oxml.ns import qn

        document = Document(io.BytesIO(data))
    except PlanReadError:
        raise
    except Exception:  # python-docx raises many kinds for a damaged file
        raise PlanReadError(
            "corrupt", "The Word file seems to be damaged: it could not be opened."
        ) from None

    pages: list[list[str]] = [[]]
    rows: set[tuple[int, int]] = set()
    page_break = qn("w:br")
    rendered_break = qn("w:lastRenderedPageBreak")
    break_type = qn("w:type")

    def paragraph_text(element: object) -> str:
        return "".join(node.text or "" for node in element.iter(qn("w:t")))  # type: ignore[attr-defined]

    def breaks_in(element: object) -> int:
        count = 0
        for node in element.iter(page_break, rendered_break):  # type: ignore[attr-defined]
            if node.tag == rendered_break or node.get(break_type) == "page":
                count += 1
        return count

    sdt, sdt_content = qn("w:sdt"), qn("w:sdtContent")

    def blocks(parent: Any) -> Iterator[Any]:
        """The body's paragraphs and tables in order, inside content controls too (councils'
        plan templates wrap whole sections in them)."""
        for child in parent.iterchildren():
            if child.tag == sdt:
                for content in child.iterchildren(sdt_content):
                    yield from blocks(content)
            else:
                yield child

    for element in blocks(document.element.body):
        if element.tag == qn("w:p"):
            for _ in range(breaks_in(element)):
                pages.append([])
            pages[-1].append(paragraph_text(element))
        elif element.tag == qn("w:tbl"):
            for row in element.iter(qn("w:tr")):
                cells: list[str] = []
                for cell in row.iter(qn("w:tc")):
                    text = " ".join(
                        t for t in (paragraph_text(p) for p in cell.iter(qn("w:p"))) if t.strip()
                    )
                    if text.strip() and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                if cells:
                    pages[-1].append(" | ".join(cells))
                    rows.add((len(pages), len(pages[-1])))
    if len(pages) > MAX_PAGES:
        raise _too_long(len(pages))
    return _plan_from_pages(pages, "docx", rows)


# --- PDF ------------------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs and warns about damaged files ("EOF marker not found"); the person gets our
    message instead, and nothing about the file goes to the logs."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _open_pdf(data: bytes) -> object:
    with _quiet_pypdf():
        return _open_pdf_quietly(data)


def _open_pdf_quietly(data: bytes) -> object:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            # Opened with the empty password, a PDF limited only by its owner password reads
            # as any other; one that needs a password to open cannot be read.
            raise PlanReadError(
                "encrypted",
                "The PDF is protected with a password. Open it, print or save it as a new PDF without the password, and try again.",
            )
        len(reader.pages)
    except PlanReadError:
        raise
    except Exception:  # pypdf raises many kinds for a damaged file
        raise PlanReadError(
            "corrupt", "The PDF seems to be damaged: it could not be opened."
        ) from None
    return reader


def _too_long(pages: int) -> PlanReadError:
    return PlanReadError(
        "too-long",
        f"The file has {pages} pages. We check up to {MAX_PAGES}. Upload the plan on its own (sections A to J), without the reports in section K.",
    )


def _read_pdf(data: bytes) -> PlanText:
    reader = _open_pdf(data)
    count = len(reader.pages)  # type: ignore[attr-defined]
    if count > MAX_PAGES:
        raise _too_long(count)
    pages: list[list[str]] = []
    rows: set[tuple[int, int]] = set()
    # Layout text keeps a table's cells on one line, apart by runs of spaces: a row. poppler's
    # pdftotext makes it in a tenth of a second for 40 pages; pypdf's layout mode, the fallback
    # where poppler is not installed, takes seconds.
    laid_out = _pdftotext_layout(data, count)
    try:
        if laid_out is None:
            with _quiet_pypdf():
                laid_out = [
                    page.extract_text(extraction_mode="layout") or ""
                    for page in reader.pages  # type: ignore[attr-defined]
                ]
    except Exception:
        raise PlanReadError(
            "corrupt", "The PDF seems to be damaged: its text could not be read."
        ) from None
    for page_text in laid_out:
        lines, page_rows = _layout_rows(page_text.split("\n"))
        pages.append(lines)
        rows.update((len(pages), number) for number in page_rows)
    letters = sum(1 for page in pages for line in page for ch in line if ch.isalpha())
    if letters < MIN_TEXT_CHARACTERS_PER_PAGE * count:
        raise PlanReadError(
            "scanned",
            "This PDF is a scan (pictures of pages), so its words must be read by OCR first. This takes a few seconds a page.",
        )
    return _plan_from_pages(pages, "pdf", rows)


def _pdftotext_layout(data: bytes, count: int) -> list[str] | None:
    """Each page's text laid out by poppler's pdftotext, or None (not installed, or it failed:
    pypdf then tries)."""
    if shutil.which("pdftotext") is None:
        return None
    try:
        done = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", "-q", "-", "-"],
            input=data,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        return None
    pages = done.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends each page, the last too, with a form feed
    return pages if len(pages) == count else None


_CELL_GAP = re.compile(r"\s{3,}")


def _layout_rows(raw: list[str]) -> tuple[list[str], set[int]]:
    """A page's lines as pypdf lays them out: a line of two or more cells (apart by 3 spaces or
    more) is a table row, its cells joined with " | "; an indented line after a row is the rest
    of a cell that wrapped, and joins the row."""
    lines: list[str] = []
    rows: set[int] = set()
    for text in raw:
        stripped = text.strip()
        if not stripped:
            if lines and lines[-1]:
                lines.append("")
            continue
        cells = _CELL_GAP.split(stripped)
        indent = len(text) - len(text.lstrip())
        if lines and len(lines) in rows and indent >= 6 and len(cells) <= 2:
            lines[-1] = lines[-1] + " " + " ".join(cells)
            continue
        if len(cells) >= 2:
            lines.append(" | ".join(cells))
            rows.add(len(lines))
        else:
            lines.append(stripped)
    return lines, rows


def pdf_page_count(data: bytes) -> int:
    return len(_open_pdf(data).pages)  # type: ignore[attr-defined]


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None and shutil.which("pdftoppm") is not None


def ocr_pdf(data: bytes, progress: Callable[[int, int], None] | None = None) -> PlanText:
    """Read a scanned PDF: each page made an image by pdftoppm, then read by Tesseract (English),
    one page at a time so that `progress(done, total)` can be told after each."""
    if not ocr_available():
        raise PlanReadError(
            "ocr-unavailable",
            "This PDF is a scan, and this server cannot read scans (Tesseract is not installed).",
        )
    total = pdf_page_count(data)
    if total > MAX_OCR_PAGES:
        raise PlanReadError(
            "too-long",
            f"This scan has {total} pages. We can read scans of up to {MAX_OCR_PAGES} pages. Upload the plan on its own, without the reports.",
        )
    pages: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="plan-ocr-") as folder:
        source = os.path.join(folder, "plan.pdf")
        with open(source, "wb") as handle:
            handle.write(data)
        for number in range(1, total + 1):
            image = os.path.join(folder, f"page-{number}")
            _run(
                [
                    "pdftoppm",
                    "-r",
                    str(OCR_RESOLUTION),
                    "-gray",
                    "-png",
                    "-singlefile",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    source,
                    image,
                ]
            )
            text = _run(["tesseract", image + ".png", "stdout", "-l", "eng", "--psm", "4"])
            os.unlink(image + ".png")
            pages.append(text.split("\n"))
            if progress is not None:
                progress(number, total)
    return _plan_from_pages(pages, "pdf-ocr")


def _run(command: list[str]) -> str:
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=OCR_TIMEOUT_SECONDS,
            check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired:
        raise PlanReadError(
            "ocr-failed", "Reading the scan took too long and was stopped."
        ) from None
    if done.returncode != 0:
        # The tool's own message may quote the page; it is not passed on.
        raise PlanReadError("ocr-failed", "The scan could not be read.")
    return done.stdout.decode("utf-8", "replace")
