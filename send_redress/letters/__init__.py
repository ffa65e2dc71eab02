"""Letters drafted from a case: one structured `Letter`, rendered as text, DOCX or PDF.

Usage:

    from send_redress import assess, parse_facts
    from send_redress.letters import draft_letter, parse_details, to_pdf

    facts = parse_facts(case_json)
    details = parse_details("school-complaint", case_json_letter_part, facts)
    letter = draft_letter("school-complaint", facts, details, assess(facts))
    pdf_bytes = to_pdf(letter)

`parse_letter_input()` reads the CLI's JSON (the assess contract's input plus a "letter"
object) and reports every problem at once. The wording lives in send_redress/content/letters/.
Importing this package does not import python-docx or WeasyPrint: `to_docx` and `to_pdf` do,
on first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from send_redress._facts import Facts, FactsError, parse_facts
from send_redress._model import Assessment, RouteResult
from send_redress.letters._content import LETTER_TYPES, load_letters
from send_redress.letters._draft import (
    check_details,
    default_response_date,
    draft_letter,
    fits_case,
)
from send_redress.letters._fields import (
    FIELDS,
    FieldSpec,
    LetterDetails,
    LetterError,
    Problem,
    convert_details,
)
from send_redress.letters._html import GOVUK_CLASSES, HtmlClasses, letter_body_html
from send_redress.letters._model import (
    Block,
    BulletList,
    Heading,
    Labels,
    Letter,
    Paragraph,
    Reference,
    text_direction,
)
from send_redress.letters._text import notes_to_text, to_text

__all__ = [
    "FIELDS",
    "FORMATS",
    "GOVUK_CLASSES",
    "LETTER_TYPES",
    "Block",
    "BulletList",
    "FieldSpec",
    "Heading",
    "HtmlClasses",
    "Labels",
    "Letter",
    "LetterDetails",
    "LetterError",
    "Paragraph",
    "Problem",
    "Reference",
    "check_details",
    "convert_details",
    "default_response_date",
    "draft_from_input",
    "draft_letter",
    "fits_case",
    "letter_body_html",
    "letter_types_for_open_routes",
    "letter_types_for_route",
    "load_letters",
    "notes_to_docx",
    "notes_to_pdf",
    "notes_to_text",
    "parse_details",
    "parse_letter_input",
    "render",
    "render_notes",
    "text_direction",
    "to_docx",
    "to_pdf",
    "to_text",
]

FORMATS = ("text", "docx", "pdf")
MEDIA_TYPES = {
    "text": "text/plain; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def parse_details(letter_type: str, data: Any, facts: Facts | None = None) -> LetterDetails:
    """Check a letter's details (decoded JSON, or a web form's cleaned data) for a letter type.

    Raises LetterError with every problem, each naming its field.
    """
    details, problems = convert_details(data)
    problems += _not_reported(check_details(letter_type, details, facts), problems)
    if problems:
        raise LetterError(problems)
    return details


def parse_letter_input(letter_type: str, data: Any) -> tuple[Facts, LetterDetails]:
    """Read the `letter` command's JSON: the assess contract's input plus a "letter" object.

    Raises LetterError; facts problems keep the assess contract's field names (`concern`,
    `events[0].date`), the letter's are under `letter.` (`letter.issues`).
    """
    if not isinstance(data, dict):
        raise LetterError([Problem("input", "expected a JSON object", code="bad-type")])
    facts_part = {key: value for key, value in data.items() if key != "letter"}
    problems: list[Problem] = []
    facts: Facts | None = None
    try:
        facts = parse_facts(facts_part)
    except FactsError as error:
        problems += [_facts_problem(line) for line in error.problems]
    if "letter" not in data:
        problems.append(
            Problem("letter", "missing: an object with the letter's details", code="missing")
        )
        raise LetterError(problems)
    details, converted = convert_details(data["letter"])
    checked = _not_reported(check_details(letter_type, details, facts), converted)
    problems += [_under_letter(p) for p in converted + checked]
    if problems or facts is None:
        raise LetterError(problems)
    return facts, details


def draft_from_input(letter_type: str, data: Any) -> Letter:
    """The `letter` command's whole job before rendering: read the JSON, assess, draft.

    Raises LetterError listing every problem found, with the input's own field names.
    """
    from send_redress._engine import assess

    if letter_type not in LETTER_TYPES:
        message = f"unknown letter type {letter_type!r} (one of {', '.join(LETTER_TYPES)})"
        raise LetterError([Problem("type", message, code="unknown")])
    facts, details = parse_letter_input(letter_type, data)
    try:
        return draft_letter(letter_type, facts, details, assess(facts))
    except LetterError as error:
        raise LetterError([_under_letter(p) for p in error.problems]) from None


def _not_reported(checked: list[Problem], converted: list[Problem]) -> list[Problem]:
    """A field that could not be read is not also reported as missing."""
    unreadable = {p.field for p in converted}
    if "letter" in unreadable:  # not an object at all: "missing" would say nothing new
        return [p for p in checked if p.code != "missing"]
    return [p for p in checked if not (p.code == "missing" and p.field in unreadable)]


def _facts_problem(line: str) -> Problem:
    where, _, message = line.partition(": ")
    return Problem(where, message, code="facts")


def _under_letter(problem: Problem) -> Problem:
    if problem.field in ("events", "concern", "setting", "letter", "letter_type"):
        return problem
    return Problem(f"letter.{problem.field}", problem.message, problem.index, problem.code)


def letter_types_for_route(route_id: str, facts: Facts | None = None) -> tuple[str, ...]:
    """The letter types offered from a route, in LETTER_TYPES order. A letter about one clock
    of a case (`offered_when`: an overdue review, a missed order) is offered only with facts
    that show it."""
    letters = load_letters().letters
    return tuple(
        t
        for t in LETTER_TYPES
        if route_id in letters[t].routes
        and (not letters[t].offered_when or (facts is not None and fits_case(t, facts)))
    )


def letter_types_for_open_routes(
    routes: Iterable[RouteResult],
    facts: Facts | None = None,
    assessment: Assessment | None = None,
) -> tuple[str, ...]:
    """The letter types offered by the routes open for a case (recommended or available),
    once each, in LETTER_TYPES order: a case's "Draft a letter" links. A letter about one
    clock is offered only with facts that show it (as `letter_types_for_route`)."""
    open_routes = {r.id for r in routes if r.status in ("recommended", "available")}
    letters = load_letters().letters
    return tuple(
        t
        for t in LETTER_TYPES
        if any(route in open_routes for route in letters[t].routes)
        and (not letters[t].offered_when or (facts is not None and fits_case(t, facts, assessment)))
    )


def render(letter: Letter, output_format: str) -> bytes:
    """The letter in one of FORMATS, as bytes (text is UTF-8)."""
    if output_format == "text":
        return to_text(letter).encode("utf-8")
    if output_format == "docx":
        return to_docx(letter)
    if output_format == "pdf":
        return to_pdf(letter)
    raise ValueError(f"unknown format {output_format!r} (one of {', '.join(FORMATS)})")


def render_notes(letter: Letter, output_format: str) -> bytes:
    """The notes for the sender ("Before you send this letter") in one of FORMATS: a file
    apart from the letter's, which holds the letter only (issue 15)."""
    if output_format == "text":
        return notes_to_text(letter).encode("utf-8")
    if output_format == "docx":
        return notes_to_docx(letter)
    if output_format == "pdf":
        return notes_to_pdf(letter)
    raise ValueError(f"unknown format {output_format!r} (one of {', '.join(FORMATS)})")


def notes_to_docx(letter: Letter) -> bytes:
    """The notes for the sender as DOCX (imports python-docx on first use)."""
    from send_redress.letters._docx import notes_to_docx as render_docx

    return render_docx(letter)


def notes_to_pdf(letter: Letter) -> bytes:
    """The notes for the sender as PDF/UA-1 (imports WeasyPrint on first use)."""
    from send_redress.letters._pdf import notes_to_pdf as render_pdf

    return render_pdf(letter)


def to_docx(letter: Letter) -> bytes:
    """The letter only, as an editable DOCX (imports python-docx on first use)."""
    from send_redress.letters._docx import to_docx as render_docx

    return render_docx(letter)


def to_pdf(letter: Letter) -> bytes:
    """The letter only, as a tagged PDF/UA-1 with embedded fonts (imports WeasyPrint on first use)."""
    from send_redress.letters._pdf import to_pdf as render_pdf

    return render_pdf(letter)
