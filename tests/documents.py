"""Reading documents back, for every test that makes one (letters, case-file exports, the
letter pages): a DOCX with python-docx, a PDF with pypdf and with poppler's pdftotext, pdfinfo
and pdffonts (make test-deps installs poppler-utils)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

_FOOTER = re.compile(r"Page \d+ of \d+")
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def flat(text: str) -> str:
    """Whitespace runs as one space: line wrapping differs between formats."""
    return " ".join(text.split())


def docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph, in order."""
    from docx import Document

    document = Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in document.paragraphs]


def docx_text(data: bytes) -> str:
    return "\n".join(text for _, text in docx_paragraphs(data))


def poppler(tool: str, pdf: bytes, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install poppler-utils (make test-deps does)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "letter.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    return result.stdout


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it, without page footers or bidi marks."""
    return _BIDI_MARKS.sub("", _FOOTER.sub("", poppler("pdftotext", pdf)))


def pdf_text_pypdf(pdf: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return _FOOTER.sub("", "\n".join(page.extract_text() for page in reader.pages))


def pdf_info(pdf: bytes) -> dict[str, str]:
    lines = poppler("pdfinfo", pdf).splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def pdf_fonts(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font with its name and the emb/sub/uni columns."""
    lines = poppler("pdffonts", pdf).splitlines()[2:]
    fonts = []
    for line in lines:
        fields = line.split()
        # name type... encoding emb sub uni object-number generation
        fonts.append({"name": fields[0], "emb": fields[-5], "sub": fields[-4], "uni": fields[-3]})
    return fonts


def pdf_words(pdf: bytes) -> list[dict[str, float]]:
    """Every word's box (pdftotext -bbox), with the page width."""
    xhtml = poppler("pdftotext", pdf, "-bbox")
    width = float(re.search(r'<page width="([\d.]+)"', xhtml).group(1))  # type: ignore[union-attr]
    return [
        {"xMin": float(a), "xMax": float(b), "page_width": width}
        for a, b in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', xhtml)
    ]
