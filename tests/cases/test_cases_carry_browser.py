"""Issue 15 items 10-15 and issue 14's rounds in Chromium: each new page and state with axe, at
320 px with nothing scrolling sideways (WCAG 1.4.10), and worked by keyboard alone.

Pages: a document's name and date (upload with an error, and the change page), a letter's notes
apart from it, the calendar page with its webcal: link, a dashboard with two rounds (the
earlier one opened with the keyboard), sharing with a second parent or carer, the invitation,
and the carer's read-only case page."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests.letters.cases import CASES
from tests.personas import browser_cookie, client_for, new_case
from web.cases.deadlines import facts_for
from web.letters.questions import pages_for
from web.letters.testing import page_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base_url, user) -> None:
    """This browser signed in as `user` only (whoever it was signed in as before)."""
    page.context.clear_cookies()
    page.context.add_cookies([browser_cookie(client_for(user), base_url)])


def _check(page, assert_accessible) -> None:
    """axe, and at 320 px nothing wider than the screen."""
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element is focused (keyboard only), or fail."""
    target = page.locator(selector).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_the_new_case_pages_pass_axe_fit_320_px_and_work_by_keyboard(
    page,
    base_url,
    assert_accessible,
    settings,
    make_user,
    tmp_path,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner = make_user("owner@example.com")
    case = new_case(
        owner,
        "Sam Smith",
        born=date(2016, 5, 4),
        events=[
            ("assessment-requested", date(2026, 1, 5)),
            ("decision-notice-sent", date(2026, 2, 10)),
            ("assessment-requested", date(2026, 9, 1)),
            ("decision-notice-sent", date(2026, 12, 11)),
        ],
    )
    _sign_in(page, base_url, owner)
    cid = case.public_id

    # A document's name and date: an error first, then by keyboard.
    page.goto(f"/cases/{cid}/documents/new")
    page.get_by_label("Day", exact=True).fill("40")
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_selector(".govuk-error-summary")
    _check(page, assert_accessible)
    scan = tmp_path / "scan0001.pdf"
    from tests.personas import pdf_bytes

    scan.write_bytes(pdf_bytes(1))
    page.set_input_files("#document", str(scan))
    page.get_by_label("What is the document? (optional)").fill("Decision letter")
    page.get_by_label("Day", exact=True).fill("11")
    page.get_by_label("Month", exact=True).fill("12")
    page.get_by_label("Year", exact=True).fill("2026")
    _tab_to(page, "button:has-text('Upload')")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Decision letter, 11 December 2026")

    # Rounds: the current one first, the earlier one folded and opened by keyboard.
    _check(page, assert_accessible)
    assert page.locator("[data-round-heading='2']").is_visible()
    earlier = page.locator("details[data-round='1']")
    assert earlier.get_attribute("open") is None
    _tab_to(page, "details[data-round='1'] summary")
    page.keyboard.press("Enter")
    assert earlier.get_attribute("open") is not None
    _check(page, assert_accessible)

    page.get_by_role(
        "link", name="Change the name or date of Decision letter, 11 December 2026"
    ).click()
    page.wait_for_selector("h1:has-text('Change a document')")
    _check(page, assert_accessible)

    # The calendar page with its webcal: link.
    page.goto(f"/cases/{cid}/calendar-feed")
    page.get_by_role("button", name="Make a private calendar address").click()
    page.wait_for_selector("[data-webcal]")
    assert page.locator("[data-webcal]").get_attribute("href").startswith("webcal://")
    _check(page, assert_accessible)

    # A letter's notes, on a page apart.
    facts = facts_for(case, case.events.all())
    client = Client()
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    details = CASES["mediation-adviser"]["letter"]
    for name in pages_for("mediation-adviser", facts):
        client.post(
            f"/cases/{cid}/letters/mediation-adviser/{name}",
            page_data("mediation-adviser", name, details, facts),
        )
    _sign_in(page, base_url, owner)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    page.goto(f"/cases/{cid}/letters/mediation-adviser/check")
    _check(page, assert_accessible)
    _tab_to(page, "[data-notes-link]")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Before you send your letter')")
    _check(page, assert_accessible)

    # Sharing with a second parent or carer, by keyboard.
    page.goto(f"/cases/{cid}/family")
    _check(page, assert_accessible)
    page.get_by_label("Their email address").fill("carer@example.com")
    _tab_to(page, "button:has-text('Send the invitation')")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=We have sent the invitation.")
    _check(page, assert_accessible)
    import re

    from django.core import mail

    link = re.search(r"https?://[^/\s]+(/family/invitations/\S+)", mail.outbox[-1].body).group(1)
    carer = make_user("carer@example.com")
    _sign_in(page, base_url, carer)
    page.goto(link)
    _check(page, assert_accessible)
    _tab_to(page, "button:has-text('Yes, I agree')")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Shared with you as a second parent or carer")
    _check(page, assert_accessible)
    page.goto("/cases/")
    assert page.locator("[data-shared-with-me]").is_visible()
    _check(page, assert_accessible)
