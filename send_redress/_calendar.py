"""Legal time arithmetic for England: calendar months, periods, working days, Tribunal rule 12.

Every function is pure and works on `datetime.date`. The month rules follow the
corresponding-date rule: a period of months ends on the same day number in the later month,
or on that month's last day when it has no such day (31 August + 1 month = 30 September).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import Enum

from send_redress._bank_holidays import is_bank_holiday

__all__ = [
    "TribunalAct",
    "add_months",
    "add_school_days",
    "add_working_days",
    "end_of_days_beginning_with",
    "end_of_months_after",
    "end_of_months_beginning_with",
    "end_of_weeks_after",
    "is_school_day",
    "is_working_day",
    "next_working_day",
    "tribunal_rule_12",
]


def add_months(day: date, months: int) -> date:
    """Return the corresponding date `months` later, clamped to the last day of that month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def end_of_months_after(day: date, months: int) -> date:
    """Last day of a period of `months` months *after* `day` (the day itself does not count).

    2 months after 4 June ends on 4 August.
    """
    return add_months(day, months)


def end_of_months_beginning_with(day: date, months: int) -> date:
    """Last day of a period of `months` months *beginning with* `day` (the day counts).

    6 months starting with 4 June ends on 3 December: the day before the corresponding date.
    Where the later month has no corresponding date (6 months starting with 31 August), the
    corresponding date is clamped to the month's end first and the period ends the day before
    (27 February, not 28 February). Sources do not settle this edge; the earlier date protects
    the parent, so we take it.
    """
    return add_months(day, months) - timedelta(days=1)


def end_of_weeks_after(day: date, weeks: int) -> date:
    """Last day of a period of `weeks` weeks after `day`: 6 weeks after a Monday is a Monday."""
    return day + timedelta(weeks=weeks)


def end_of_days_beginning_with(day: date, days: int) -> date:
    """Last day of a period of `days` days beginning with `day`: 15 days from the 1st end on the 15th."""
    return day + timedelta(days=days - 1)


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, otherwise the next working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, working_days: int) -> date:
    """The date `working_days` working days after `day` (the day itself never counts)."""
    if working_days < 0:
        raise ValueError("working_days must not be negative")
    remaining = working_days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def is_school_day(day: date, holidays: tuple[tuple[date, date], ...] = ()) -> bool:
    """A day with a school session, as far as we can know it: a working day that is not in any of
    the school's holidays (each a first and last day, both with no school). With no term dates,
    every working day counts: the school's own holidays and training days would only push a
    count of school days later, so this gives the earliest date the period could end."""
    return is_working_day(day) and not any(first <= day <= last for first, last in holidays)


def add_school_days(
    day: date, school_days: int, holidays: tuple[tuple[date, date], ...] = ()
) -> date:
    """The date `school_days` school days after `day` (the day itself never counts)."""
    if school_days < 0:
        raise ValueError("school_days must not be negative")
    remaining = school_days
    while remaining:
        day += timedelta(days=1)
        if is_school_day(day, holidays):
            remaining -= 1
    return day


class TribunalAct(Enum):
    """What a First-tier Tribunal (SEND) time limit is for; rule 12 treats them differently."""

    START_SEN_APPEAL = "start-sen-appeal"
    """Providing the application notice of an SEN appeal (rule 20): rule 12(2) and 12(3)."""

    OTHER = "other"
    """Any other act, including a disability discrimination claim: rule 12(2) only."""


def tribunal_rule_12(last_day: date, act: TribunalAct) -> date:
    """Move a Tribunal time limit as rule 12 of the HESC Rules 2008 says.

    - 12(3): for starting an SEN appeal, a limit ending from 25 December to 1 January, or on
      any day in August, is met on the first working day after 1 January or 31 August.
    - 12(2): a limit ending on a day that is not a working day is met on the next working day.
    The 2020 amendment took disability discrimination claims out of 12(3).
    """
    if act is TribunalAct.START_SEN_APPEAL:
        if (last_day.month, last_day.day) >= (12, 25):
            return next_working_day(date(last_day.year + 1, 1, 2))
        if (last_day.month, last_day.day) == (1, 1):
            return next_working_day(date(last_day.year, 1, 2))
        if last_day.month == 8:
            return next_working_day(date(last_day.year, 9, 1))
    return next_working_day(last_day)
