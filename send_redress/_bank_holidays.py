"""Bank holidays in England and Wales, from the `holidays` library (subdivision ENG).

Importing `holidays` costs about 0.1 s, which would double the CLI's start-up. So the dates for
a span of years are kept in a generated snapshot (`content/bank-holidays-england.txt`, made by
`scripts/update-bank-holidays` from the library) and any year outside it is asked of the library
itself. A test checks that the snapshot still equals the library, so a library upgrade that
adds a one-off bank holiday fails the build until the snapshot is regenerated.
"""

from __future__ import annotations

import functools
import os
from datetime import date

__all__ = ["SNAPSHOT_YEARS", "bank_holidays_from_library", "is_bank_holiday"]

_SNAPSHOT_FILE = "bank-holidays-england.txt"
SNAPSHOT_YEARS = range(2000, 2071)


@functools.cache
def _snapshot() -> frozenset[date]:
    # A plain read where the package is a folder: importing importlib.resources costs more than
    # the rest of a warm `send-redress assess`. A zipped package needs it.
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "content", _SNAPSHOT_FILE)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        from importlib import resources

        text = resources.files("send_redress.content").joinpath(_SNAPSHOT_FILE).read_text("utf-8")
    return frozenset(
        date.fromisoformat(line.split()[0])
        for line in text.splitlines()
        if line and not line.startswith("#")
    )


@functools.cache
def _library_year(year: int) -> frozenset[date]:
    return frozenset(bank_holidays_from_library([year]))


def bank_holidays_from_library(years: list[int] | range) -> dict[date, str]:
    """Every bank holiday the `holidays` library knows for England in `years`, with its name."""
    from holidays.countries.united_kingdom import UnitedKingdom

    holidays = UnitedKingdom(subdiv="ENG", years=list(years))  # type: ignore[no-untyped-call]
    return dict(holidays.items())


def is_bank_holiday(day: date) -> bool:
    """True if `day` is a bank holiday in England and Wales (including weekend actual days)."""
    if day.year in SNAPSHOT_YEARS:
        return day in _snapshot()
    return day in _library_year(day.year)
