"""A service's report for a period (issue 20 item 2): its contacts counted by month, quarter,
channel, issue, stage, outcome, council and setting, and the statutory clocks of its shared
cases that fell due in the period, by council and clock (met, late, missed).

A fixed number of queries whatever the period or the size of the service: five, each a GROUP BY
or an aggregate in the database (bench/reports.py measures them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Case as When_
from django.db.models import CharField, Count, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncMonth

from send_redress import load_content
from web.advisers.models import CONTACT_KINDS, OUTCOMES, Contact

from .clocks import LATE, MET, MISSED
from .models import CaseClock

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Table:
    """One grouping: a heading for its first column and (label, count) rows."""

    id: str
    title: str
    column: str
    rows: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.rows)


@dataclass(frozen=True)
class ClockRow:
    council: str
    clock: str
    met: int
    late: int
    missed: int


@dataclass(frozen=True)
class Totals:
    contacts: int
    minutes: int
    cases: int
    enquiries: int


@dataclass(frozen=True)
class Report:
    organisation: str
    start: date
    end: date
    today: date
    totals: Totals
    tables: tuple[Table, ...]
    clocks: tuple[ClockRow, ...]


def month_label(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(year: int, quarter: int) -> str:
    first = MONTHS[(quarter - 1) * 3]
    last = MONTHS[(quarter - 1) * 3 + 2]
    return f"{first} to {last} {year}"


def months_between(start: date, end: date) -> list[date]:
    months, day = [], date(start.year, start.month, 1)
    while day <= end:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _rows(counts: dict[str, int], labels: dict[str, str]) -> tuple[tuple[str, int], ...]:
    """Largest first, then by label; a blank value is "Not recorded", last."""
    named = sorted(
        ((labels.get(k, k), n) for k, n in counts.items() if k), key=lambda r: (-r[1], r[0])
    )
    blank = counts.get("", 0)
    return tuple(named) + (((NOT_RECORDED, blank),) if blank else ())


def _fixed(counts: dict[str, int], choices: list[tuple[str, str]]) -> tuple[tuple[str, int], ...]:
    """A fixed list (channels, outcomes) in its own order, with its zeros, so one period's
    report lines up with the next."""
    return tuple((label, counts.get(value, 0)) for value, label in choices)


def council_names() -> dict[str, str]:
    content = load_content()
    names = {c.id: c.name for c in content.councils.values()}
    names.update({p.id: p.name for p in content.local_authorities.values()})
    return names


def _pairs(contacts: QuerySet[Contact], first: str, second: str) -> list[tuple[Any, ...]]:
    return list(
        contacts.order_by()
        .values_list(first, second)
        .annotate(n=Count("id"))
        .values_list(first, second, "n")
    )


def _sum(groups: Iterable[tuple[Any, ...]], index: int) -> dict[Any, int]:
    """Counts by one column of grouped rows whose count is the last column."""
    out: dict[Any, int] = {}
    for group in groups:
        out[group[index]] = out.get(group[index], 0) + group[-1]
    return out


def service_report(organisation_id: int, name: str, start: date, end: date, today: date) -> Report:
    """Four scans of the period's contacts, each grouping two or three columns at once (their
    combinations are few: 12 months x 4 channels x 7 outcomes at most) and summed here, rather
    than one scan per table (bench/reports.py: half the time of eight GROUP BYs)."""
    content = load_content()
    contacts = Contact.objects.filter(
        organisation_id=organisation_id, date__gte=start, date__lte=end
    )
    monthly = [
        (m.date() if isinstance(m, datetime) else m, kind, outcome, n, minutes, enquiries)
        for m, kind, outcome, n, minutes, enquiries in contacts.order_by()
        .annotate(month=TruncMonth("date"))
        .values_list("month", "kind", "outcome")
        .annotate(
            n=Count("id"),
            minutes=Sum("minutes"),
            enquiries=Count("id", filter=Q(case__isnull=True)),
        )
        .values_list("month", "kind", "outcome", "n", "minutes", "enquiries")
    ]
    by_month = {m: sum(r[3] for r in monthly if r[0] == m) for m in {r[0] for r in monthly}}
    by_kind = {k: sum(r[3] for r in monthly if r[1] == k) for k in {r[1] for r in monthly}}
    by_outcome = {o: sum(r[3] for r in monthly if r[2] == o) for o in {r[2] for r in monthly}}
    issues = _pairs(contacts, "concern", "stage")
    places = _pairs(contacts, "council", "setting")
    cases = contacts.exclude(case__isnull=True).aggregate(n=Count("case_id", distinct=True))["n"]
    months = months_between(start, end)
    quarters: dict[tuple[int, int], int] = {}
    for month in months:
        key = quarter_of(month)
        quarters[key] = quarters.get(key, 0) + by_month.get(month, 0)
    councils = council_names()
    tables = (
        Table("month", "Contacts by month", "Month", tuple((month_label(m), by_month.get(m, 0)) for m in months)),
        Table("quarter", "Contacts by quarter", "Quarter", tuple((quarter_label(*q), n) for q, n in quarters.items())),
        Table("channel", "Contacts by channel", "Channel", _fixed(by_kind, CONTACT_KINDS)),
        Table("issue", "Contacts by issue", "Issue", _rows(_sum(issues, 0), {c: t.label for c, t in content.concerns.items()})),
        Table("stage", "Contacts by route or stage reached", "Stage", _rows(_sum(issues, 1), {r: t.name for r, t in content.routes.items()})),
        Table("outcome", "Contacts by outcome", "Outcome", _fixed(by_outcome, OUTCOMES)),
        Table("council", "Contacts by council", "Council", _rows(_sum(places, 0), councils)),
        Table("setting", "Contacts by setting", "Setting", _rows(_sum(places, 1), {s: t.label for s, t in content.settings.items()})),
    )  # fmt: skip
    return Report(
        organisation=name,
        start=start,
        end=end,
        today=today,
        totals=Totals(
            contacts=sum(r[3] for r in monthly),
            minutes=sum(r[4] or 0 for r in monthly),
            cases=cases or 0,
            enquiries=sum(r[5] for r in monthly),
        ),
        tables=tables,
        clocks=_clock_rows(organisation_id, start, end, today, councils),
    )


def status_expression(today: date) -> When_:
    """met / late / missed / open in SQL, the rule of `clocks.outcome`."""
    from django.db.models import F

    return When_(
        When(met_on__isnull=False, met_on__lte=F("due"), then=Value(MET)),
        When(met_on__isnull=False, then=Value(LATE)),
        When(due__lt=today, then=Value(MISSED)),
        default=Value("open"),
        output_field=CharField(),
    )


def _clock_rows(
    organisation_id: int, start: date, end: date, today: date, councils: dict[str, str]
) -> tuple[ClockRow, ...]:
    """The council's duties in the cases shared with the service now (consent not revoked)
    that fell due in the period."""
    names = {d.id: d.name for d in load_content().deadlines.values()}
    shared = CaseClock.objects.filter(
        whose="council",
        due__gte=start,
        due__lte=min(end, today),
        case__shares__organisation_id=organisation_id,
        case__shares__revoked_at__isnull=True,
    )
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for council, clock, status, n in (
        shared.order_by()
        .annotate(status=status_expression(today))
        .values_list("council", "clock", "status")
        .annotate(n=Count("id"))
        .values_list("council", "clock", "status", "n")
    ):
        counts.setdefault((council, clock), {})[status] = n
    rows = [
        ClockRow(
            council=councils.get(council, council),
            clock=names.get(clock, clock),
            met=c.get(MET, 0),
            late=c.get(LATE, 0),
            missed=c.get(MISSED, 0),
        )
        for (council, clock), c in counts.items()
        if c.get(MET) or c.get(LATE) or c.get(MISSED)
    ]
    return tuple(sorted(rows, key=lambda r: (-r.missed, r.council, r.clock)))
