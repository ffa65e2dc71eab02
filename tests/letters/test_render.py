"""Every letter type in every format holds what its route needs, read back from the output:
the text itself, the DOCX through python-docx, the PDF through pdftotext and pypdf. Each PDF is
tagged PDF/UA with every font embedded; the DOCX uses real heading and list styles."""

from __future__ import annotations

from datetime import date

import pytest

from send_redress import assess, long_date, parse_facts
from send_redress.letters import (
    LETTER_TYPES,
    notes_to_docx,
    notes_to_pdf,
    notes_to_text,
    render,
    render_notes,
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
    pdf_text_pypdf,
)

from .cases import CASES, ISSUES, OUTCOMES

LETTER_DATE = "1 February 2027"


def _facts(letter_type: str):
    data = {k: v for k, v in CASES[letter_type].items() if k != "letter"}
    return parse_facts(data)


def _due(letter_type: str, deadline_id: str, **extra_event: date) -> str:
    """A deadline as the engine computes it for the case (never written out by hand here)."""
    facts = _facts(letter_type)
    for event, day in extra_event.items():
        facts = facts.with_event(event.replace("_", "-"), day)
    deadline = assess(facts).deadline(deadline_id)
    assert deadline is not None, deadline_id
    return long_date(deadline.due)


def required(letter_type: str) -> list[str]:
    """What each letter must say: the route's essentials, with the case's own words and dates."""
    letter = CASES[letter_type]["letter"]
    common = [letter["sender_name"], letter["child_name"], LETTER_DATE]
    return common + _by_type(letter_type)


