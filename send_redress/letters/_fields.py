"""The letter's own details: what each field holds, and how the JSON input is checked.

Every problem is collected, not just the first, and each one names its field, so a person (or
the web form) can fix them all at once. User text is only ever data: it is cleaned of characters
that no document format can hold, and never read as template code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal

__all__ = [
    "FIELDS",
    "FieldSpec",
    "LetterDetails",
    "LetterError",
    "Problem",
    "convert_details",
]

Kind = Literal["text", "lines", "items", "date", "bool", "choice", "email"]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    description: str
    max_length: int = 200
    """The most characters in the text, or in each line or item."""
    max_items: int = 0
    choices: tuple[str, ...] = ()


_ITEM = 3000  # one issue, outcome or reason: a long paragraph at most
_ITEMS = 20

FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("sender_name", "text", "Your name, as you sign the letter."),
        FieldSpec("sender_address", "lines", "Your postal address, one line each.", 200, 8),
        FieldSpec("sender_email", "email", "Your email address.", 254),
        FieldSpec("sender_phone", "text", "Your phone number.", 40),
        FieldSpec(
            "young_person_consent",
            "bool",
            "The young person (over compulsory school age) agrees to you writing for them.",
        ),
        FieldSpec("child_name", "text", "Your child's full name."),
        FieldSpec("child_date_of_birth", "date", "Your child's date of birth."),
        FieldSpec("school_name", "text", "The school, nursery or college."),
        FieldSpec(
            "council_name",
            "text",
            "The council. Needed when the facts name no council we have details for.",
        ),
        FieldSpec("recipient_name", "text", "The person you are writing to, e.g. Ms Patel."),
        FieldSpec(
            "recipient_organisation",
            "text",
            "The organisation you are writing to, if not the one the letter names.",
        ),
        FieldSpec("recipient_address", "lines", "Their postal address, one line each.", 200, 8),
        FieldSpec("reference", "text", "A reference number from their letters.", 100),
        FieldSpec("letter_date", "date", "The date on the letter; defaults to today."),
        FieldSpec(
            "response_date",
            "date",
            "The date you want a reply by; after the letter's date. A default is chosen if empty.",
        ),
        FieldSpec("issues", "items", "Each problem, one item each.", _ITEM, _ITEMS),
        FieldSpec("outcomes", "items", "Each thing you want to happen.", _ITEM, _ITEMS),
        FieldSpec(
            "needs", "items", "Why your child may need more help, with examples.", _ITEM, _ITEMS
        ),
        FieldSpec("support_so_far", "items", "Help your child has had so far.", _ITEM, _ITEMS),
        FieldSpec(
            "why_not_settled",
            "items",
            "Why the school's answer did not settle your complaint.",
            _ITEM,
            _ITEMS,
        ),
        FieldSpec(
            "copy_to_director",
            "bool",
            "Send a copy to the council's Director of Children's Services (maintained schools only).",
        ),
        FieldSpec(
            "mediation_choice",
            "choice",
            "mediation: you want mediation; certificate: you want only a certificate.",
            choices=("mediation", "certificate"),
        ),
        FieldSpec(
            "disagreement", "items", "What you disagree with (for mediation).", _ITEM, _ITEMS
        ),
        FieldSpec("what_happened", "items", "What happened, in order.", _ITEM, _ITEMS),
        FieldSpec("fault", "items", "What the council did wrong.", _ITEM, _ITEMS),
        FieldSpec("injustice", "items", "How it affected your child and family.", _ITEM, _ITEMS),
        FieldSpec(
            "sar_to",
            "choice",
            "Who holds the records: the school or the council.",
            choices=("school", "council"),
        ),
        FieldSpec(
            "records", "items", "The records you want, if not the usual list.", _ITEM, _ITEMS
        ),
        FieldSpec(
            "governors_addressee",
            "choice",
            "For an independent school: write to the chair of governors or to the proprietor.",
            choices=("chair", "proprietor"),
        ),
        FieldSpec(
            "defendant",
            "choice",
            "council: the council; health-body: the NHS body that must arrange the health care"
            " provision in the plan (Children and Families Act 2014 s.42(3)).",
            choices=("council", "health-body"),
        ),
        FieldSpec(
            "health_body_name",
            "text",
            "The NHS body (for example the integrated care board) that must arrange the health"
            " care provision in the plan.",
        ),
        FieldSpec(
            "interested_parties",
            "items",
            "Anyone else directly affected by a claim (the Protocol's interested parties).",
            _ITEM,
            _ITEMS,
        ),
        FieldSpec(
            "late_reason",
            "items",
            "Why you are complaining more than 12 months after you first knew.",
            _ITEM,
            _ITEMS,
        ),
        FieldSpec(
            "not_finished_reason",
            "items",
            "Why you are going to the Ombudsman before the council has finished answering.",
            _ITEM,
            _ITEMS,
        ),
        FieldSpec("enclosures", "items", "Each document you send with it.", _ITEM, _ITEMS),
        FieldSpec(
            "decision", "text", "The decision or failure you challenge, with its date.", _ITEM
        ),
        FieldSpec("grounds", "items", "Why you believe it was unlawful.", _ITEM, _ITEMS),
        FieldSpec(
            "information_requested",
            "items",
            "Information and documents you ask the council for.",
            _ITEM,
            _ITEMS,
        ),
    )
}

Value = str | tuple[str, ...] | date | bool


@dataclass(frozen=True)
class LetterDetails:
    """The letter's own details. Empty strings, empty tuples and None mean "not given"."""

    sender_name: str = ""
    sender_address: tuple[str, ...] = ()
    sender_email: str = ""
    sender_phone: str = ""
    young_person_consent: bool = False
    child_name: str = ""
    child_date_of_birth: date | None = None
    school_name: str = ""
    council_name: str = ""
    recipient_name: str = ""
    recipient_organisation: str = ""
    recipient_address: tuple[str, ...] = ()
    reference: str = ""
    letter_date: date | None = None
    response_date: date | None = None
    issues: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    support_so_far: tuple[str, ...] = ()
    why_not_settled: tuple[str, ...] = ()
    copy_to_director: bool = False
    mediation_choice: str = ""
    disagreement: tuple[str, ...] = ()
    what_happened: tuple[str, ...] = ()
    fault: tuple[str, ...] = ()
    injustice: tuple[str, ...] = ()
    sar_to: str = ""
    records: tuple[str, ...] = ()
    governors_addressee: str = ""
    defendant: str = ""
    health_body_name: str = ""
    interested_parties: tuple[str, ...] = ()
    late_reason: tuple[str, ...] = ()
    not_finished_reason: tuple[str, ...] = ()
    enclosures: tuple[str, ...] = ()
    decision: str = ""
    grounds: tuple[str, ...] = ()
    information_requested: tuple[str, ...] = ()

    def given(self) -> dict[str, Value]:
        """The fields that hold a value, by name."""
        values: dict[str, Value] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if value not in (None, "", (), False):
                values[spec.name] = value
        return values

    def to_jsonable(self) -> dict[str, Any]:
        """The fields that hold a value, as the letter contract's JSON (dates as YYYY-MM-DD)."""
        out: dict[str, Any] = {}
        for name, value in self.given().items():
            if isinstance(value, date):
                out[name] = value.isoformat()
            elif isinstance(value, tuple):
                out[name] = list(value)
            else:
                out[name] = value
        return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a letter's details. `field` is a LetterDetails field name, or
    `events`/`concern`/`setting` for a problem with the case's facts."""

    field: str
    message: str
    index: int | None = None
    code: str = "invalid"
    """A short id the web uses to pick its own wording: missing, too-long, too-many, not-date,
    not-real-date, bad-choice, bad-type, control-character, unknown, not-used, not-after-letter,
    future, not-for-setting, needs-event, not-for-case, bad-email."""

    @property
    def where(self) -> str:
        return self.field if self.index is None else f"{self.field}[{self.index}]"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class LetterError(ValueError):
    """The letter cannot be drafted. `problems` has one entry per problem, naming its field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
# Bidi embedding, override and isolate controls can make the text shown differ from the text
# stored (the "Trojan Source" trick). Letters never need them: the renderers set direction.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def convert_details(data: Any) -> tuple[LetterDetails, list[Problem]]:
    """Read the details from decoded JSON (or the web's cleaned form data): types and limits only.

    Which fields a letter type needs is checked by `check_details`. Dates may be given as
    `date` objects or YYYY-MM-DD strings, lists of lines or items as lists of strings.
    """
    if not isinstance(data, Mapping):
        return LetterDetails(), [
            Problem("letter", f"expected a JSON object, got {_json_type(data)}", code="bad-type")
        ]
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for name, raw in data.items():
        spec = FIELDS.get(str(name))
        if spec is None:
            problems.append(
                Problem(str(name), f"unknown field (value {_show(raw)})", code="unknown")
            )
            continue
        if raw is None:
            continue
        value = _convert(spec, raw, problems)
        if value is not None:
            values[spec.name] = value
    return LetterDetails(**values), problems


def _convert(spec: FieldSpec, raw: Any, problems: list[Problem]) -> Value | None:
    name = spec.name
    if spec.kind == "date":
        if isinstance(raw, date):
            return raw
        if not isinstance(raw, str) or not _ISO_DATE.match(raw):
            problems.append(
                Problem(name, f"expected a date as YYYY-MM-DD, got {_show(raw)}", code="not-date")
            )
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            problems.append(Problem(name, f"{_show(raw)} is not a real date", code="not-real-date"))
            return None
    if spec.kind == "bool":
        if not isinstance(raw, bool):
            problems.append(
                Problem(name, f"expected true or false, got {_show(raw)}", code="bad-type")
            )
            return None
        return raw
    if spec.kind in ("lines", "items"):
        if not isinstance(raw, list | tuple):
            problems.append(
                Problem(name, f"expected a list of strings, got {_show(raw)}", code="bad-type")
            )
            return None
        items: list[str] = []
        for index, item in enumerate(raw):
            text = _clean(spec, item, problems, index)
            if text:
                items.append(text)
        if spec.max_items and len(items) > spec.max_items:
            problems.append(
                Problem(name, f"at most {spec.max_items} items, got {len(items)}", code="too-many")
            )
        return tuple(items)
    text = _clean(spec, raw, problems, None)
    if text is None or not text:
        return text
    if spec.kind == "choice" and text not in spec.choices:
        problems.append(
            Problem(
                name,
                f"unknown value {_show(raw)} (one of {', '.join(spec.choices)})",
                code="bad-choice",
            )
        )
        return None
    if spec.kind == "email" and not _EMAIL.match(text):
        problems.append(Problem(name, f"{_show(raw)} is not an email address", code="bad-email"))
        return None
    return text


def _clean(spec: FieldSpec, raw: Any, problems: list[Problem], index: int | None) -> str | None:
    """Whitespace runs (line breaks too) become one space; characters no format can hold are
    refused with a message, never dropped silently."""
    if not isinstance(raw, str):
        problems.append(
            Problem(spec.name, f"expected a string, got {_show(raw)}", index, code="bad-type")
        )
        return None
    text = " ".join(raw.split())
    bad = next((c for c in text if _unprintable(c)), None)
    if bad is not None:
        problems.append(
            Problem(
                spec.name,
                f"contains a control character (U+{ord(bad):04X}) that a letter cannot hold",
                index,
                code="control-character",
            )
        )
        return None
    if len(text) > spec.max_length:
        problems.append(
            Problem(
                spec.name,
                f"at most {spec.max_length} characters, got {len(text)}",
                index,
                code="too-long",
            )
        )
        return None
    return text


def _unprintable(char: str) -> bool:
    category = unicodedata.category(char)
    # Cc: control characters (XML 1.0 refuses most); Cs: lone surrogates (not encodable);
    # Co/Cn noncharacters such as U+FFFE and U+FFFF are refused by XML too.
    return category in ("Cc", "Cs") or char in _BIDI_CONTROLS or char in ("\ufffe", "\uffff")


def _show(value: Any) -> str:
    text = "missing" if value is None else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _json_type(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )
