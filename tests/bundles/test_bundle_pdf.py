"""The bundle PDF from generated documents: the index matches the numbers stamped on the pages
(read back with pypdf), the bookmarks point at each document's first page, and documents that
cannot be used are reported, not fatal. LibreOffice runs for real."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from send_redress import long_date
from web.bundles import pdf, testing


def source(title: str, kind: str, data: bytes, dated: date | None = None) -> pdf.Source:
    return pdf.Source(title, dated, kind, lambda: io.BytesIO(data))


def make(sections: list[pdf.Section], tmp_path: Path) -> tuple[pdf.Result, PdfReader]:
    path = tmp_path / "bundle.pdf"
    with path.open("wb") as out:
        result = pdf.build(sections, out, title="Tribunal bundle for Sam")
    return result, PdfReader(path)


def stamped_number(page) -> int:  # type: ignore[no-untyped-def]
    """The page number stamped last on the page (the stamp is drawn after its content)."""
    return int(page.extract_text().split()[-1])


def outline(reader: PdfReader) -> list[tuple[str, int, int]]:
    """(title, depth, page number) for every bookmark."""
    found: list[tuple[str, int, int]] = []

    def walk(items, depth):  # type: ignore[no-untyped-def]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((item.title, depth, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def sections_of(total_pages: int, with_docx: bool) -> list[pdf.Section]:
    """Documents of 1 to 12 pages, of each kind, adding up to `total_pages` pages of documents:
    A4, US letter and rotated PDFs, PNG and JPEG pictures, and (optionally) a Word document."""
    sources: list[list[pdf.Source]] = [[], [], []]
    pages, number = 0, 0
    if with_docx:
        sources[0].append(source("Letter from school", "docx", testing.docx("Letter from school")))
        pages += 1
    while pages < total_pages:
        number += 1
        left = total_pages - pages
        if number % 5 == 0:
            kind = "png" if number % 2 else "jpeg"
            sources[number % 3].append(source(f"Photo {number}", kind, testing.image(kind)))
            pages += 1
            continue
        count = min(left, 1 + number % 12)
        size = testing.LETTER if number % 4 == 0 else testing.A4
        rotate = 90 if number % 7 == 0 else 0
        data = testing.pdf(f"Doc {number}", count, size=size, rotate=rotate)
        sources[number % 3].append(
            source(f"Doc {number}", "pdf", data, date(2026, 1, number % 28 + 1))
        )
        pages += count
    labels = ("Appeal papers", "Evidence from school or college", "Expert reports")
    return [pdf.Section(label, found) for label, found in zip(labels, sources, strict=True)]


@pytest.mark.parametrize(("pages", "with_docx"), [(10, True), (100, False), (300, False)])
def test_the_index_matches_the_stamped_numbers_and_the_bookmarks(pages, with_docx, tmp_path):
    result, reader = make(sections_of(pages, with_docx), tmp_path)
    assert not result.problems
    assert result.pages == len(reader.pages) == pages + result.index_pages
    # Every page carries its own number, 1 to the last, the index's pages too.
    assert [stamped_number(p) for p in reader.pages] == list(range(1, result.pages + 1))
    # Each document starts where the index says, and its own first page is there.
    index_text = " ".join(
        " ".join(reader.pages[i].extract_text().split()[:-1]) for i in range(result.index_pages)
    )  # each index page's words, less its own stamped number
    for entry in result.entries:
        when = long_date(entry.dated) if entry.dated else "No date"
        assert re.search(
            rf"(^| ){re.escape(f'{entry.title} {when} {entry.pages}')}( |$)", index_text
        )
        first = reader.pages[entry.first - 1].extract_text()
        if entry.title.startswith("Doc "):
            assert f"{entry.title} page 1" in first
            last = reader.pages[entry.last - 1].extract_text()
            assert f"{entry.title} page {entry.last - entry.first + 1}" in last
    # Bookmarks: the index, each part, each document at its first page.
    marks = outline(reader)
    assert marks[0] == ("Index", 0, 1)
    documents = [(t, p) for t, depth, p in marks if depth == 1]
    assert [p for _, p in documents] == [e.first for e in result.entries]
    assert all(title.endswith(f"(page {p})") for title, p in documents)
    parts = [(t, p) for t, depth, p in marks if depth == 0][1:]
    firsts = {}
    for e in result.entries:
        firsts.setdefault(e.part, e.first)
    assert parts == list(firsts.items())


def test_a_word_document_is_converted_by_libreoffice(tmp_path):
    if pdf.libreoffice() is None:
        pytest.skip("LibreOffice is not installed (make document-deps installs it)")
    result, reader = make(
        [
            pdf.Section(
                "Evidence", [source("Letter", "docx", testing.docx("Letter from the SENCO"))]
            )
        ],
        tmp_path,
    )
    assert not result.problems
    assert (
        "Letter from the SENCO, paragraph 1."
        in reader.pages[result.entries[0].first - 1].extract_text()
    )


def test_without_libreoffice_a_word_document_is_left_out_with_a_clear_message(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(pdf, "libreoffice", lambda: None)
    result, reader = make(
        [
            pdf.Section(
                "Evidence",
                [
                    source("Letter", "docx", testing.docx("Letter")),
                    source("Report", "pdf", testing.pdf("R", 2)),
                ],
            )
        ],
        tmp_path,
    )
    assert result.problems == [pdf.Problem("Letter", pdf.NO_LIBREOFFICE)]
    assert [e.title for e in result.entries] == ["Report"]
    assert len(reader.pages) == result.index_pages + 2


def test_locked_and_broken_files_are_reported_and_the_rest_is_made(tmp_path):
    result, reader = make(
        [
            pdf.Section(
                "Evidence",
                [
                    source("Locked report", "pdf", testing.encrypted_pdf()),
                    source("Broken scan", "pdf", b"%PDF-1.4\nthis is not a pdf"),
                    source("Bad photo", "png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
                    source("Good report", "pdf", testing.pdf("Good", 3)),
                ],
            )
        ],
        tmp_path,
    )
    assert result.problems == [
        pdf.Problem("Locked report", pdf.LOCKED),
        pdf.Problem("Broken scan", pdf.BROKEN),
        pdf.Problem("Bad photo", pdf.BAD_IMAGE),
    ]
    assert [e.title for e in result.entries] == ["Good report"]
    assert stamped_number(reader.pages[-1]) == result.index_pages + 3


def test_a_photo_becomes_one_page_no_larger_than_a4(tmp_path):
    result, reader = make(
        [pdf.Section("Evidence", [source("Photo", "jpeg", testing.image("jpeg", (4000, 3000)))])],
        tmp_path,
    )
    page = reader.pages[result.entries[0].first - 1]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width > height  # a wide photo makes a landscape page
    assert width <= 842.5 and height <= 596


def test_the_stamp_is_at_the_bottom_right_of_a_rotated_page_as_it_is_seen(tmp_path):
    result, reader = make(
        [pdf.Section("Evidence", [source("Turned", "pdf", testing.pdf("Turned", 1, rotate=90))])],
        tmp_path,
    )
    page = reader.pages[-1]
    placed: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
        if text.strip().isdigit():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            placed.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    x, y, text = placed[-1]
    assert text == str(result.pages)
    # Rotated 90° clockwise, the seen bottom edge is the page's right edge (x near its width),
    # and the seen right-hand end is its top (y near its height).
    assert x > float(page.mediabox.width) - 40
    assert y > float(page.mediabox.height) - 60


def test_the_pdf_has_its_title_language_and_opens_on_its_bookmarks(tmp_path):
    _, reader = make(
        [pdf.Section("Evidence", [source("Report", "pdf", testing.pdf("R", 1))])], tmp_path
    )
    assert reader.metadata.title == "Tribunal bundle for Sam"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_a_document_that_fails_in_an_unforeseen_way_is_left_out_not_the_bundle(tmp_path, caplog):
    def explode():  # type: ignore[no-untyped-def]
        raise RuntimeError("the store went away")

    result, reader = make(
        [
            pdf.Section(
                "Evidence",
                [
                    pdf.Source("Lost", None, "pdf", explode),
                    source("Kept", "pdf", testing.pdf("K", 1)),
                ],
            )
        ],
        tmp_path,
    )
    assert result.problems == [pdf.Problem("Lost", pdf.BROKEN)]
    assert [e.title for e in result.entries] == ["Kept"]
    assert "the store went away" not in caplog.text  # the reason is not logged, only its kind
