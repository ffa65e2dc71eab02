"""One PDF from a bundle's documents: an index, continuous page numbers, bookmarks.

`build(sections, out)` takes the bundle's parts in order, each with its documents, and writes:

- an index first (title, date and page range of each document, by part), drawn by WeasyPrint
  and drawn again until its own length settles, since the ranges depend on it;
- every page of every document, each stamped with its number in the bundle (page 1 is the
  index's first), at the bottom right as the page is seen, whatever its size or rotation;
- a bookmark (outline entry) for the index, each part and each document, at its first page.

PDFs are used as they are; images become one page each (Pillow, sized to fit A4); Word
documents are turned into PDF by LibreOffice (`soffice --headless --convert-to pdf`, all of them
in one run). A document that cannot be used (a PDF locked with a password, a broken file, a
Word document where LibreOffice is absent) is left out and reported in plain words: the bundle
is still made. Documents are converted one at a time into a temporary folder and read from there,
not kept in memory; the finished file is written to `out` (a file), never built as bytes.
Nothing here touches the database.
"""

from __future__ import annotations

import html
import io
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, cast

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from send_redress import long_date

logger = logging.getLogger(__name__)

SOFFICE_TIMEOUT = 180
"""Seconds LibreOffice may take to convert every Word document of one bundle."""

NO_LIBREOFFICE = (
    "Word documents cannot be turned into PDF on this service at the moment. Save it as a PDF"
    " (in Word: File, Save As, PDF) and add the PDF instead."
)
LOCKED = "It is locked with a password. Save a copy without the password and add that instead."
BROKEN = "The file is damaged or is not a real PDF, so it could not be read. Add a new copy."
NO_PAGES = "It has no pages."
BAD_IMAGE = "The picture could not be read. Save it again as a JPG or PNG and add it again."
BAD_DOCX = "LibreOffice could not turn this Word document into PDF. Save it as a PDF and add that."


@dataclass(frozen=True)
class Source:
    """One document to put in the bundle. `open` gives its bytes (a file, read once)."""

    title: str
    dated: date | None
    kind: str  # pdf, docx, png or jpeg (what the case file found from the bytes)
    open: Callable[[], IO[bytes]]
    key: str = ""
    """The caller's name for it (a bundle item's id), given back in its index entry."""


@dataclass(frozen=True)
class Section:
    """A part of the bundle, in order: its name and its documents, in order."""

    label: str
    sources: Sequence[Source]


@dataclass(frozen=True)
class Entry:
    part: str
    title: str
    dated: date | None
    first: int
    last: int
    key: str = ""

    @property
    def pages(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first} to {self.last}"


@dataclass(frozen=True)
class Problem:
    title: str
    message: str


@dataclass
class Result:
    pages: int = 0
    index_pages: int = 0
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Unusable(Exception):
    """A document that cannot go in the bundle; its message is for the parent."""


def libreoffice() -> str | None:
    """The LibreOffice program, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def build(
    sections: Sequence[Section],
    out: IO[bytes],
    *,
    title: str,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Result:
    """Write the bundle to `out`; return its index entries, page count and the problems."""
    result = Result()
    total = sum(len(s.sources) for s in sections) + 1  # and writing the file
    with tempfile.TemporaryDirectory(prefix="bundle-") as folder:
        work = Path(folder)
        ready = _prepare(sections, work, result, progress, total)
        entries_without_index = _layout(ready)
        index_pdf, index_pages = _index(title, entries_without_index)
        result.index_pages = index_pages
        result.entries = [
            Entry(e.part, e.title, e.dated, e.first + index_pages, e.last + index_pages, e.key)
            for e in entries_without_index
        ]
        _write(title, index_pdf, ready, result, out)
        progress(total, total)
    return result


@dataclass(frozen=True)
class _Ready:
    part: str
    title: str
    dated: date | None
    path: Path
    pages: int
    key: str = ""


def _prepare(
    sections: Sequence[Section],
    work: Path,
    result: Result,
    progress: Callable[[int, int], None],
    total: int,
) -> list[list[_Ready]]:
    """Each document as a PDF file in `work`, with its page count; problems noted."""
    docx = [(s, i) for s in sections for i in s.sources if i.kind == "docx"]
    converted = _convert_docx([i for _, i in docx], work) if docx else {}
    done = 0
    ready: list[list[_Ready]] = []
    for section in sections:
        part: list[_Ready] = []
        for number, source in enumerate(section.sources):
            try:
                if source.kind == "docx":
                    path = converted.get(id(source))
                    if isinstance(path, str):
                        raise _Unusable(path)
                    if path is None:
                        raise _Unusable(BAD_DOCX)
                else:
                    path = work / f"{len(ready):03d}-{number:04d}.pdf"
                    _to_pdf(source, path)
                pages = _count(path)
                part.append(
                    _Ready(section.label, source.title, source.dated, path, pages, source.key)
                )
            except _Unusable as why:
                result.problems.append(Problem(source.title, str(why)))
            except Exception as error:  # anything else one file does: that file is left out
                logger.warning("a bundle document could not be used (%s)", type(error).__name__)
                result.problems.append(Problem(source.title, BROKEN))
            done += 1
            progress(done, total)
        ready.append(part)
    return ready


def _to_pdf(source: Source, path: Path) -> None:
    with source.open() as data:
        if source.kind == "pdf":
            with path.open("wb") as copy:
                shutil.copyfileobj(data, copy)
        elif source.kind in ("png", "jpeg"):
            _image_page(data, path)
        else:
            raise _Unusable(BROKEN)


A4_INCHES = (8.27, 11.69)


def _image_page(data: IO[bytes], path: Path) -> None:
    """One page holding the picture, turned upright, at a resolution that makes the page A4
    (landscape for a wide picture) or smaller: a photo's pixels would otherwise give a page a
    metre wide."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(data) as opened:
            image = ImageOps.exif_transpose(opened)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            width, height = image.size
            short, long_side = A4_INCHES
            box = (long_side, short) if width > height else (short, long_side)
            dpi = max(72.0, width / box[0], height / box[1])
            image.save(path, "PDF", resolution=dpi)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise _Unusable(BAD_IMAGE) from error


