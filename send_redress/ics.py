"""Deadlines as an iCalendar (.ics) file: one all-day event per deadline, with a reminder.

`deadlines_to_ics(assessment.deadlines)` gives the bytes for an "add to calendar" download
(`Content-Type: text/calendar; charset=utf-8`). Each event:

- is all day on the due date (DTSTART;VALUE=DATE, DTEND the day after), shown as free time;
- has a UID built from the deadline's id and due date, so importing the file again updates the
  same event, and a new due date makes a new one;
- has a display alarm 3 days before;
- says in its description which rule sets the date and where that rule is published.

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


def deadline_uid(deadline: Deadline) -> str:
    """A stable UID: `<id>-<YYYYMMDD>@send-redress`, the id reduced to safe characters."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", deadline.id).strip("-") or "deadline"
    return f"{slug}-{deadline.due:%Y%m%d}@{UID_DOMAIN}"


def _description(deadline: Deadline) -> str:
    lines = [deadline.rule.strip()]
    if deadline.sources:
        lines += ["", "Sources:"]
        lines += [f"- {source.title}: {source.url}" for source in deadline.sources]
    return "\n".join(lines)


def deadlines_to_ics(
    deadlines: Iterable[Deadline], *, title_prefix: str = "", stamp: datetime | None = None
) -> bytes:
    """An iCalendar file with one all-day VEVENT per deadline, in date order."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{title_prefix}SEND deadlines")

    for deadline in sorted(deadlines, key=lambda d: (d.due, d.id)):
        summary = f"{title_prefix}{deadline.name}"
        event = Event()
        event.add("uid", deadline_uid(deadline))
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", _description(deadline))
        if deadline.sources:
            event.add("url", deadline.sources[0].url)
        event.add("transp", "TRANSPARENT")

        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"In 3 days: {summary}")
        alarm.add("trigger", -REMINDER_BEFORE)
        event.add_component(alarm)
        calendar.add_component(event)

    ical: bytes = calendar.to_ical()
    return ical
