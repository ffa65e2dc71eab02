"""A service's report for a period (issue 20 item 2): its contacts counted by month, quarter,
channel, issue, stage, outcome, council and setting, and the statutory clocks of its shared
cases that fell due in the period, by council and clock (met, late, missed).

A fixed number of queries whatever the period or the size of the service: one per grouping,
each a GROUP BY in the database (bench/reports.py measures it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


def _grouped(contacts: QuerySet[Contact], field: str) -> dict[str, int]:
    return dict(
        contacts.order_by().values_list(field).annotate(n=Count("id")).values_list(field, "n")
    )


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


def service_report(organisation_id: int, name: str, start: date, end: date, today: date) -> Report:
    content = load_content()
    contacts = Contact.objects.filter(
        organisation_id=organisation_id, date__gte=start, date__lte=end
    )
    totals = contacts.aggregate(
        contacts=Count("id"),
        minutes=Sum("minutes"),
        cases=Count("case_id", distinct=True),
        enquiries=Count("id", filter=Q(case__isnull=True)),
    )
    by_month = dict(
        contacts.order_by()
        .annotate(month=TruncMonth("date"))
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    by_month = {(m.date() if hasattr(m, "date") else m): n for m, n in by_month.items()}
    months = months_between(start, end)
    quarters: dict[tuple[int, int], int] = {}
    for month in months:
        key = quarter_of(month)
        quarters[key] = quarters.get(key, 0) + by_month.get(month, 0)
    councils = council_names()
    tables = (
        Table("month", "Contacts by month", "Month", tuple((month_label(m), by_month.get(m, 0)) for m in months)),
        Table("quarter", "Contacts by quarter", "Quarter", tuple((quarter_label(*q), n) for q, n in quarters.items())),
        Table("channel", "Contacts by channel", "Channel", _fixed(_grouped(contacts, "kind"), CONTACT_KINDS)),
        Table("issue", "Contacts by issue", "Issue", _rows(_grouped(contacts, "concern"), {c: t.label for c, t in content.concerns.items()})),
        Table("stage", "Contacts by route or stage reached", "Stage", _rows(_grouped(contacts, "stage"), {r: t.name for r, t in content.routes.items()})),
        Table("outcome", "Contacts by outcome", "Outcome", _fixed(_grouped(contacts, "outcome"), OUTCOMES)),
        Table("council", "Contacts by council", "Council", _rows(_grouped(contacts, "council"), councils)),
        Table("setting", "Contacts by setting", "Setting", _rows(_grouped(contacts, "setting"), {s: t.label for s, t in content.settings.items()})),
    )  # fmt: skip
    return Report(
        organisation=name,
        start=start,
        end=end,
        today=today,
        totals=Totals(
            contacts=totals["contacts"] or 0,
            minutes=totals["minutes"] or 0,
            cases=totals["cases"] or 0,
            enquiries=totals["enquiries"] or 0,
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
