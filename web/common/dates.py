"""The one GOV.UK date field: three boxes (day, month, year) read, checked and explained the
same way in the journey, the case file and the letters (issue 11).

The messages follow the GOV.UK Design System's date input pattern: "Enter the date of ...",
"... must include a month", "Year must include 4 numbers", "... must be a real date",
"... must be today or in the past". Each names the date it is about. Order between two dates
(a decision letter after the request it answers) comes from the core's one rule list,
`send_redress.date_order_problems`; `order_message` words it, naming both dates.

A form that has date fields uses `DateInputsForm`: each date field `f` is posted as `f-day`,
`f-month` and `f-year`, its one error sits on `f`, and the error summary links to the first
box that needs fixing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms

from send_redress import OrderProblem, load_content, long_date

PARTS = ("day", "month", "year")

EARLIEST = date(1900, 1, 1)
"""No date field takes a date before this one (a date of birth can be old; 0001 overflows)."""


class DateProblem(ValueError):
    """What is wrong with the boxes: the message to show and the boxes to mark."""

    def __init__(self, message: str, parts: tuple[str, ...] = PARTS) -> None:
        super().__init__(message)
        self.message = message
        self.parts = parts


@dataclass(frozen=True)
class DateRules:
    """What one date question accepts. `name` names the date in its messages ("the date of
    the annual review meeting"); `latest` is None where a date may be in the future."""

    name: str
    earliest: date = EARLIEST
    latest: date | None = None
    today: date | None = None
    """The day it is: with `latest` equal to it, the message says "today or in the past"."""

    @property
    def Name(self) -> str:  # noqa: N802 (the name with a capital, as in the letters' {What})
        return self.name[:1].upper() + self.name[1:]


def _words(parts: list[str]) -> str:
    return " and ".join(parts) if len(parts) < 3 else "a day, month and year"


def read_date(values: Mapping[str, str], rules: DateRules) -> date | None:
    """The date in the boxes, or None when all three are empty; DateProblem when it is not a
    date the question accepts."""
    raw = {part: str(values.get(part) or "").strip() for part in PARTS}
    missing = [part for part in PARTS if not raw[part]]
    if len(missing) == 3:
        return None
    if missing:
        raise DateProblem(f"{rules.Name} must include a {_words(missing)}", tuple(missing))
    if not all(value.isascii() and value.isdigit() for value in raw.values()):
        bad = tuple(p for p in PARTS if not (raw[p].isascii() and raw[p].isdigit()))
        raise DateProblem(f"{rules.Name} must be a real date", bad)
    if len(raw["year"]) != 4:
        raise DateProblem("Year must include 4 numbers", ("year",))
    try:
        day = date(int(raw["year"]), int(raw["month"]), int(raw["day"]))
    except ValueError:
        raise DateProblem(f"{rules.Name} must be a real date") from None
    if rules.latest is not None and day > rules.latest:
        if rules.latest == rules.today:
            raise DateProblem(f"{rules.Name} must be today or in the past")
        raise DateProblem(f"{rules.Name} must be on or before {long_date(rules.latest)}")
    if day < rules.earliest:
        raise DateProblem(
            f"{rules.Name} must be on or after {long_date(rules.earliest)}", ("year",)
        )
    return day


def required_date(values: Mapping[str, str], rules: DateRules) -> date:
    """As read_date, but all three boxes empty is "Enter the date of ..." too."""
    day = read_date(values, rules)
    if day is None:
        raise DateProblem(f"Enter {rules.name}")
    return day


def example_hint(rules: DateRules, *, today: date) -> str:
    """ "For example, 27 3 2026": a date the question accepts (never a future date where
    future dates are refused, never before the earliest it takes)."""
    if rules.latest is None:
        example = today + timedelta(days=60)
    else:
        example = min(rules.latest, today) - timedelta(days=30)
    example = max(example, rules.earliest)
    if rules.latest is not None:
        example = min(example, rules.latest)
    return f"For example, {example.day} {example.month} {example.year}"


def order_message(asked: str, problem: OrderProblem) -> str:
    """The message for a date in the wrong order, naming both dates: asked about `asked` (an
    event type), it must be on or after (or on or before) the other event's date."""
    events = load_content().events
    if asked == problem.later:
        name = events[problem.later].named_date()
        other, relation, day = problem.earlier, "on or after", problem.earlier_date
    else:
        name = events[problem.earlier].named_date()
        other, relation, day = problem.later, "on or before", problem.later_date
    Name = name[:1].upper() + name[1:]  # noqa: N806
    return f"{Name} must be {relation} {long_date(day)}, {events[other].named_date()}"


class DateInputsForm(forms.Form):
    """A form with GOV.UK date fields, named in `date_inputs`. Each field `f` in it is read from
    the boxes `f-day`, `f-month` and `f-year`; its error sits on `f`."""

    date_inputs: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_anchors: dict[str, str] = {}
        self.invalid_parts: dict[str, list[str]] = {}
        fields: dict[str, forms.Field] = {}
        for name in self.fields:
            if name in self.date_inputs:
                fields[name] = forms.CharField(required=False)
                for part in PARTS:
                    fields[f"{name}-{part}"] = forms.CharField(required=False, max_length=10)
            else:
                fields[name] = self.fields[name]
        for name in self.date_inputs:
            self.error_anchors.setdefault(name, f"{name}-day")
            if name not in fields:
                fields[name] = forms.CharField(required=False)
                for part in PARTS:
                    fields[f"{name}-{part}"] = forms.CharField(required=False, max_length=10)
        self.fields = fields

    def parts(self, name: str) -> dict[str, str]:
        """The boxes' current values, for the template."""
        if self.is_bound:
            return {p: str(self.data.get(f"{name}-{p}", "")) for p in PARTS}
        value = self.initial.get(name)
        if isinstance(value, date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        return dict.fromkeys(PARTS, "")

    def date_in(self, name: str, rules: DateRules, *, required: bool = True) -> date | None:
        """The date in field `name`'s boxes (in clean()), or None after adding its error."""
        boxes = {p: self.cleaned_data.get(f"{name}-{p}") or "" for p in PARTS}
        try:
            return required_date(boxes, rules) if required else read_date(boxes, rules)
        except DateProblem as problem:
            self.date_error(name, problem.message, list(problem.parts))
            return None

    def date_error(self, name: str, message: str, parts: list[str] | None = None) -> None:
        """Add an error to date field `name`, marking `parts` (all three by default)."""
        parts = parts or list(PARTS)
        self.invalid_parts[name] = parts
        self.error_anchors[name] = f"{name}-{parts[0]}"
        self.add_error(name, message)
