"""Council accountability (issue 20 item 3): how often a council met its statutory clocks, from
the cases whose parents agreed to count (an active `PublicConsent`) and no others.

What is published, per quarter (of the due date) and clock: how many were met, late and
missed, and for late ones the median lateness and its spread (the middle half, from the lower
to the upper quartile), in days. Every count is a number of different cases (one row per case
and clock). Rules that keep a family from being found:
- a count under `MINIMUM` (10) is not shown, and lateness is shown only when at least
  `MINIMUM` late cases stand behind it;
- no totals across cells, so a hidden count cannot be worked out by subtraction;
- a row (quarter and clock) with nothing to show is left out;
- no date, name or free text: quarters and the registry's clock names only;
- the figures are as they stood on the first day of this quarter (`as_at`), and change once a
  quarter: counted live, the page on the day after a clock fell due, or after a council
  acted, would differ from the day before's by one family's case.
Clocks still running (not yet due, not yet met) are not counted. A withdrawn consent takes its
case out at once, whatever the quarter.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from send_redress import load_content

from .clocks import LATE, MET, MISSED, outcome
from .figures import quarter_label, quarter_of
from .models import CaseClock, PublicConsent

MINIMUM = 10


@dataclass(frozen=True)
class Row:
    year: int
    quarter: int
    clock: str
    met: int | None
    late: int | None
    missed: int | None
    late_median: float | None
    late_spread: tuple[float, float] | None

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.year, self.quarter)


def _shown(count: int) -> int | None:
    return count if count >= MINIMUM else None


def publish(clocks: Iterable[tuple[str, date, date | None]], today: date) -> list[Row]:
    """The published rows from (clock id, due, met on) of consenting cases, one per case and
    clock, oldest quarter first."""
    cells: dict[tuple[int, int, str], dict[str, list[int]]] = {}
    for clock, due, met_on in clocks:
        status = outcome(due, met_on, today)
        if status not in (MET, LATE, MISSED):
            continue
        cell = cells.setdefault((*quarter_of(due), clock), {MET: [], LATE: [], MISSED: []})
        cell[status].append((met_on - due).days if status == LATE and met_on else 0)
    rows = []
    for (year, quarter, clock), cell in sorted(cells.items()):
        late = sorted(cell[LATE])
        enough_late = len(late) >= MINIMUM
        row = Row(
            year=year,
            quarter=quarter,
            clock=clock,
            met=_shown(len(cell[MET])),
            late=_shown(len(late)),
            missed=_shown(len(cell[MISSED])),
            late_median=statistics.median(late) if enough_late else None,
            late_spread=_quartiles(late) if enough_late else None,
        )
        if row.met is not None or row.late is not None or row.missed is not None:
            rows.append(row)
    return rows


def _quartiles(days: list[int]) -> tuple[float, float]:
    q1, _, q3 = statistics.quantiles(days, n=4, method="inclusive")
    return q1, q3


def consenting_clocks(council: str) -> list[tuple[str, date, date | None]]:
    """The council's duties in cases whose parents have consent standing now: one query."""
    return list(
        CaseClock.objects.filter(
            council=council,
            whose="council",
            # A subquery, not a join: a join with "withdrawn_at IS NULL" also matches the
            # cases that never consented (no row at all), as a test found.
            case_id__in=PublicConsent.objects.active().values("case_id"),
        )
        .order_by()
        .values_list("clock", "due", "met_on")
    )


def as_at(today: date) -> date:
    """The day the published figures stand at: the first day of today's quarter."""
    year, quarter = quarter_of(today)
    return date(year, 3 * quarter - 2, 1)


def publish_as_at(clocks: Iterable[tuple[str, date, date | None]], today: date) -> list[Row]:
    """The rows as they stood on `as_at(today)`: clocks due before it, met only if met before
    it; the same for every day of a quarter."""
    day = as_at(today)
    return publish(
        (
            (clock, due, met_on if met_on is not None and met_on < day else None)
            for clock, due, met_on in clocks
            if due < day
        ),
        day,
    )


def council_rows(council: str, today: date) -> list[Row]:
    return publish_as_at(consenting_clocks(council), today)


def clock_names() -> dict[str, str]:
    return {d.id: d.name for d in load_content().deadlines.values()}


def csv_lines(council_name: str, rows: list[Row]) -> list[list[str]]:
    """The same figures as the page; a hidden count is "fewer than 10"."""
    names = clock_names()
    hidden = f"fewer than {MINIMUM}"

    def shown(value: float | None) -> str:
        if value is None:
            return hidden
        return f"{value:g}"

    lines = [
        [
            "council",
            "quarter (of the due date)",
            "clock",
            "met",
            "late",
            "missed",
            "late by, median days",
            "late by, lower quartile days",
            "late by, upper quartile days",
        ]
    ]
    for row in rows:
        spread = row.late_spread
        lines.append(
            [
                council_name,
                row.quarter_label,
                names.get(row.clock, row.clock),
                shown(row.met),
                shown(row.late),
                shown(row.missed),
                shown(row.late_median),
                f"{spread[0]:g}" if spread else hidden,
                f"{spread[1]:g}" if spread else hidden,
            ]
        )
    return lines
