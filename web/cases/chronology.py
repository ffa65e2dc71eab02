"""The chronology for a tribunal bundle: every event in date order with its documents.

Documents get references D1, D2... in the order they would sit in a bundle (by their event's
date, then those not linked to an event, by upload), and page numbers within that bundle where
every page count before them is known. Rendered as PDF (WeasyPrint, tagged PDF/UA-1) and DOCX.
"""

from __future__ import annotations

import gc
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.template.loader import render_to_string

from send_redress import load_content, long_date
from web.common.forms import without_control_characters

from . import documents
from .audit import membership_of
from .models import Case, Document, Event


@dataclass(frozen=True)
class DocRef:
    ref: str
    title: str
    """The document's name and the date on it: "Decision letter, 11 December 2026"."""
    pages: str
    """"pages 3 to 5", "page 6", or "" when not known."""
    document: Document


@dataclass(frozen=True)
class Row:
    date: date
    label: str
    who: str
    what: str
    refs: tuple[DocRef, ...]
    written_by: str = ""
    """Who wrote the entry when it was not the parent, e.g. "Alex Smith, adviser at Bedford
    SENDIASS" (issue 12: a bundle must not pass off an adviser's note as the parent's)."""


def written_by(event: Event, case: Case) -> str:
    """ "" for the parent's own entries; otherwise the author's name, role and organisation."""
    if event.author_id in (None, case.owner_id):
        return ""
    found = membership_of(event.author) if event.author_id else None
    if found is None:
        return "someone other than the parent"
    role = found.get_role_display().lower()
    return f"{found.label}, {role} at {found.organisation.name}"


def _pages(start: int, count: int) -> str:
    return f"page {start}" if count == 1 else f"pages {start} to {start + count - 1}"


def build(case: Case) -> tuple[list[Row], list[DocRef]]:
    events = list(Event.objects.filter(case=case).order_by("date", "id"))
    docs = list(Document.objects.filter(case=case).order_by("uploaded_at", "id"))
    by_event: dict[int | None, list[Document]] = {}
    for doc in docs:
        by_event.setdefault(doc.event_id, []).append(doc)
    ordered = [d for e in events for d in by_event.get(e.pk, [])] + by_event.get(None, [])
    refs: dict[int, DocRef] = {}
    page: int | None = 1
    for number, doc in enumerate(ordered, start=1):
        pages = ""
        if page is not None and doc.pages:
            pages = _pages(page, doc.pages)
            page += doc.pages
        else:
            page = None
        refs[doc.pk] = DocRef(f"D{number}", doc.description, pages, doc)
    rows = [
        Row(
            e.date,
            e.label,
            e.who,
            e.what,
            tuple(refs[d.pk] for d in by_event.get(e.pk, [])),
            written_by(e, case),
        )
        for e in events
    ]
    return rows, [refs[d.pk] for d in ordered]


def title(case: Case) -> str:
    return f"Chronology: {case.child_name}"


def council_name(case: Case) -> str:
    council = load_content().councils.get(case.council)
    return council.name if council is not None else "the council"


def introduction(case: Case, rows: list[Row]) -> str:
    """The chronology's first words, in the third person (issue 15: it goes in a Tribunal
    bundle, read by people who do not know the family): the child's full name, their date of
    birth, the council, what the disagreement is about and the dates it covers."""
    words = (
        f"This chronology sets out the events about {case.child_name}, born "
        f"{long_date(case.child_date_of_birth)}, and {council_name(case)}. "
        f"It is about: {case.concern_label.rstrip('.')}."
    )
    if rows:
        first, last = rows[0].date, rows[-1].date
        span = long_date(first) if first == last else f"{long_date(first)} to {long_date(last)}"
        words += f" It covers {span}."
    return words


def download_name(case: Case, kind: str, day: date) -> str:
    """The file's name: whose chronology it is and the day it was made, e.g.
    "Chronology Sam Smith 2027-02-01.pdf" (never a path: unsafe characters are replaced)."""
    return documents.safe_download_name(f"Chronology {case.child_name} {day.isoformat()}", kind)


def author(case: Case) -> str:
    """Who the DOCX says wrote it: the case's owner, the parent (by their account's address,
    the only name an account holds)."""
    return str(getattr(case.owner, "email", "") or "")


_gc_lock = threading.Lock()
_gc_paused = 0
_gc_was_enabled = False


@contextmanager
def _gc_paused_during() -> Iterator[None]:
    """Pause the cyclic garbage collector for the length of a render.

    WeasyPrint allocates millions of short-lived objects for a long chronology; generation scans
    triggered by them took about a fifth of the render (issue 5). Counted so that overlapping
    renders in other threads only turn it back on when the last one ends; the cycles left are
    collected by the next automatic collection.
    """
    global _gc_paused, _gc_was_enabled
    with _gc_lock:
        if _gc_paused == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_paused += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_paused -= 1
            if _gc_paused == 0 and _gc_was_enabled:
                gc.enable()


def to_pdf(case: Case) -> bytes:
    from weasyprint import HTML

    rows, refs = build(case)
    html = render_to_string(
        "cases/chronology_pdf.html",
        {
            "case": case,
            "rows": rows,
            "refs": refs,
            "title": title(case),
            "introduction": introduction(case, rows),
            "author": author(case),
            "long_date": long_date,
        },
    )
    with _gc_paused_during():
        pdf: bytes = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def _clean_rows(rows: list[Row]) -> list[Row]:
    """Rows whose text a DOCX can hold, whatever is in the database (issue 12: entries saved
    before input was cleaned, or written by other means)."""
    clean = without_control_characters
    return [
        Row(r.date, r.label, clean(r.who), clean(r.what), r.refs, clean(r.written_by)) for r in rows
    ]


def to_docx(case: Case) -> bytes:
    from docx import Document as Docx

    rows, refs = build(case)
    rows = _clean_rows(rows)
    doc = Docx()
    properties = doc.core_properties
    properties.title = without_control_characters(title(case))
    properties.subject = without_control_characters(introduction(case, rows))
    properties.language = "en-GB"
    # python-docx's template says "python-docx" here: the file is the parent's, not ours.
    properties.author = properties.last_modified_by = without_control_characters(author(case))
    properties.comments = properties.keywords = properties.category = ""
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    doc.add_heading(without_control_characters(title(case)), level=1)
    doc.add_paragraph(without_control_characters(introduction(case, rows)))
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("Date", "Event", "Details", "Documents"), strict=True
    ):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        cells[0].text = long_date(row.date)
        cells[1].text = row.label
        cells[2].text = "\n".join(
            x
            for x in (
                row.written_by and f"Written by {row.written_by}",
                row.who and f"Who: {row.who}",
                row.what,
            )
            if x
        )
        cells[3].text = without_control_characters(
            "\n".join(
                f"{r.ref}: {r.title}" + (f" ({r.pages})" if r.pages else "") for r in row.refs
            )
        )
    unlinked = [r for r in refs if r.document.event_id is None]
    if unlinked:
        doc.add_heading("Other documents", level=2)
        for r in unlinked:
            line = f"{r.ref}: {r.title}" + (f" ({r.pages})" if r.pages else "")
            doc.add_paragraph(without_control_characters(line))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
