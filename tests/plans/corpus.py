"""The test corpus of EHC plans (tests/plans/corpus/*.yaml): plans written for the tests, no real
child's. Each gives its body in a small plain format and the findings a SEND caseworker would make
(`expected`: a check id and words from the paragraph it is about). `build` makes the file as the
plan's `format` says: text, text with Windows line ends, Word (python-docx, tables for `| a | b |`
rows), PDF (WeasyPrint, with a header and "Page N of M" footer on every page), or a scan (the PDF
made into page images by pdftoppm and back into an image-only PDF by Pillow: no text layer).

Body format: a blank line ends a paragraph; `| a | b |` lines are a table's rows; `[page]` starts a
new page.
"""

from __future__ import annotations

import functools
import html
import io
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

FOLDER = Path(__file__).parent / "corpus"
HELD_OUT = Path(__file__).parent / "heldout"
"""Plans written after the rules were last changed, to measure the checker on words it was not
tuned on (bench/plan_check.py reports them apart)."""


@dataclass(frozen=True)
class Expected:
    check: str
    contains: str


@dataclass(frozen=True)
class CorpusPlan:
    name: str
    title: str
    format: str
    kind: str
    dated: str
    body: str
    header: str
    expected: tuple[Expected, ...]


def plans(folder: Path = FOLDER) -> list[CorpusPlan]:
    found = []
    for path in sorted(folder.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text("utf-8"))
        found.append(
            CorpusPlan(
                name=path.stem,
                title=raw["title"],
                format=raw["format"],
                kind=raw["kind"],
                dated=str(raw["dated"]),
                body=raw["body"],
                header=raw.get("header", ""),
                expected=tuple(Expected(**e) for e in raw["expected"]),
            )
        )
    return found


def _blocks(body: str) -> list[tuple[str, object]]:
    """("p", text), ("table", rows) and ("page", None), in order."""
    blocks: list[tuple[str, object]] = []
    table: list[list[str]] = []
    for line in body.splitlines():
        if line.startswith("|"):
            table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if table:
            blocks.append(("table", table))
            table = []
        if line.strip() == "[page]":
            blocks.append(("page", None))
        elif line.strip():
            blocks.append(("p", line))
    if table:
        blocks.append(("table", table))
    return blocks


@functools.cache
def build(plan: CorpusPlan) -> bytes:
    if plan.format == "text":
        return plan.body.replace("[page]\n", "\f").encode("utf-8")
    if plan.format == "text-crlf":
        return plan.body.replace("[page]\n", "\f").replace("\n", "\r\n").encode("utf-8")
    if plan.format == "docx":
        return to_docx(plan.body)
    if plan.format == "pdf":
        return to_pdf(plan.body, plan.header)
    if plan.format == "scan":
        return to_scan(to_pdf(plan.body, plan.header))
    raise ValueError(plan.format)


def to_docx(body: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    from send_redress._plan_check import heading_of

    document = Document()
    for kind, value in _blocks(body):
        if kind == "p":
            text = str(value)
            if heading_of(text):
                document.add_heading(text, level=2)
            else:
                document.add_paragraph(text)
        elif kind == "page":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            rows = value  # type: ignore[assignment]
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, row in enumerate(rows):
                for c in range(width):
                    # A short row's last cell spans the rest, as councils' forms do.
                    text = row[c] if c < len(row) else row[-1]
                    table.cell(r, c).text = text
                if len(row) < width:
                    table.cell(r, len(row) - 1).merge(table.cell(r, width - 1))
                    table.cell(r, len(row) - 1).text = row[-1]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_html(body: str, header: str) -> str:
    parts = [
        "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'><style>",
        "@page { size: A4; margin: 25mm 20mm;",
        f" @top-center {{ content: '{html.escape(header or 'Education, Health and Care Plan')}'; font-size: 9pt }}",
        " @bottom-center { content: 'Page ' counter(page) ' of ' counter(pages); font-size: 9pt } }",
        "body { font-family: 'DejaVu Sans', sans-serif; font-size: 11pt }",
        "table { border-collapse: collapse; width: 100% } td { border: 1px solid #000; padding: 3px; vertical-align: top }",
        "h2 { font-size: 13pt } .page { break-before: page }",
        "</style></head><body>",
    ]
    from send_redress._plan_check import heading_of

    new_page = False
    for kind, value in _blocks(body):
        cls = " class='page'" if new_page else ""
        if kind == "page":
            new_page = True
            continue
        if kind == "p":
            tag = "h2" if heading_of(str(value)) else "p"
            parts.append(f"<{tag}{cls}>{html.escape(str(value))}</{tag}>")
        else:
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in value  # type: ignore[attr-defined]
            )
            parts.append(f"<table{cls}>{rows}</table>")
        new_page = False
    parts.append("</body></html>")
    return "".join(parts)


def to_pdf(body: str, header: str = "") -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(body, header)).write_pdf()


def to_scan(pdf: bytes, resolution: int = 150) -> bytes:
    """An image-only PDF of `pdf`'s pages, as a scanner makes: no text layer at all."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(resolution), "-gray", "-png", str(source), f"{folder}/page"],
            check=True,
        )
        images = [Image.open(path).convert("L") for path in sorted(Path(folder).glob("page*.png"))]
        out = io.BytesIO()
        images[0].save(
            out, format="PDF", save_all=True, append_images=images[1:], resolution=resolution
        )
        return out.getvalue()


def _flat(text: str) -> str:
    return " ".join(text.lower().split())


def score(findings: list[tuple[str, str]], expected: list[Expected]) -> tuple[int, int, int]:
    """(true positives, findings, expected): a finding (check, its paragraph's words) matches an
    expected one with the same check whose words are in the paragraph; each is used once."""
    unused = list(expected)
    hits = 0
    for check, context in findings:
        for e in unused:
            if e.check == check and _flat(e.contains) in _flat(context):
                unused.remove(e)
                hits += 1
                break
    return hits, len(findings), len(expected)
