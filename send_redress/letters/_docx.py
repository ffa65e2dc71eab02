"""The letter as an editable Word document (python-docx): real headings and list styles.

The fonts are named (Arial), not embedded; Word and LibreOffice substitute where needed. The
language is British English, and a paragraph whose text starts with a right-to-left letter is
marked right-to-left. python-docx is imported on first use only.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from send_redress._wording import long_date
from send_redress.letters._model import BulletList, Heading, Letter, Paragraph, text_direction

__all__ = ["notes_to_docx", "to_docx"]

_FONT = "Arial"


@functools.cache
def _template() -> bytes:
    """python-docx's default template with our styles, saved once; each letter starts from it."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    document = Document()
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(12)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), _FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)
    normal.paragraph_format.space_after = Pt(8)
    for name, size in (("Heading 1", 15), ("Heading 2", 13)):
        style = styles[name]
        style.font.name = _FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
        style_fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
        if style_fonts is not None:
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                style_fonts.attrib.pop(qn(attribute), None)
            for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
                style_fonts.set(qn(attribute), _FONT)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(4)
    for name, style_id in _STYLE_IDS.items():
        if styles[name].style_id != style_id:  # a python-docx upgrade changed its template
            raise RuntimeError(f"python-docx's {name!r} style has id {styles[name].style_id!r}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rtl(paragraph: Any) -> None:
    from docx.oxml import OxmlElement

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


# Style ids of python-docx's default template. Setting the id directly skips python-docx's
# lookup by name, which scans every style for each paragraph (most of the render time).
_STYLE_IDS = {
    "Heading 1": "Heading1",
    "Heading 2": "Heading2",
    "List Bullet": "ListBullet",
    "List Number": "ListNumber",
}


def _add(document: Any, text: str, style: str | None = None) -> Any:
    paragraph = document.add_paragraph(text)
    if style is not None:
        paragraph._p.style = _STYLE_IDS[style]
    if text_direction(text) == "rtl":
        _rtl(paragraph)
    return paragraph


def _lines(document: Any, lines: tuple[str, ...]) -> None:
    """Short lines (an address) as one paragraph with line breaks, so they stay together."""
    if not lines:
        return
    paragraph = document.add_paragraph()
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break()
    if text_direction(lines[0]) == "rtl":
        _rtl(paragraph)


def _new_document(letter: Letter, title: str, subject: str) -> Any:
    from docx import Document

    document = Document(io.BytesIO(_template()))
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.language = "en-GB"
    # Only what the letter itself shows: its title and subject, and the sender's name. The
    # notes say who drafted it; nothing hidden in the file says more (or names the service).
    properties.author = letter.signature
    properties.last_modified_by = letter.signature
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.content_status = ""
    properties.identifier = ""
    properties.version = ""
    return document


def notes_to_docx(letter: Letter) -> bytes:
    """The notes for the sender as a document of their own (issue 15: never inside the
    letter's file, which is sent as it is)."""
    labels = letter.labels
    document = _new_document(letter, labels.before_you_send, letter.subject)
    _add(document, labels.before_you_send, "Heading 1")
    document.add_paragraph(labels.for_you)
    if letter.warning:
        warning = document.add_paragraph()
        warning.add_run(f"{labels.warning}: ").bold = True
        warning.add_run(letter.warning).bold = True
    for note in letter.notes:
        _add(document, note, "List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_docx(letter: Letter) -> bytes:
    """The letter only, as DOCX bytes: Heading 1 for the subject, Heading 2 inside the letter,
    List Bullet / List Number for lists. The notes for the sender are `notes_to_docx`."""
    labels = letter.labels
    document = _new_document(letter, letter.title, letter.subject)
    _lines(document, letter.sender)
    _add(document, long_date(letter.date))
    _lines(document, letter.recipient)
    _add(document, letter.subject, "Heading 1")
    _lines(document, letter.regarding)
    _add(document, letter.salutation)
    body = []
    for block in letter.blocks:
        if isinstance(block, Heading):
            body.append(_add(document, block.text, "Heading 2"))
        elif isinstance(block, Paragraph):
            body.append(_add(document, block.text))
        elif isinstance(block, BulletList):
            style = "List Number" if block.numbered else "List Bullet"
            for item in block.items:
                body.append(_add(document, item, style))
    closing = _add(document, letter.closing)
    _add(document, letter.signature)
    # The sign-off stays on the page of the last paragraph, as in the PDF.
    for paragraph in (*body[-1:], closing):
        paragraph.paragraph_format.keep_with_next = True
    _lines(document, letter.copies)
    if letter.references:
        _add(document, labels.references, "Heading 2")
        for ref in letter.references:
            _add(document, f"{ref.title}: {ref.url}", "List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
