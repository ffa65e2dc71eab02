"""The letter's questions: which fields each page asks for this letter and case, how a page's
answers are read and checked, and the words (questions.yaml).

Validation is the core's own (send_redress.letters): a page's answers are converted and
checked exactly as the CLI's JSON is, and each problem becomes a GOV.UK error message on the
field it names. Django forms only carry the data and the errors to the templates.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django import forms

from send_redress import Facts, load_content
from send_redress.letters import (
    FIELDS,
    LetterDetails,
    Problem,
    check_details,
    convert_details,
    default_response_date,
    load_letters,
)
from web.common.dates import PARTS as _PARTS
from web.common.dates import DateProblem, DateRules, read_date

QUESTIONS_FILE = Path(__file__).with_name("questions.yaml")
PAGES = ("you", "child", "recipient", "letter")
_PAGE_OF = {
    "sender_name": "you",
    "sender_address": "you",
    "sender_email": "you",
    "sender_phone": "you",
    "child_name": "child",
    "child_date_of_birth": "child",
    "young_person_consent": "child",
    "school_name": "recipient",
    "council_name": "recipient",
    "sar_to": "recipient",
    "recipient_name": "recipient",
    "recipient_organisation": "recipient",
    "recipient_address": "recipient",
    "reference": "recipient",
    "governors_addressee": "recipient",
    "defendant": "recipient",
    "health_body_name": "recipient",
}
# Asked on the web for these letter types only (the CLI accepts it for all).
_ONLY_FOR = {"recipient_organisation": ("mediation-adviser",)}
_NOT_ASKED = ("letter_date",)  # the web's letters are dated today


@functools.cache
def words() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(QUESTIONS_FILE.read_text("utf-8"))
    return loaded


def pick(value: Any, who: str | None) -> Any:
    """A {parent, young-person} pair gives the text for `who`; anything else is itself."""
    if isinstance(value, dict) and set(value) == {"parent", "young-person"}:
        return value["young-person" if who == "young-person" else "parent"]
    return value


@dataclass(frozen=True)
class Question:
    name: str
    kind: str
    label: str
    hint: str
    required: bool
    options: tuple[tuple[str, str], ...] = ()
    option: str = ""


def council_known(facts: Facts) -> bool:
    pack = load_content().local_authority(facts.local_authority)
    return pack is not None and pack.id != "england"


def fields_for(letter_type: str, facts: Facts) -> tuple[str, ...]:
    """The fields the web asks for, for this letter and case, in page order."""
    text = load_letters().letters[letter_type]
    names = [
        name
        for name in text.allowed_fields()
        if name not in _NOT_ASKED and letter_type in _ONLY_FOR.get(name, (letter_type,))
    ]
    if council_known(facts):  # the pack's council is used; never ask for it
        names = [n for n in names if n != "council_name"]
    if facts.setting != "maintained-school":
        names = [n for n in names if n != "copy_to_director"]
    if facts.setting != "independent-school":
        names = [n for n in names if n != "governors_addressee"]
    if facts.asker in ("young-person", "adviser-for-young-person"):
        names = [n for n in names if n != "young_person_consent"]
    ordered = sorted(
        names, key=lambda n: (PAGES.index(_PAGE_OF.get(n, "letter")), n == "response_date")
    )
    return tuple(ordered)


def pages_for(letter_type: str, facts: Facts) -> tuple[str, ...]:
    fields = fields_for(letter_type, facts)
    return tuple(p for p in PAGES if any(_PAGE_OF.get(f, "letter") == p for f in fields))


def page_fields(letter_type: str, facts: Facts, page: str) -> tuple[str, ...]:
    return tuple(f for f in fields_for(letter_type, facts) if _PAGE_OF.get(f, "letter") == page)


def required_fields(letter_type: str, facts: Facts, details: LetterDetails) -> set[str]:
    text = load_letters().letters[letter_type]
    required = set(text.required_fields())
    for name, condition in text.fields.required_when.items():
        field, _, value = condition.partition("=")
        if getattr(details, field) == value if value else getattr(details, field):
            required.add(name)
    if "council_name" in fields_for(letter_type, facts):
        required.add("council_name")  # the case names no council we know
    return required


def question(
    name: str, who: str | None, *, letter_type: str, today: date, required: bool
) -> Question:
    spec = FIELDS[name]
    text = words()["fields"][name]
    text = {**text, **text.get("for_letter", {}).get(letter_type, {})}  # a letter's own words
    hint = pick(text.get("hint", ""), who)
    if name == "response_date":
        default = default_response_date(letter_type, today)
        hint = hint.format(date=_long(default)) if default else ""
    return Question(
        name=name,
        kind=spec.kind,
        label=pick(text["label"], who),
        hint=hint,
        required=required,
        options=tuple((value, text["options"][value]) for value in spec.choices),
        option=text.get("option", ""),
    )


def _long(day: date) -> str:
    from send_redress import long_date

    return long_date(day)


# --- reading and checking a page ------------------------------------------------------------


class PageForm(forms.Form):
    """The page's fields as plain text fields: the core checks them, this carries the errors.
    A date field `f` is read from the boxes `f-day`, `f-month` and `f-year`."""

    def __init__(self, *args: Any, questions: tuple[Question, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.error_anchors: dict[str, str] = {}
        self.invalid_parts: dict[str, list[str]] = {}
        for q in questions:
            field = forms.CharField(required=False, strip=False)
            field.validators = []  # the core checks every character, in its own words
            self.fields[q.name] = field
            if q.kind == "date":
                self.error_anchors[q.name] = f"{q.name}-day"
            elif q.kind == "choice" and q.options:
                self.error_anchors[q.name] = q.name

    def raw(self, name: str) -> str:
        return str(self.data.get(name, "")) if self.is_bound else ""

    def date_parts(self, name: str) -> dict[str, str]:
        return {part: str(self.data.get(f"{name}-{part}", "")).strip() for part in _PARTS}


def read_page(form: PageForm) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The page's answers as the core's input, and problems found on the way:
    (field, message). Dates are read by the one date field (web/common/dates.py); the core
    checks their bounds, in its own words."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for q in form.questions:
        if q.kind == "date":
            try:
                day = read_date(
                    form.date_parts(q.name), DateRules(words()["fields"][q.name]["what"])
                )
            except DateProblem as problem:
                form.invalid_parts[q.name] = list(problem.parts)
                form.error_anchors[q.name] = f"{q.name}-{problem.parts[0]}"
                problems.append((q.name, problem.message))
                continue
            if day is not None:
                values[q.name] = day
        elif q.kind in ("lines", "items"):
            values[q.name] = [line for line in form.raw(q.name).splitlines() if line.strip()]
        elif q.kind == "bool":
            values[q.name] = form.raw(q.name) == "yes"
        else:
            text = form.raw(q.name)
            if text.strip():
                values[q.name] = text
    return values, problems


def check_page(
    letter_type: str,
    facts: Facts,
    form: PageForm,
    saved: dict[str, Any],
) -> dict[str, Any] | None:
    """Check a posted page with the core's rules. Returns the answers to save (the page's,
    merged into `saved`), or None after adding each problem to the form as a GOV.UK message."""
    values, found = read_page(form)
    names = {q.name for q in form.questions}
    merged = {k: v for k, v in saved.items() if k not in names} | values
    details, converted = convert_details(merged)
    problems = list(converted) + check_details(letter_type, details, facts)
    required = required_fields(letter_type, facts, details)
    problems += [
        Problem(name, "missing", code="missing")
        for name in names & required
        if not details.given().get(name)
    ]
    seen: set[str] = {f for f, _ in found}
    for field, text in found:
        form.add_error(field, text)
    for problem in problems:
        if problem.field in names and problem.field not in seen:
            seen.add(problem.field)
            form.add_error(problem.field, message(problem.field, problem.code, {}))
            if FIELDS[problem.field].kind == "date":
                form.invalid_parts.setdefault(problem.field, list(_PARTS))
    if form.errors:
        return None
    return {k: v for k, v in details.to_jsonable().items()}


def message(field: str, code: str, params: dict[str, str]) -> str:
    text = words()["fields"][field]
    own = text.get("errors", {}).get(code)
    template = own or words()["errors"].get(code) or words()["errors"]["invalid"]
    what = text["what"]
    spec = FIELDS[field]
    fill = {
        "what": what,
        "What": what[:1].upper() + what[1:],
        "max": str(spec.max_items if code == "too-many" else spec.max_length),
        **params,
    }
    return str(template).format(**fill)


def initial_values(saved: dict[str, Any], questions: tuple[Question, ...]) -> dict[str, str]:
    """Saved answers as the text the page's boxes show."""
    initial: dict[str, str] = {}
    for q in questions:
        value = saved.get(q.name)
        if value is None:
            continue
        if q.kind == "date":
            day = date.fromisoformat(value)
            initial |= {f"{q.name}-day": str(day.day), f"{q.name}-month": str(day.month)}
            initial[f"{q.name}-year"] = str(day.year)
        elif q.kind in ("lines", "items"):
            initial[q.name] = "\n".join(value)
        elif q.kind == "bool":
            initial[q.name] = "yes" if value else ""
        else:
            initial[q.name] = str(value)
    return initial