def _by_type(letter_type: str) -> list[str]:
    def letter(t: str) -> dict:
        return CASES[t]["letter"]

    by_type: dict[str, list[str]] = {
        "raise-concern": [
            "Oakfield Primary School",
            *ISSUES,
            *OUTCOMES,
            "meet",
            "15 February 2027",  # 10 working days after 1 February 2027
        ],
        "school-complaint": [
            "formal complaint",
            "complaints procedure",
            *ISSUES,
            *OUTCOMES,
            "19 February 2027",  # the response date the parent gave
            "10 November 2026",  # when the concern was raised (the case's event)
        ],
        "governors-complaint": [
            "complaint",
            "The Chair of Governors",
            "20 November 2026",
            *ISSUES,
            *letter("governors-complaint")["why_not_settled"],
            *OUTCOMES,
            "15 February 2027",
            "Copy to: The Director of Children's Services, Bedford Borough Council",
        ],
        "la-send-team": [
            "Bedford Borough Council",
            *letter("la-send-team")["issues"],
            *OUTCOMES,
            "Council decides whether to assess: the legal time limit was "
            + _due("la-send-team", "assessment-decision"),
            "15 February 2027",
        ],
        "la-complaint": [
            "formal complaint under the council's complaints procedure",
            "2 November 2026",
            *letter("la-complaint")["issues"],
            *letter("la-complaint")["outcomes"],
            "15 February 2027",
            "Local Government and Social Care Ombudsman",
        ],
        "request-assessment": [
            "education, health and care (EHC) needs assessment",
            "section 36(1) of the Children and Families Act 2014",
            "regulation 5(1) of the SEND Regulations 2014",
            *letter("request-assessment")["needs"],
            *letter("request-assessment")["support_so_far"],
            # 6 weeks from receipt, as the engine computes it were the letter received today
            _due(
                "request-assessment",
                "assessment-decision",
                assessment_requested=date(2027, 2, 1),
            ),
        ],
        "mediation-adviser": [
            "I want to go to mediation",
            *letter("mediation-adviser")["disagreement"],
            "11 December 2026",
            _due("mediation-adviser", "mediation-adviser-contact"),
            _due("mediation-adviser", "tribunal-appeal"),
            "KIDS (independent mediation service for Bedford Borough)",
        ],
        "ombudsman-summary": [
            "What happened",
            *letter("ombudsman-summary")["what_happened"],
            "What the council did wrong",
            *letter("ombudsman-summary")["fault"],
            "How this affected Sam Smith and my family",
            *letter("ombudsman-summary")["injustice"],
            "What I want the council to do to put things right",
            *letter("ombudsman-summary")["outcomes"],
            "5 October 2026",
            "20 December 2026",
            _due("ombudsman-summary", "ombudsman-time-limit"),
            "section 26B of the Local Government Act 1974",
        ],
        "subject-access-request": [
            "subject access request",
            "Article 15 of the UK General Data Protection Regulation (UK GDPR)",
            "my child, Sam Smith, and about me",
            "within one month of receiving this request",
            "The Data Protection Officer",
        ],
        "letter-before-claim": [
            # The warning to get legal advice is in its notes, apart from the letter.
            "Pre-Action Protocol for Judicial Review",
            "judicial review",
            letter("letter-before-claim")["decision"],
            *letter("letter-before-claim")["grounds"],
            *letter("letter-before-claim")["outcomes"],
            *letter("letter-before-claim")["information_requested"],
            "15 February 2027",  # 14 days after 1 February 2027, a Monday
            # A continuing failure has no 3-month date; the letter says to act promptly instead.
            "The failure is continuing",
        ],
        # Issue 14: each date is the engine's (checked against the rule in test_issue14_letters).
        "annual-review-overdue": [
            "section 44(1)",
            _due("annual-review-overdue", "annual-review-due"),
            *letter("annual-review-overdue")["issues"],
        ],
        "reassessment-request": [
            "re-assess",
            *letter("reassessment-request")["needs"],
            "regulation 25",
            "regulation 27(2)",
            _due(
                "reassessment-request",
                "reassessment-decision",
                reassessment_requested=date(2027, 2, 1),
            ),
        ],
        "tribunal-order-missed": [
            "The Tribunal's order of 2 November 2026",
            "regulation 44",
            _due("tribunal-order-missed", "order-draft-plan"),
            _due("tribunal-order-missed", "order-final-plan"),
            "EH123/26/00001",
        ],
        "phase-transfer-missed": [
            "regulation 18",
            "1 June 2027",
            _due("phase-transfer-missed", "post-16-move"),
            *letter("phase-transfer-missed")["injustice"],
        ],
        "reinstatement-request": [
            "The Chair of Governors",
            "reinstate Sam Smith straight away",
            "22 January 2027",  # the headteacher's letter
            "12 February 2027",  # 15 school days after it, term dates unknown
            *letter("reinstatement-request")["issues"],
            *letter("reinstatement-request")["outcomes"],
            "regulations 6 and 24",
        ],
        "review-panel-request": [
            "Bedford Borough Council",
            "independent review panel",
            "29 January 2027",  # the governors' letter
            "19 February 2027",  # 15 school days after it (Schedule 1 paragraph 2(1))
            "SEN expert",
            *letter("review-panel-request")["grounds"],
        ],
        "nhs-complaint": [
            "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board",
            "National Health Service Complaints (England) Regulations 2009",
            "10 November 2026",
            *letter("nhs-complaint")["issues"],
            *letter("nhs-complaint")["outcomes"],
            "15 February 2027",  # 10 working days after 1 February 2027
            "Parliamentary and Health Service Ombudsman",
        ],
    }
    return by_type[letter_type]


def _assert_contains(text: str, letter_type: str, fmt: str) -> None:
    haystack = flat(text)
    missing = [phrase for phrase in required(letter_type) if flat(phrase) not in haystack]
    assert not missing, f"{letter_type} ({fmt}) lacks {missing}\n---\n{text}"


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_text_holds_what_the_route_needs(letters, letter_type):
    _assert_contains(to_text(letters[letter_type]), letter_type, "text")


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_docx_holds_what_the_route_needs_with_real_headings_and_lists(letters, letter_type):
    letter = letters[letter_type]
    data = to_docx(letter)
    _assert_contains(docx_text(data), letter_type, "docx")
    paragraphs = docx_paragraphs(data)
    styles = {style for style, _ in paragraphs}
    assert ("Heading 1", letter.subject) in paragraphs
    assert {"Heading 2", "List Bullet"} <= styles
    # Every bullet of the letter is its own List Bullet paragraph, not text with a dash.
    bullets = [text for style, text in paragraphs if style == "List Bullet"]
    assert set(CASES[letter_type]["letter"].get("issues", [])) <= set(bullets)
    assert not any(text.startswith(("- ", "• ")) for _, text in paragraphs)

    from docx import Document

    properties = Document(__import__("io").BytesIO(data)).core_properties
    assert properties.title == letter.title
    assert properties.language == "en-GB"


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_pdf_holds_what_the_route_needs_and_is_tagged_with_fonts_embedded(letters, letter_type):
    pdf = to_pdf(letters[letter_type])
    assert pdf.startswith(b"%PDF-")
    _assert_contains(pdf_text(pdf), letter_type, "pdf (pdftotext)")
    _assert_contains(pdf_text_pypdf(pdf), letter_type, "pdf (pypdf)")
    info = pdf_info(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == letters[letter_type].title
    assert info["Page size"].endswith("(A4)")
    fonts = pdf_fonts(pdf)
    assert fonts, "no fonts listed"
    assert all(font["emb"] == "yes" for font in fonts), fonts
    assert all(font["uni"] == "yes" for font in fonts), fonts  # text can be copied and read
    assert b"pdfuaid" in pdf or _xmp_says_pdf_ua(pdf)


def _xmp_says_pdf_ua(pdf: bytes) -> bool:
    import io

    from pypdf import PdfReader

    xmp = PdfReader(io.BytesIO(pdf)).xmp_metadata
    return xmp is not None and 'pdfuaid:part="1"' in xmp.rdf_root.toxml()


def test_pdf_declares_pdf_ua_and_british_english(letters):
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(to_pdf(letters["school-complaint"])))
    assert _xmp_says_pdf_ua(to_pdf(letters["school-complaint"]))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_the_files_hold_the_letter_only_and_the_notes_are_apart(letters, letter_type):
    """Issue 15: the PDF and DOCX a parent attaches hold the letter only. Read back (pypdf,
    pdftotext, python-docx), no note for the sender is in them; the notes' own files hold
    every note and not the letter."""
    letter = letters[letter_type]
    assert letter.notes, "every letter has notes for the sender"
    said = [flat(note) for note in letter.notes] + (
        [flat(letter.warning)] if letter.warning else []
    )
    files = {
        "text": flat(to_text(letter)),
        "docx": flat(docx_text(to_docx(letter))),
        "pdf": flat(pdf_text_pypdf(to_pdf(letter))),
        "pdftotext": flat(pdf_text(to_pdf(letter))),
    }
    for name, text in files.items():
        assert letter.subject in text, name
        assert "Before you send" not in text and "These notes are for you" not in text, name
        assert not [note for note in said if note in text], name
    notes = {
        "text": flat(notes_to_text(letter)),
        "docx": flat(docx_text(notes_to_docx(letter))),
        "pdf": flat(pdf_text_pypdf(notes_to_pdf(letter))),
    }
    for name, text in notes.items():
        assert text.startswith(
            "Before you send this letter".upper()
            if name == "text"
            else "Before you send this letter"
        ), name
        assert all(note in text for note in said), name
        assert letter.salutation not in text, name
    assert docx_paragraphs(to_docx(letter))[0][1].split("\n") == list(letter.sender)


def test_the_letter_before_claim_warning_is_prominent_in_its_notes(letters):
    letter = letters["letter-before-claim"]
    warning = "Get legal advice before you send this letter."
    assert notes_to_text(letter).startswith(
        "BEFORE YOU SEND THIS LETTER\n\nThese notes are for you. Do not send them with the "
        "letter.\n\nIMPORTANT: " + warning
    )
    paragraphs = docx_paragraphs(notes_to_docx(letter))
    assert paragraphs[2][1].startswith("Important: " + warning)
    pdf = flat(pdf_text(notes_to_pdf(letter)))
    assert pdf.index(warning) < pdf.index(letter.notes[0][:40])
    assert warning not in flat(pdf_text(to_pdf(letter)))


def test_render_picks_the_format(letters):
    letter = letters["raise-concern"]
    assert render(letter, "text") == to_text(letter).encode("utf-8")
    assert render(letter, "docx")[:2] == b"PK"
    assert render(letter, "pdf")[:5] == b"%PDF-"
    with pytest.raises(ValueError, match="unknown format"):
        render(letter, "rtf")
    assert render_notes(letter, "text") == notes_to_text(letter).encode("utf-8")
    assert render_notes(letter, "pdf")[:5] == b"%PDF-"
    with pytest.raises(ValueError, match="unknown format"):
        render_notes(letter, "rtf")
