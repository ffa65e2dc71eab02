"""What a worker loads before its first job: WeasyPrint, Pango and the fonts a chronology
embeds. The first chronology after start-up took seconds longer than the rest (the import,
then fonts found and loaded on first use: 4.8 s against 0.2 s for the next, on a busy machine);
a small PDF in the same fonts and styles, drawn once at start, pays that before anyone waits
(the first real one then took 0.25 to 0.39 s)."""

from __future__ import annotations

import time
from types import SimpleNamespace

from django.template.loader import render_to_string


def warm_pdf() -> float:
    """Import WeasyPrint and draw one small chronology-styled PDF; return the seconds taken."""
    started = time.perf_counter()
    from weasyprint import HTML

    html = render_to_string(
        "cases/chronology_pdf.html",
        {
            "case": SimpleNamespace(child_date_of_birth="1 January 2020", concern_label="Warm"),
            "rows": [
                SimpleNamespace(date="1 May 2027", label="Bold", who="Who", what="Text", refs=[])
            ],
            "refs": [],
            "title": "Chronology",
            "long_date": str,
        },
    )
    HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return time.perf_counter() - started
