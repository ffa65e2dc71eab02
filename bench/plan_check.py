"""Benchmarks of the plan checker (issue 16). Run: make bench-plan-check

- A 40-page text plan (every section, 300 provision paragraphs in F, headers and footers on every
  page) read and checked: median wall time, target under 1 s, against a baseline measured in the
  same run (reading the same plan into lines without checking it).
- The same plan as a 40-page PDF with a text layer (WeasyPrint), read by pypdf and checked.
- OCR: a 3-page scan (an image-only PDF made from rendered text) read by pdftoppm and Tesseract:
  seconds per page, median of the runs.
- Precision and recall of the checks against the annotated corpus (tests/plans/corpus).
Medians, not means: the machine is shared.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from send_redress._plan_check import check_plan, load_rules  # noqa: E402
from send_redress._plan_read import ocr_pdf, read_plan  # noqa: E402
from tests.plans.corpus import to_pdf, to_scan  # noqa: E402

TODAY = date(2026, 12, 2)
SUBJECTS = (
    "phonics",
    "spelling",
    "handwriting",
    "vocabulary",
    "number bonds",
    "reading comprehension",
    "social communication",
    "emotional regulation",
    "typing",
    "attention",
    "memory",
    "listening",
)
GOOD = "Sam will receive a structured {subject} programme for {minutes} minutes daily, one-to-one with a teaching assistant trained in the programme."
POOR = "Sam will have access to regular small group work on {subject} where possible, as agreed at meeting {minutes}."


def long_plan(pages: int, per_page: int = 8) -> str:
    """`pages` pages of a plan, form feeds between them, a header and a footer on each."""
    heads = [
        "Section A: Views",
        "Section B: Special educational needs",
        "Section C: Health care needs",
        "Section D: Social care needs",
        "Section E: Outcomes",
        "Section F: Special educational provision",
    ]
    out = []
    for page in range(1, pages + 1):
        lines = ["Education, Health and Care Plan for Sam Example - DRAFT"]
        if page <= len(heads):
            lines.append(heads[page - 1])
        for n in range(per_page):
            number = page * 100 + n
            if page == 2:
                lines.append(f"Sam has difficulty with reading and spelling, need {number}.")
            elif page == 5:
                lines.append(
                    f"By the end of Year 4, Sam will read 20 words accurately, outcome {number}."
                )
            else:
                subject = SUBJECTS[(page * 7 + n) % len(SUBJECTS)]
                minutes = 10 + (page * 8 + n) % 50
                lines.append(
                    (POOR if n % 3 == 0 else GOOD).format(subject=subject, minutes=minutes)
                )
            lines.append("")
        if page == pages:
            lines += [
                "Section I: Placement",
                "To be named in the final plan.",
                "Section K: Advice",
                "Reports.",
            ]
        lines.append(f"Page {page} of {pages}")
        out.append("\n".join(lines))
    return "\f".join(out)


def median_seconds(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    load_rules()  # loaded once per process, as the web service does
    forty = long_plan(40).encode()
    base = median_seconds(lambda: read_plan(forty), 11)
    text_40 = median_seconds(lambda: check_plan(read_plan(forty), today=TODAY), 11)
    findings = len(check_plan(read_plan(forty), today=TODAY).findings)
    print(
        f"40-page text plan: median {text_40 * 1000:.0f} ms ({findings} findings); "
        f"reading alone {base * 1000:.1f} ms; ratio {text_40 / base:.1f}x; target < 1000 ms: "
        f"{'met' if text_40 < 1 else 'NOT met'}"
    )
    pdf = to_pdf(
        long_plan(40).replace("\f", "\n[page]\n"), "Education, Health and Care Plan for Sam Example"
    )
    pdf_pages = read_plan(pdf).pages
    pdf_40 = median_seconds(lambda: check_plan(read_plan(pdf), today=TODAY), 3)
    print(
        f"{pdf_pages}-page PDF plan (text layer, pdftotext -layout): median {pdf_40 * 1000:.0f} ms"
    )
    scan = to_scan(to_pdf(long_plan(3, per_page=6).replace("\f", "\n[page]\n")))
    ocr = median_seconds(lambda: ocr_pdf(scan), 3)
    print(
        f"OCR (pdftoppm 200 dpi + Tesseract, 1 thread): {ocr / 3:.2f} s per page (median of 3 runs of a 3-page scan)"
    )

    from tests.plans.accuracy import measure
    from tests.plans.corpus import FOLDER, HELD_OUT

    for name, folder in (("corpus (17 plans)", FOLDER), ("held out (3 plans)", HELD_OUT)):
        print(f"Precision and recall, {name}:")
        for group, tally in sorted(measure(folder).items()):
            print(
                f"  {group:18} precision {tally.precision:.2f} ({tally.hits}/{tally.found}), "
                f"recall {tally.recall:.2f} ({tally.hits}/{tally.expected})"
            )


if __name__ == "__main__":
    main()