def _count(path: Path) -> int:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):  # an empty password opens some
            raise _Unusable(LOCKED)
        pages = len(reader.pages)
    except _Unusable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise _Unusable(LOCKED) from error
        raise _Unusable(BROKEN) from error
    if pages == 0:
        raise _Unusable(NO_PAGES)
    return pages


def _convert_docx(sources: list[Source], work: Path) -> dict[int, Path | str]:
    """Every Word document through one LibreOffice run (it takes seconds to start). Returns,
    by source, the PDF made or the reason there is none."""
    program = libreoffice()
    if program is None:
        return {id(s): NO_LIBREOFFICE for s in sources}
    inbox = work / "docx"
    inbox.mkdir()
    names = {}
    for number, source in enumerate(sources):
        name = inbox / f"doc-{number:04d}.docx"
        with source.open() as data, name.open("wb") as copy:
            shutil.copyfileobj(data, copy)
        names[id(source)] = name
    # A profile of its own: a LibreOffice already running for someone else is not disturbed.
    profile = (work / "profile").as_uri()
    command = [
        program,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work / "converted"),
        *(str(n) for n in names.values()),
    ]
    try:
        subprocess.run(command, check=False, capture_output=True, timeout=SOFFICE_TIMEOUT, cwd=work)
    except (OSError, subprocess.TimeoutExpired):
        return {id(s): BAD_DOCX for s in sources}
    made: dict[int, Path | str] = {}
    for key, name in names.items():
        pdf = work / "converted" / f"{name.stem}.pdf"
        made[key] = pdf if pdf.exists() else BAD_DOCX
    return made


def _layout(ready: list[list[_Ready]]) -> list[Entry]:
    """Page ranges counted from 1 after the index (the index's length is added later)."""
    entries, page = [], 1
    for part in ready:
        for doc in part:
            entries.append(
                Entry(doc.part, doc.title, doc.dated, page, page + doc.pages - 1, doc.key)
            )
            page += doc.pages
    return entries


def _index_html(title: str, entries: list[Entry], shift: int) -> str:
    rows, current = [], None
    for e in entries:
        if e.part != current:
            current = e.part
            rows.append(f'<tr><th colspan="3" scope="rowgroup">{html.escape(e.part)}</th></tr>')
        first, last = e.first + shift, e.last + shift
        pages = str(first) if first == last else f"{first} to {last}"
        when = long_date(e.dated) if e.dated else "No date"
        rows.append(f"<tr><td>{html.escape(e.title)}</td><td>{when}</td><td>{pages}</td></tr>")
    body = "".join(rows) or '<tr><td colspan="3">No documents.</td></tr>'
    return f"""<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>{html.escape(title)}</title><style>
@page {{ size: A4; margin: 20mm 18mm 24mm 18mm; }}
body {{ font-family: sans-serif; font-size: 12pt; line-height: 1.35; }}
h1 {{ font-size: 18pt; margin: 0 0 4mm; }}
table {{ width: 100%; border-collapse: collapse; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
th, td {{ text-align: left; vertical-align: top; padding: 2mm 2mm; border-bottom: 0.3pt solid #b1b4b6; }}
th[scope=rowgroup] {{ padding-top: 5mm; font-size: 13pt; }}
td:nth-child(2) {{ width: 34mm; }} td:nth-child(3) {{ width: 28mm; }}
</style></head><body><h1>{html.escape(title)}: index</h1>
<table><thead><tr><th scope="col">Document</th><th scope="col">Date</th>
<th scope="col">Pages</th></tr></thead><tbody>{body}</tbody></table></body></html>"""


ROWS_PER_PAGE = 24


