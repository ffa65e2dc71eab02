"""The new pages in Chromium: axe (WCAG 2.2 A/AA) and, at 320 px, nothing scrolls sideways
(WCAG 1.4.10): the service's report with its charts, the contact log and its forms, the
parent's consent page and the public council pages."""

from __future__ import annotations

from datetime import date

import pytest

from tests.personas import device_for, sign_in, totp_code
from web.advisers.models import Contact, Share
from web.reports.services import give_public_consent

from .conftest import clock_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as(page, user, *, code: bool) -> None:
    sign_in(page, user.email)
    if code:
        page.wait_for_selector("h1")
        page.get_by_label("Enter the code from your app").fill(totp_code(device_for(user)))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_selector("h1")


def sign_out(page) -> None:
    page.goto("/account")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_selector("h1")


def check_both_widths(page, assert_accessible, url: str, heading: str) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(url)
        page.wait_for_selector(f"h1:has-text('{heading}')")
        assert_accessible(page)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (url, width, scroll)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_new_pages_pass_axe_and_fit_320_pixels(
    page,
    assert_accessible,
    owner,
    adviser,
    org_admin,
    bedford,
):
    device_for(adviser)
    device_for(org_admin)
    cases = [clock_case(owner, name=f"Child{i}", late_by=12 if i < 2 else None) for i in range(14)]
    for i, case in enumerate(cases):
        give_public_consent(case, by=case.owner)
        Share.objects.create(case=case, organisation=bedford, adviser=adviser)
        Contact.objects.create(
            organisation=bedford,
            author=adviser,
            author_label="alex@bedford.example",
            case=case,
            kind=["call", "email", "meeting", "visit"][i % 4],
            date=date(2026, 10 + i % 3, 1 + i),
            minutes=20,
            outcome="mediation" if i % 2 else "signposted",
            concern="refused-assessment",
            stage="mediation",
            council="bedford",
            setting="maintained-school",
            what="Talked it through",
            follow_up=date(2027, 2, 1) if i < 3 else None,
        )

    # The public pages need no sign-in.
    check_both_widths(page, assert_accessible, "/councils/clocks", "Do councils keep")
    check_both_widths(
        page, assert_accessible, "/councils/bedford/clocks", "Bedford Borough Council"
    )
    assert page.locator("td", has_text="Fewer than 10").count() == 2  # on time and late
    assert page.locator("td", has_text="12").count() == 1  # 12 not done

    # The parent's consent page.
    sign_in_as(page, owner, code=False)
    check_both_widths(
        page,
        assert_accessible,
        f"/cases/{cases[0].public_id}/public-statistics",
        "Count your case in public figures",
    )
    sign_out(page)

    # The adviser: a contact on a case (with an error first), an enquiry, the contact log.
    sign_in_as(page, adviser, code=True)
    note = f"/adviser/cases/{cases[0].public_id}/notes/new"
    check_both_widths(page, assert_accessible, note, "Record a contact")
    page.get_by_role("button", name="Save the contact").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    check_both_widths(page, assert_accessible, "/adviser/contacts/new", "Record an enquiry")
    check_both_widths(page, assert_accessible, "/adviser/contacts", "Contact log")
    first = Contact.objects.filter(author=adviser).first()
    check_both_widths(page, assert_accessible, f"/adviser/contacts/{first.pk}", "Correct your note")
    check_both_widths(page, assert_accessible, f"/adviser/cases/{cases[0].public_id}/", "Child0")
    sign_out(page)

    # The organisation admin's report, for the autumn of 2026, with its charts.
    sign_in_as(page, org_admin, code=True)
    autumn = "/adviser/report?start-day=1&start-month=10&start-year=2026&end-day=31&end-month=12&end-year=2026"
    check_both_widths(page, assert_accessible, autumn, "report for 1 October 2026")
    assert page.locator("svg.app-chart").count() == 9
    assert page.locator("svg.app-chart[aria-hidden='true']").count() == 9
