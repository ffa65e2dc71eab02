"""Issue 18's caseload test, in Chromium: 30 cases whose deadlines fall in the past, today, in
3, 10, 14 and 60 days. The family due today is first; the 14-day count holds every case with a
deadline within 14 days (today and the 14th day included); passed deadlines are flags, never
the next deadline. axe, and no sideways scroll at 320 px, on the caseload and the Today view."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from django_otp.oath import TOTP

from send_redress import SOON_DAYS, assess, focus
from tests.personas import CASES_TODAY as TODAY
from tests.personas import device_for, new_case, sign_in
from web.advisers.models import Share
from web.cases.deadlines import facts_for
from web.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def decision_for(due: date) -> date:
    """A decision letter date whose family deadline (2 months on, rule 12) falls on `due`."""
    for back in range(50, 75):
        day = due - timedelta(days=back)
        case = Case(concern="refused-assessment", council="bedford", setting="maintained-school")
        facts = facts_for(
            case,
            [dataclasses.make_dataclass("E", ["kind", "date"])("decision-notice-sent", day)],
            TODAY,
        )
        nearest = focus(assess(facts), facts).next
        if nearest is not None and nearest.due == due:
            return day
    raise AssertionError(f"no decision date gives {due}")


def thirty_cases(owner, bedford, adviser) -> dict[str, list[Case]]:
    made: dict[str, list[Case]] = {"family-passed": [], "council-late": []}
    # The passed ones first, so that they hold the lowest ids (the old sort put them on top).
    for i in range(4):
        made["family-passed"].append(
            new_case(owner, f"Passed{i}", events=[("decision-notice-sent", date(2026, 10, 1))])
        )
        made["council-late"].append(
            new_case(owner, f"Late{i}", events=[("assessment-requested", date(2026, 11, 2))])
        )
    for days, how_many in [(60, 7), (10, 6), (3, 7), (SOON_DAYS, 1), (0, 1)]:
        decision = decision_for(TODAY + timedelta(days=days))
        made[str(days)] = [
            new_case(owner, f"In{days}d{i}", events=[("decision-notice-sent", decision)])
            for i in range(how_many)
        ]
    every = [c for group in made.values() for c in group]
    assert len(every) == 30
    for case in every:
        Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    return made


def sign_in_with_code(page, user) -> None:
    device = device_for(user)  # the app is set up already
    sign_in(page, user.email)
    page.wait_for_selector("h1:has-text('Enter the code from your app')")
    page.get_by_label("Enter the code from your app").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Continue").click()


# What sticks out past 320 px, for the failure message.
WIDE = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 321).slice(0, 8)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def no_sideways_scroll(page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.evaluate(WIDE)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_thirty_cases_today_first_every_soon_case_counted_passed_ones_flagged(
    page,
    assert_accessible,
    owner,
    bedford,
    adviser,
):
    made = thirty_cases(owner, bedford, adviser)
    sign_in_with_code(page, adviser)
    page.wait_for_selector("h1:has-text('Your caseload')")
    assert_accessible(page)
    no_sideways_scroll(page)

    rows = page.locator("table.app-caseload tbody tr")
    assert rows.count() == 30
    first = rows.nth(0)
    assert first.get_attribute("data-case") == str(made["0"][0].public_id)
    assert first.locator("[data-tag='today']").inner_text() == "Today"
    # Due today, then 3 days, then 10, then 14 (family deadlines all): then 60, then none.
    statuses = [rows.nth(i).get_attribute("data-status") for i in range(30)]
    assert statuses == ["today"] + ["soon"] * 14 + ["later"] * 7 + ["none"] * 8

    soon = 1 + 7 + 6 + 1
    assert page.locator("[data-count='soon']").inner_text() == str(soon)
    assert page.locator("[data-count='today']").inner_text() == "1"
    assert page.locator("[data-count='family-passed']").inner_text() == "4"
    assert page.locator("[data-count='council-late']").inner_text() == "4"

    for case in made["family-passed"]:
        row = page.locator(f"tr[data-case='{case.public_id}']")
        assert "Nothing to come" in row.inner_text()
        assert row.locator("[data-flag='check']").count() == 1
    for case in made["council-late"]:
        row = page.locator(f"tr[data-case='{case.public_id}']")
        assert row.locator("[data-flag='push']").inner_text().startswith("Push")
        assert "weeks late" in row.inner_text()

    page.get_by_role("link", name=f"due in {SOON_DAYS} days").click()
    page.wait_for_selector("table.app-caseload")
    assert page.locator("table.app-caseload tbody tr").count() == soon
    assert made[str(SOON_DAYS)][0].child_name in page.locator("table").inner_text()

    page.get_by_role("link", name="What needs doing today").click()
    page.wait_for_selector("h1:has-text('Today')")
    assert_accessible(page)
    no_sideways_scroll(page)
    due = page.locator("#due tbody tr")
    assert due.count() == 1
    assert due.nth(0).get_attribute("data-case") == str(made["0"][0].public_id)
    assert page.locator("#push tbody tr").count() == 4
    assert page.locator("#check tbody tr").count() == 4
    # An adviser's own list: every row is theirs, so there is no adviser column.
    assert page.locator("th:has-text('Adviser')").count() == 0


def test_no_sideways_scroll_at_320_px_on_the_trail_the_dashboard_and_set_up(
    page,
    assert_accessible,
    owner,
    bedford,
    adviser,
    make_user,
):
    case = new_case(
        owner,
        events=[
            ("assessment-requested", date(2026, 9, 1)),
            ("decision-notice-sent", decision_for(TODAY + timedelta(days=3))),
        ],
    )
    Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    sign_in_with_code(page, adviser)
    page.wait_for_selector("h1:has-text('Your caseload')")
    page.goto(f"/adviser/cases/{case.public_id}/")
    page.wait_for_selector("h1:has-text('Sam')")
    assert_accessible(page)
    no_sideways_scroll(page)

    page.context.clear_cookies()
    sign_in(page, owner.email)
    page.goto(f"/cases/{case.public_id}/")
    page.wait_for_selector("#deadlines")
    assert_accessible(page)
    no_sideways_scroll(page)
    page.goto(f"/cases/{case.public_id}/who-has-looked")
    page.wait_for_selector("h1:has-text('Who has looked')")
    assert page.locator("[data-visit]").count() >= 1
    assert_accessible(page)
    no_sideways_scroll(page)

    page.context.clear_cookies()
    from tests.personas import member

    member(make_user, "new@bedford.example", bedford)
    sign_in(page, "new@bedford.example")
    page.wait_for_selector("h1:has-text('Set up two-factor sign-in')")
    assert page.locator(".govuk-service-navigation").inner_text().count("Finish signing in") == 1
    assert_accessible(page)
    no_sideways_scroll(page)
