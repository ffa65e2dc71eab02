"""Legal time arithmetic, each function at its edges."""

from __future__ import annotations

from datetime import date

import pytest

from send_redress._bank_holidays import SNAPSHOT_YEARS, bank_holidays_from_library, is_bank_holiday
from send_redress._calendar import (
    TribunalAct,
    add_months,
    add_working_days,
    end_of_days_beginning_with,
    end_of_months_after,
    end_of_months_beginning_with,
    end_of_weeks_after,
    is_working_day,
    next_working_day,
    tribunal_rule_12,
)

SEN = TribunalAct.START_SEN_APPEAL
OTHER = TribunalAct.OTHER


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 6, 4), 2, date(2026, 8, 4)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),  # clamped to the month's last day
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),  # leap year
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),  # across a year end
    ],
)
def test_add_months_uses_the_corresponding_date_clamped_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_a_period_after_a_day_ends_on_the_corresponding_date():
    assert end_of_months_after(date(2026, 6, 4), 2) == date(2026, 8, 4)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 6, 4), 6, date(2026, 12, 3)),
        (date(2027, 4, 26), 12, date(2028, 4, 25)),
        (date(2026, 3, 1), 1, date(2026, 3, 31)),
        # No 31 February: the corresponding date clamps to 28 February and the period ends the
        # day before. Sources do not settle this; the earlier date protects the parent.
        (date(2026, 8, 31), 6, date(2027, 2, 27)),
        (date(2028, 2, 29), 12, date(2029, 2, 27)),
    ],
)
def test_a_period_beginning_with_a_day_counts_that_day(start, months, expected):
    assert end_of_months_beginning_with(start, months) == expected


def test_weeks_and_days():
    assert end_of_weeks_after(date(2026, 11, 2), 6) == date(2026, 12, 14)
    assert end_of_weeks_after(date(2026, 12, 7), 20) == date(2027, 4, 26)
    assert end_of_days_beginning_with(date(2027, 3, 1), 15) == date(2027, 3, 15)
    assert end_of_days_beginning_with(date(2027, 2, 20), 15) == date(2027, 3, 6)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 24), True),
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 26), False),  # Saturday
        (date(2026, 12, 28), False),  # Boxing Day, substitute Monday
        (date(2026, 12, 29), True),
        (date(2023, 5, 8), False),  # coronation bank holiday
        (date(2027, 3, 26), False),  # Good Friday
        (date(2027, 3, 29), False),  # Easter Monday
        (date(2026, 8, 31), False),  # summer bank holiday
        (date(2026, 9, 1), True),
    ],
)
def test_working_days_in_england(day, working):
    assert is_working_day(day) is working


def test_add_working_days_skips_weekends_and_bank_holidays():
    assert add_working_days(date(2026, 12, 24), 3) == date(2026, 12, 31)
    assert add_working_days(date(2027, 1, 8), 1) == date(2027, 1, 11)  # Friday to Monday
    assert add_working_days(date(2027, 3, 25), 3) == date(2027, 4, 1)  # over Easter
    assert add_working_days(date(2027, 1, 8), 0) == date(2027, 1, 8)
    with pytest.raises(ValueError):
        add_working_days(date(2027, 1, 8), -1)


def test_next_working_day():
    assert next_working_day(date(2027, 1, 9)) == date(2027, 1, 11)
    assert next_working_day(date(2027, 1, 11)) == date(2027, 1, 11)


@pytest.mark.parametrize(
    ("last_day", "act", "expected"),
    [
        (date(2027, 2, 11), SEN, date(2027, 2, 11)),  # a working day: unchanged
        (date(2027, 2, 13), SEN, date(2027, 2, 15)),  # Saturday: next working day, 12(2)
        (date(2026, 12, 25), SEN, date(2027, 1, 4)),  # first working day after 1 January
        (date(2026, 12, 31), SEN, date(2027, 1, 4)),
        (date(2027, 1, 1), SEN, date(2027, 1, 4)),
        (date(2027, 12, 27), SEN, date(2028, 1, 4)),  # 2 Jan 2028 Sunday, 3 Jan substitute holiday
        (date(2026, 12, 24), SEN, date(2026, 12, 24)),  # the day before the window
        (date(2027, 8, 2), SEN, date(2027, 9, 1)),  # any day in August
        (date(2026, 8, 31), SEN, date(2026, 9, 1)),
        (date(2027, 7, 31), SEN, date(2027, 8, 2)),  # Saturday in July: 12(2) only
        (date(2026, 12, 25), OTHER, date(2026, 12, 29)),  # not an SEN appeal: 12(2) only
        (date(2027, 8, 2), OTHER, date(2027, 8, 2)),
    ],
)
def test_tribunal_rule_12(last_day, act, expected):
    assert tribunal_rule_12(last_day, act) == expected