def _index(title: str, entries: list[Entry]) -> tuple[bytes, int]:
    """The index as PDF bytes, and its page count: drawn again until the ranges it prints
    (which start after it) no longer change its own length."""
    from weasyprint import HTML

    # A first guess from the rows (about 24 to an A4 page, a part's heading taking one), so the
    # index is usually drawn once; each drawing of a long index costs about a second.
    rows = len(entries) + len({e.part for e in entries})
    pages = 1 + rows // ROWS_PER_PAGE
    for _ in range(5):
        pdf: bytes = HTML(string=_index_html(title, entries, pages)).write_pdf()
        counted = len(PdfReader(io.BytesIO(pdf)).pages)
        if counted == pages:
            return pdf, pages
        pages = counted
    raise RuntimeError("the index did not settle")  # pragma: no cover - a page count oscillating


# ---- writing: pages, stamps, bookmarks ------------------------------------------------------

STAMP_FONT = NameObject("/SRBundleNumber")
MARGIN = 20.0  # points from the page's edges (about 7 mm)
FONT_SIZE = 11.0
DIGIT_WIDTH = 0.556  # Helvetica's digits are 556/1000 of an em wide


def _write(
    title: str, index_pdf: bytes, ready: list[list[_Ready]], result: Result, out: IO[bytes]
) -> None:
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    save = DecodedStreamObject()
    save.set_data(b"q\n")
    save_ref = writer._add_object(save)
    number = 0

    def add(reader: PdfReader) -> int:
        nonlocal number
        first = len(writer.pages)
        for page in reader.pages:
            added = writer.add_page(page)
            number += 1
            _stamp(writer, added, number, font, save_ref)
        return first

    index_at = add(PdfReader(io.BytesIO(index_pdf)))
    writer.add_outline_item(title="Index", page_number=index_at)
    for part in ready:
        if not part:
            continue
        parent = None
        for doc in part:
            reader = PdfReader(doc.path)
            if reader.is_encrypted:
                reader.decrypt("")
            at = add(reader)
            if parent is None:
                parent = writer.add_outline_item(title=doc.part, page_number=at)
            when = f", {long_date(doc.dated)}" if doc.dated else ""
            writer.add_outline_item(
                title=f"{doc.title}{when} (page {at + 1})", page_number=at, parent=parent
            )
    writer.add_metadata({"/Title": title, "/Producer": "SEND Redress"})
    writer._root_object[NameObject("/Lang")] = _text("en-GB")
    writer.page_mode = "/UseOutlines"
    result.pages = number
    writer.write(out)


def _text(value: str) -> object:
    from pypdf.generic import TextStringObject

    return TextStringObject(value)


def _stamp(writer: PdfWriter, page: object, number: int, font: object, save_ref: object) -> None:
    """Draw `number` at the bottom right of the page as it is seen: the page's own content is
    wrapped in q/Q so nothing it leaves in the graphics state moves or hides the stamp."""
    from pypdf import PageObject

    assert isinstance(page, PageObject)
    box = page.cropbox
    x0, y0, x1, y1 = (float(v) for v in (box.left, box.bottom, box.right, box.top))
    rotate = page.rotation % 360
    text = str(number)
    width = DIGIT_WIDTH * FONT_SIZE * len(text)
    # The seen page's axes in the page's own space: (a b c d) and where its bottom-left is.
    if rotate == 90:
        matrix, origin, seen_width = (0, 1, -1, 0), (x1, y0), y1 - y0
    elif rotate == 180:
        matrix, origin, seen_width = (-1, 0, 0, -1), (x1, y1), x1 - x0
    elif rotate == 270:
        matrix, origin, seen_width = (0, -1, 1, 0), (x0, y1), y1 - y0
    else:
        matrix, origin, seen_width = (1, 0, 0, 1), (x0, y0), x1 - x0
    x, y = seen_width - MARGIN - width, MARGIN
    a, b, c, d = matrix
    stamp = (
        f"\nQ q {a} {b} {c} {d} {origin[0]:.2f} {origin[1]:.2f} cm"
        f" 1 g {x - 3:.2f} {y - 3:.2f} {width + 6:.2f} {FONT_SIZE + 4:.2f} re f"
        f" 0 g BT {STAMP_FONT} {FONT_SIZE} Tf {x:.2f} {y:.2f} Td ({text}) Tj ET Q\n"
    )
    stream = DecodedStreamObject()
    stream.set_data(stamp.encode("ascii"))
    stamp_ref = writer._add_object(stream)

    contents = page.get(NameObject("/Contents"))
    existing = [] if contents is None else contents.get_object()
    parts = list(existing) if isinstance(existing, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([save_ref, *parts, stamp_ref])

    resources = page.get(NameObject("/Resources"))
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    # A page's /Resources, and the /Font in it, are dictionaries (ISO 32000-1, 7.8.3); pypdf
    # types a dereferenced object as any PdfObject.
    resources = cast(DictionaryObject, resources.get_object())
    fonts = resources.get(NameObject("/Font"))
    if fonts is None:
        fonts = DictionaryObject()
        resources[NameObject("/Font")] = fonts
    cast(DictionaryObject, fonts.get_object())[STAMP_FONT] = font
