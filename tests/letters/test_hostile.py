"""Hostile text renders safely in all three formats: kept as the sender wrote it, never run as
template code or markup, long lines wrapped inside the page, right-to-left text marked."""

from __future__ import annotations

import io
import logging
import zipfile

import pytest

from send_redress.letters import (
    GOVUK_CLASSES,
    draft_from_input,
    letter_body_html,
    to_docx,
    to_pdf,
    to_text,
)
from tests.documents import (
    docx_paragraphs,
    docx_text,
    flat,
    pdf_fonts,
    pdf_info,
    pdf_text,
    pdf_words,
)

from .cases import case

TEMPLATES = "{{ 7*7 }} {child_name} {0} {% if x %} %s ${x} #{x}"
MARKUP = "<script>alert('x')</script> <b>bold</b> &amp; & \"quoted\" <!-- c --> ]]>"
LONG = "A" * 2500
ARABIC = "لم يحصل طفلي على جلسات النطق منذ سبتمبر"
HEBREW = "הילד שלי לא קיבל טיפול בדיבור מאז ספטמבר"
EMOJI = "Sam is upset 😢 and so are we 👨\u200d👩\u200d👧 ✓ ŵ €"
HOSTILE = [TEMPLATES, MARKUP, LONG, ARABIC, HEBREW, EMOJI]


@pytest.fixture(scope="module")
def letter():
    data = case(
        "school-complaint",
        issues=HOSTILE,
        sender_name="<b>Alex</b> {{ sender }}",
        school_name="Oakfield & St John's <School>",
        sender_address=["1 <High> Street", ARABIC],
    )
    return draft_from_input("school-complaint", data)


def _words(text: str) -> list[str]:
    return [w for w in text.replace("،", " ").split() if w]


def test_text_keeps_every_character(letter):
    text = to_text(letter)
    for item in HOSTILE:
        assert f"- {item}\n" in text
    assert "49" not in text
    assert "Dear Headteacher," in text
    assert "\n<b>Alex</b> {{ sender }}\n" in text


def test_docx_keeps_every_character_as_text_and_marks_right_to_left(letter):
    data = to_docx(letter)
    text = docx_text(data)
    for item in HOSTILE:
        assert item in text
    assert "Oakfield & St John's <School>" in text
    bullets = [t for style, t in docx_paragraphs(data) if style == "List Bullet"]
    assert HOSTILE[0] in bullets and LONG in bullets
    # The XML is well formed and escapes the markup: no <script> element in the document.
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    from docx import Document

    document = Document(io.BytesIO(data))
    rtl = [p for p in document.paragraphs if p.text in (ARABIC, HEBREW)]
    assert len(rtl) == 2
    for paragraph in rtl:
        assert (
            paragraph._p.pPr.find(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi"
            )
            is not None
        )
    english = next(p for p in document.paragraphs if p.text == TEMPLATES)
    assert (
        english._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi")
        is None
    )


def test_pdf_keeps_the_text_wraps_long_lines_and_embeds_fonts(letter, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = to_pdf(letter)
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    text = pdf_text(pdf)
    flat_text = flat(text)
    for item in (TEMPLATES, MARKUP, "Sam is upset", "✓ ŵ €", "<b>Alex</b> {{ sender }}"):
        assert flat(item) in flat_text, item
    assert "😢" in text
    assert "A" * 2500 in "".join(text.split())  # wrapped over several lines, none lost
    for word in _words(ARABIC) + _words(HEBREW):  # each word intact, in reading order
        assert word in text, word
    assert pdf_info(pdf)["Tagged"] == "yes"
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))
    # Nothing runs off the page: every word's box ends inside the page's width.
    words = pdf_words(pdf)
    assert words and all(w["xMax"] <= w["page_width"] - 50 for w in words), max(
        w["xMax"] for w in words
    )


def test_html_escapes_everything_and_marks_right_to_left(letter):
    html = letter_body_html(letter, level=2, classes=GOVUK_CLASSES)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html
    assert "{{ 7*7 }}" in html  # harmless as text; the web never renders it as a template
    assert f'<li dir="rtl">{ARABIC}</li>' in html
    assert f'<li dir="rtl">{HEBREW}</li>' in html
    assert "<li>{{ 7*7 }}" in html


def test_a_right_to_left_name_and_address_line_are_marked(letter):
    html = letter_body_html(letter)
    # The address starts with an English line: the block stays left to right as a whole.
    assert '<p class="lines"><b>' not in html
    assert "&lt;b&gt;Alex&lt;/b&gt; {{ sender }}<br>1 &lt;High&gt; Street<br>" + ARABIC in html
