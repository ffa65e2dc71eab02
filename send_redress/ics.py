"""Deadlines as an iCalendar (.ics) file: one all-day event per deadline, with reminders.

`deadlines_to_ics(assessment.deadlines)` gives the bytes for an "add to calendar" download
(`Content-Type: text/calendar; charset=utf-8`). Each event:

- is titled "Deadline: <name>" and is all day on the due date (DTSTART;VALUE=DATE, DTEND the
  day after), shown as free time;
- has a UID built from the deadline's id and due date (and `uid_scope`, e.g. one per case), so
  importing the file again updates the same event, a new due date makes a new one, and two
  cases' events never share a UID;
- reminds: for the parent's own deadlines 14, 7 and 2 days before and at 9am on the day (issue
  15: a parent who misses one loses the right); for the council's, 3 days before;
- says in its description which rule sets the date and where that rule is published.

A deadline already met (`met_on` set) has no entry: nothing is left to do by that date.

Lines end in CRLF, as RFC 5545 requires. The output depends only on the arguments: DTSTAMP is
`stamp` (UTC), which defaults to the current time; pass it to get byte-identical files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from icalendar import Alarm, Calendar, Event

PRODID = "-//SEND Redress//Deadlines//EN"
UID_DOMAIN = "send-redress"
REMINDER_BEFORE = timedelta(days=3)
"""For a deadline that is not the parent's own (the council's: a date to chase)."""
PARENT_REMINDERS = (timedelta(days=-14), timedelta(days=-7), timedelta(days=-2), timedelta(hours=9))
"""For the parent's own deadlines: 14, 7 and 2 days before, and at 9am on the day (relative to
the start of the all-day event)."""


class Source(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def url(self) -> str: ...


class Deadline(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def due(self) -> date: ...
    @property
    def rule(self) -> str: ...
    @property
    def sources(self) -> Sequence[Source]: ...


def deadline_uid(deadline: Deadline, scope: str = "") -> str:
    """A stable UID: `<id>-<YYYYMMDD>[-<scope>]@send-redress`, reduced to safe characters.
    `scope` keeps two cases' entries apart in one calendar (say a hash of the case's id)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", deadline.id).strip("-") or "deadline"
    scoped = re.sub(r"[^A-Za-z0-9._-]+", "-", scope).strip("-")
    return f"{slug}-{deadline.due:%Y%m%d}{'-' + scoped if scoped else ''}@{UID_DOMAIN}"


def _when(before: timedelta) -> str:
    if before >= timedelta(0):
        return "Today"
    days = -before.days
    return f"In {days} days"


def _description(deadline: Deadline) -> str:
    lines = [deadline.rule.strip()]
    if deadline.sources:
        lines += ["", "Sources:"]
        lines += [f"- {source.title}: {source.url}" for source in deadline.sources]
    return "\n".join(lines)


def deadlines_to_ics(
    deadlines: Iterable[Deadline],
    *,
    title_prefix: str = "",
    stamp: datetime | None = None,
    uid_scope: str = "",
    name: str = "",
) -> bytes:
    """An iCalendar file with one all-day VEVENT per deadline not yet met, in date order."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name or f"{title_prefix}SEND deadlines")

    still_to_do = [d for d in deadlines if getattr(d, "met_on", None) is None]
    for deadline in sorted(still_to_do, key=lambda d: (d.due, d.id)):
        summary = f"{title_prefix}Deadline: {deadline.name}"
        event = Event()
        event.add("uid", deadline_uid(deadline, uid_scope))
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", _description(deadline))
        if deadline.sources:
            event.add("url", deadline.sources[0].url)
        event.add("transp", "TRANSPARENT")

        own = getattr(deadline, "whose", "") == "parent"
        for before in PARENT_REMINDERS if own else (-REMINDER_BEFORE,):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{_when(before)}: {summary}")
            alarm.add("trigger", before)
            event.add_component(alarm)
        calendar.add_component(event)

    ical: bytes = calendar.to_ical()
    return ical
