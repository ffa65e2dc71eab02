"""send_redress.ics: deadlines as an .ics file, parsed back with icalendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from send_redress.ics import deadline_uid, deadlines_to_ics

STAMP = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Deadline:
    id: str
    name: str
    due: date
    rule: str
    sources: tuple[Source, ...] = field(default_factory=tuple)


APPEAL = Deadline(
    id="tribunal-appeal",
    name="Appeal to the SEND Tribunal",
    due=date(2027, 2, 1),
    rule="2 months from the date of the decision letter, or 1 month from the mediation "
    "certificate if that is later.",
    sources=(
        Source("SEND Regulations 2014, regulation 33", "https://www.legislation.gov.uk/uksi/2014/1530/regulation/33"),
        Source("Tribunal Procedure Rules, rule 20", "https://www.legislation.gov.uk/uksi/2008/2699/rule/20"),
    ),
)  # fmt: skip
MEDIATION = Deadline(
    id="mediation advice/call ✓",
    name="Contact the mediation adviser – before the appeal",
    due=date(2026, 12, 24),
    rule="Before you can appeal, you must get mediation advice.",
)


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def events(data: bytes) -> list:
    return parse(data).walk("VEVENT")


def test_all_day_events_in_date_order_with_summaries_and_descriptions():
    data = deadlines_to_ics([APPEAL, MEDIATION], title_prefix="Bedford: ", stamp=STAMP)
    cal = parse(data)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//SEND Redress//Deadlines//EN"
    first, second = cal.walk("VEVENT")
    assert (
        str(first["SUMMARY"])
        == "Bedford: Deadline: Contact the mediation adviser – before the appeal"
    )
    assert str(second["SUMMARY"]) == "Bedford: Deadline: Appeal to the SEND Tribunal"
    assert second.decoded("DTSTART") == date(2027, 2, 1)
    assert second.decoded("DTEND") == date(2027, 2, 2)
    assert type(second.decoded("DTSTART")) is date  # all day, not a datetime
    assert b"DTSTART;VALUE=DATE:20270201\r\n" in data
    assert second.decoded("DTSTAMP") == STAMP
    description = str(second["DESCRIPTION"])
    assert description.startswith("2 months from the date of the decision letter")
    assert "- SEND Regulations 2014, regulation 33: https://www.legislation.gov.uk/uksi/2014/1530/regulation/33" in description  # fmt: skip
    assert str(second["URL"]) == APPEAL.sources[0].url
    assert str(second["TRANSP"]) == "TRANSPARENT"
    assert "URL" not in first and "Sources" not in str(first["DESCRIPTION"])


def test_reminder_three_days_before():
    (event,) = events(deadlines_to_ics([APPEAL], stamp=STAMP))
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -timedelta(days=3)
    assert str(alarm["DESCRIPTION"]) == "In 3 days: Deadline: Appeal to the SEND Tribunal"


def test_uids_are_stable_and_follow_the_due_date():
    a = events(deadlines_to_ics([APPEAL], stamp=STAMP))[0]["UID"]
    b = events(deadlines_to_ics([APPEAL], stamp=STAMP + timedelta(days=5)))[0]["UID"]
    assert a == b == "tribunal-appeal-20270201@send-redress"
    moved = Deadline(**{**APPEAL.__dict__, "due": date(2027, 3, 1)})
    assert deadline_uid(moved) == "tribunal-appeal-20270301@send-redress"
    assert deadline_uid(MEDIATION) == "mediation-advice-call-20261224@send-redress"
    uids = [str(e["UID"]) for e in events(deadlines_to_ics([APPEAL, MEDIATION], stamp=STAMP))]
    assert len(set(uids)) == 2


def test_crlf_line_endings_and_folded_long_lines():
    data = deadlines_to_ics([APPEAL, MEDIATION], stamp=STAMP)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_output_is_reproducible_and_unicode_survives():
    one = deadlines_to_ics([MEDIATION, APPEAL], stamp=STAMP)
    assert one == deadlines_to_ics([APPEAL, MEDIATION], stamp=STAMP)
    one.decode("utf-8")
    assert "–" in str(events(one)[0]["SUMMARY"])


def test_no_deadlines_gives_an_empty_calendar():
    cal = parse(deadlines_to_ics([], stamp=STAMP))
    assert cal.walk("VEVENT") == []


def test_default_stamp_is_now_in_utc():
    before = datetime.now(UTC).replace(microsecond=0)
    (event,) = events(deadlines_to_ics([APPEAL]))
    assert before <= event.decoded("DTSTAMP") <= datetime.now(UTC)


@dataclass(frozen=True)
class Clock(Deadline):
    whose: str = "parent"
    met_on: date | None = None


def test_the_parents_own_deadlines_remind_at_14_7_and_2_days_and_on_the_day():
    own = Clock("tribunal-appeal", "Appeal to the SEND Tribunal", date(2027, 2, 1), "2 months.")
    council = Clock(
        "final-plan", "Council sends the final plan", date(2027, 3, 1), "20 weeks.", whose="council"
    )
    first, second = events(deadlines_to_ics([own, council], stamp=STAMP))
    triggers = [alarm["TRIGGER"].dt for alarm in first.walk("VALARM")]
    assert triggers == [
        timedelta(days=-14),
        timedelta(days=-7),
        timedelta(days=-2),
        timedelta(hours=9),
    ]
    words = [str(alarm["DESCRIPTION"]) for alarm in first.walk("VALARM")]
    assert words[0] == "In 14 days: Deadline: Appeal to the SEND Tribunal"
    assert words[-1] == "Today: Deadline: Appeal to the SEND Tribunal"
    assert [alarm["TRIGGER"].dt for alarm in second.walk("VALARM")] == [timedelta(days=-3)]


def test_a_clock_already_met_has_no_entry():
    met = Clock(
        "final-plan",
        "Council sends the final plan",
        date(2027, 3, 1),
        "20 weeks.",
        whose="council",
        met_on=date(2027, 2, 20),
    )
    still = Clock("tribunal-appeal", "Appeal to the SEND Tribunal", date(2027, 2, 1), "2 months.")
    assert [str(e["UID"]) for e in events(deadlines_to_ics([met, still], stamp=STAMP))] == [
        deadline_uid(still)
    ]


def test_uids_are_stable_and_unique_per_case():
    one = [str(e["UID"]) for e in events(deadlines_to_ics([APPEAL], stamp=STAMP, uid_scope="a1"))]
    again = [str(e["UID"]) for e in events(deadlines_to_ics([APPEAL], stamp=STAMP, uid_scope="a1"))]
    other = [str(e["UID"]) for e in events(deadlines_to_ics([APPEAL], stamp=STAMP, uid_scope="b2"))]
    assert one == again == ["tribunal-appeal-20270201-a1@send-redress"]
    assert set(one).isdisjoint(other)


def test_every_new_lifecycle_clock_of_a_case_is_a_calendar_entry():
    """Issue 14: the exclusion, health, care and transport clocks reach the calendar like any
    other, each with its own entry, date and sources."""
    from send_redress import assess, parse_facts

    cases = [
        ("exclusion", [("permanently-excluded", "2027-03-12"), ("reinstatement-decided", "2027-03-30")]),
        ("health-or-care-only", [("became-aware", "2027-02-10"), ("care-complaint-made", "2027-03-05")]),
        ("school-transport", [("decision-notice-sent", "2027-09-06")]),
        ("refused-plan", [("decision-notice-sent", "2027-02-01"), ("mediation-declined", "2027-02-12")]),
    ]  # fmt: skip
    for concern, events in cases:
        facts = {
            "today": events[-1][1],
            "concern": concern,
            "events": [{"type": t, "date": d} for t, d in events],
        }
        deadlines = assess(parse_facts(facts)).deadlines
        calendar = Calendar.from_ical(deadlines_to_ics(deadlines, stamp=STAMP))
        entries = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
        assert len(entries) == len(deadlines) > 0
        for d in deadlines:
            entry = entries[deadline_uid(d)]
            assert entry.decoded("DTSTART") == d.due
            assert d.sources[0].url in str(entry["DESCRIPTION"])
    # The clocks named in the issue are among them.
    ids = {
        d.id
        for concern, events in cases
        for d in assess(
            parse_facts(
                {
                    "today": events[-1][1],
                    "concern": concern,
                    "events": [{"type": t, "date": day} for t, day in events],
                }
            )
        ).deadlines
    }
    assert {
        "reinstatement-permanent",
        "review-panel-application",
        "exclusion-discrimination-claim",
        "nhs-complaint-time-limit",
        "health-ombudsman-time-limit",
        "care-complaint-answer",
        "transport-review-request",
        "certificate-no-mediation",
    } <= ids