def test_the_bank_holiday_snapshot_still_matches_the_holidays_library():
    """If this fails after upgrading `holidays`, run scripts/update-bank-holidays."""
    first, last = date(SNAPSHOT_YEARS.start, 1, 1), date(SNAPSHOT_YEARS.stop - 1, 12, 31)
    every_day = (date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1))
    snapshot = {day for day in every_day if is_bank_holiday(day)}
    assert snapshot == set(bank_holidays_from_library(SNAPSHOT_YEARS))


def test_years_outside_the_snapshot_come_from_the_library():
    assert 2099 not in SNAPSHOT_YEARS and 1995 not in SNAPSHOT_YEARS
    assert not is_working_day(date(2099, 12, 25))
    assert not is_working_day(date(1995, 12, 25))
    assert is_working_day(date(1995, 12, 27))


# ---- school days (School Discipline Regulations 2012, issue 14) ----------------------------


def test_school_days_leave_out_weekends_bank_holidays_and_the_holidays_given():
    from send_redress._calendar import add_school_days, is_school_day

    easter = ((date(2027, 3, 29), date(2027, 4, 9)),)
    # Fri 12 March 2027: 9 school days to Thu 25 March, Good Friday, the holiday, then 12 to 19 April.
    assert add_school_days(date(2027, 3, 12), 15, easter) == date(2027, 4, 19)
    # Without the holiday only the bank holidays go: the earlier date, Tue 6 April.
    assert add_school_days(date(2027, 3, 12), 15) == date(2027, 4, 6)
    assert not is_school_day(date(2027, 4, 7), easter) and is_school_day(date(2027, 4, 7))
    assert add_school_days(date(2027, 3, 12), 0, easter) == date(2027, 3, 12)


def test_a_councils_published_holidays_count_when_the_case_gives_none(tmp_path):
    """A council pack's school holidays are used for school days; a parent's own win."""
    from send_redress import assess, load_content, parse_facts

    pack = (
        "id: bedford\nname: Bedford Borough Council\nextends: england\n"
        "school_holidays:\n"
        "  - {first: 2027-03-29, last: 2027-04-09, source: bedford-disagree}\n"
    )
    (tmp_path / "bedford.yaml").write_text(pack, encoding="utf-8")
    content = load_content(tmp_path)
    facts = {
        "today": "2027-03-15",
        "local_authority": "bedford",
        "concern": "exclusion",
        "events": [{"type": "permanently-excluded", "date": "2027-03-12"}],
    }
    due = assess(parse_facts(facts), content).deadline("reinstatement-permanent")
    assert due is not None and due.due == date(2027, 4, 19)
    # The parent's own holiday (a different week) replaces the council's.
    own = [
        {"type": "school-holiday-starts", "date": "2027-04-05"},
        {"type": "school-holiday-ends", "date": "2027-04-16"},
    ]
    facts["events"] = [*facts["events"], *own]
    mine = assess(parse_facts(facts), content).deadline("reinstatement-permanent")
    # 9 school days to 25 March, then 30 March to 2 April (13), the holiday, 19 and 20 April.
    assert mine is not None and mine.due == date(2027, 4, 20)
    # Without a pack's dates (the England pack) every weekday that is not a bank holiday counts.
    facts = {**facts, "events": facts["events"][:1], "local_authority": None}
    assert assess(parse_facts(facts), content).deadline("reinstatement-permanent").due == date(
        2027, 4, 6
    )
