"""Turning dates and reason ids into the plain English that people read."""

from __future__ import annotations

from datetime import date

__all__ = ["DUTY_HOLDERS", "duty_holder", "long_date", "render", "weekday_date"]

# Who must meet a deadline that is not the parent's own, by the deadline's `whose`.
DUTY_HOLDERS = {
    "council": "the council",
    "mediator": "the mediation service",
    "school": "the school, its governors or the academy trust",
    "nhs": "the NHS body",
}


def duty_holder(whose: str) -> str:
    """Who must meet a duty, in words: "the council" for anything not named above."""
    return DUTY_HOLDERS.get(whose, "the council")


# Not strftime("%B"): that follows the machine's locale.
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: date) -> str:
    """GOV.UK style: 11 February 2027 (no leading zero, no weekday)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_date(day: date) -> str:
    """With the weekday, for a date to act by: Friday 18 June 2027."""
    return f"{_WEEKDAYS[day.weekday()]} {long_date(day)}"


def render(templates: dict[str, str], key: str, params: dict[str, object]) -> str:
    """Fill a wording template; dates become long dates. KeyError if the key is missing."""
    shown = {name: long_date(v) if isinstance(v, date) else v for name, v in params.items()}
    return templates[key].format(**shown)
