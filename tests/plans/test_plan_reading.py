"""Reading a plan: every kind of file a parent might upload gets its text or a clear message."""

from __future__ import annotations

import io

import pytest

from send_redress._plan_check import find_sections
from send_redress._plan_read import MAX_PAGES, PlanReadError, ocr_pdf, read_plan, read_text

from .corpus import to_docx, to_pdf, to_scan

BODY = """Section B: Special educational needs
Sam has difficulty with reading.
[page]
Section F: Special educational provision
Sam will have a phonics programme for 20 minutes daily from a trained teaching assistant.
"""


def _code(data: bytes) -> str:
    with pytest.raises(PlanReadError) as caught:
        read_plan(data, "plan")
    assert caught.value.message  # always something to tell the person
    return caught.value.code


def test_a_pdf_protected_by_a_password_is_refused_with_its_reason():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(to_pdf(BODY))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    assert _code(out.getvalue()) == "encrypted"


def test_a_pdf_with_only_an_owner_password_is_read():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(to_pdf(BODY))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    plan = read_plan(out.getvalue())
    assert "phonics programme" in plan.raw


def test_damaged_files_are_refused_as_damaged():
    pdf = to_pdf(BODY)
    assert _code(pdf[: len(pdf) // 3]) == "corrupt"
    assert _code(b"%PDF-1.7\n garbage garbage") == "corrupt"
    docx = to_docx(BODY)
    assert _code(docx[: len(docx) // 2]) == "corrupt"


def test_other_files_are_named_for_what_they_are():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photo.jpg", b"x")
    assert _code(out.getvalue()) == "not-supported"
    assert _code(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)) == "not-supported"  # a .doc
    assert _code(b"\x89PNG\r\n\x1a\n" + bytes(range(256))) == "not-supported"
    assert _code(b"   \n") == "empty"


def test_a_300_page_pdf_is_refused_before_it_is_read():
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(300):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(PlanReadError) as caught:
        read_plan(out.getvalue())
    assert caught.value.code == "too-long"
    assert "300 pages" in caught.value.message and str(MAX_PAGES) in caught.value.message


def test_an_image_only_pdf_is_a_scan_and_ocr_reads_it_with_progress():
    scan = to_scan(to_pdf(BODY))
    assert _code(scan) == "scanned"
    told = []
    plan = ocr_pdf(scan, lambda done, total: told.append((done, total)))
    assert told == [(1, 2), (2, 2)]
    assert plan.format == "pdf-ocr" and plan.pages == 2
    sections = find_sections(plan)
    assert sections.found("B") and sections.found("F")
    assert any("phonics programme" in item.text for item in sections.items["F"])
    assert sections.items["F"][0].page == 2


def test_a_word_file_keeps_its_page_breaks_and_its_table_rows():
    body = (
        BODY
        + "| Need | Provision | Who |\n| Reading | Phonics for 20 minutes daily | Teaching assistant |\n"
    )
    plan = read_plan(to_docx(body))
    assert plan.format == "docx" and plan.pages == 2
    rows = [line.text for line in plan.lines if line.row]
    assert rows == [
        "Need | Provision | Who",
        "Reading | Phonics for 20 minutes daily | Teaching assistant",
    ]


def test_a_pdf_table_row_is_one_item_with_its_wrapped_cells():
    body = "Section F: Special educational provision\n| Reading | A reading intervention delivered to Sam in a small group of pupils | Teaching assistant | Regularly |\n"
    sections = find_sections(read_plan(to_pdf(body)))
    (row,) = sections.items["F"]
    assert "reading intervention" in row.text and "Regularly" in row.text and "|" in row.text


def test_headers_and_footers_on_every_page_are_not_part_of_any_section():
    words = [
        "Sam likes trains.",
        "Sam finds reading hard.",
        "Sam will read daily.",
        "Sam sees a nurse.",
    ]
    pages = [
        f"Education, Health and Care Plan for Sam Example\nSection {letter}: heading\n{said}\nPage {number} of 4"
        for number, (letter, said) in enumerate(zip("ABFG", words, strict=True), start=1)
    ]
    sections = find_sections(read_text("\f".join(pages)))
    every = [item.text for items in sections.items.values() for item in items]
    assert every == words


def test_pasted_text_with_windows_line_ends_and_bullets_is_read():
    plan = read_plan(
        "Section F: Provision\r\n• Sam will have access to a laptop.\r\n• Sam will have a TA.\r\n".encode()
    )
    assert [item.text for item in find_sections(plan).items["F"]] == [
        "Sam will have access to a laptop.",
        "Sam will have a TA.",
    ]


def test_a_word_plan_whose_sections_are_in_content_controls_is_read():
    """Councils' templates wrap sections in content controls (w:sdt): their words count too."""
    from docx import Document
    from docx.oxml import OxmlElement

    document = Document()
    document.add_paragraph("Section F: Special educational provision")
    inside = document.add_paragraph("Sam will have regular access to a laptop in lessons.")
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    inside._p.addprevious(control)
    control.append(content)
    content.append(inside._p)
    out = io.BytesIO()
    document.save(out)
    (item,) = find_sections(read_plan(out.getvalue())).items["F"]
    assert item.text == "Sam will have regular access to a laptop in lessons."
