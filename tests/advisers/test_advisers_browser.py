"""Issue 6's 'done when', in Chromium: a parent shares a case with Bedford SENDIASS, the
organisation admin (setting up two-factor sign-in from the key on the page) assigns it, the
adviser sees it in the caseload by deadline and adds a note, the parent revokes consent and
the adviser can no longer open it, and the parent sees the adviser's visits. axe on each page."""

from __future__ import annotations

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import member, new_case, sign_in
from web.advisers.models import ORG_ADMIN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from_key_on_page(page) -> str:
    secret = page.locator("#secret").inner_text().replace(" ", "")
    return f"{TOTP(b32decode(secret)).token():06d}"


def set_up_app(page, assert_accessible) -> None:
    page.wait_for_selector("h1:has-text('Set up two-factor sign-in')")
    assert page.locator("svg.app-qr").count() == 1
    assert_accessible(page)
    page.get_by_label("Code from the app").fill(code_from_key_on_page(page))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector("h1:has-text('Save your recovery codes')")
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have saved them: continue").click()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_selector("h1")


def test_share_assign_see_revoke_and_read_the_trail(
    page,
    assert_accessible,
    make_user,
    owner,
    bedford,
):
    case = new_case(owner)
    member(make_user, "alex@bedford.example", bedford)
    member(make_user, "lead@bedford.example", bedford, ORG_ADMIN)

    # The parent shares the case.
    sign_in(page, owner.email)
    page.goto(f"/cases/{case.public_id}/")
    page.get_by_role("link", name="Share this case with an adviser").click()
    page.get_by_role("button", name="Share the case").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("Bedford SENDIASS").check()
    page.get_by_role("button", name="Share the case").click()
    page.wait_for_selector("button:has-text('Stop sharing')")
    assert_accessible(page)
    page.goto("/cases/")
    sign_out(page)

    # The organisation admin sets up their app, then assigns the case.
    sign_in(page, "lead@bedford.example")
    set_up_app(page, assert_accessible)
    page.wait_for_selector("h1:has-text('Cases shared with you')")
    assert_accessible(page)
    page.get_by_role("link", name="Assign the case of Sam").click()
    assert_accessible(page)
    page.get_by_label("alex@bedford.example").check()
    page.get_by_role("button", name="Assign").click()
    page.wait_for_selector("td:has-text('alex@bedford.example')")
    sign_out(page)

    # The adviser sets up their app, sees the case by deadline, opens it, adds a note.
    sign_in(page, "alex@bedford.example")
    set_up_app(page, assert_accessible)
    page.wait_for_selector("h1:has-text('Your caseload')")
    row = page.locator(f"tr[data-case='{case.public_id}']")
    assert "11 February 2027" in row.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Sam").click()
    page.wait_for_selector("h1:has-text('Sam')")
    assert_accessible(page)
    # Issue 18's day: log a call with a follow-up date for tomorrow.
    page.get_by_role("link", name="Record a contact").click()
    page.get_by_role("button", name="Save the contact").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("Phone call").check()
    for field, value in (("date-day", "1"), ("date-month", "2"), ("date-year", "2027")):
        page.fill(f"#{field}", value)
    page.get_by_label("Time spent, in minutes").fill("15")
    page.get_by_label("What is the issue?").select_option("refused-assessment")
    page.get_by_label("Resolved early").check()
    page.get_by_label("Note", exact=True).fill("Rang the SENCO about the plan")
    for field, value in (
        ("follow_up-day", "2"),
        ("follow_up-month", "2"),
        ("follow_up-year", "2027"),
    ):
        page.fill(f"#{field}", value)
    page.get_by_role("button", name="Save the contact").click()
    page.wait_for_selector("text=Note from an adviser")
    page.goto("/adviser/caseload")
    sign_out(page)

    # The parent sees the note, revokes consent, and reads the trail.
    sign_in(page, owner.email)
    page.goto(f"/cases/{case.public_id}/")
    assert "Rang the SENCO" in page.locator("#timeline ~ .moj-timeline").inner_text()
    page.get_by_role("link", name="Share this case with an adviser").click()
    page.get_by_role("button", name="Stop sharing with Bedford SENDIASS").click()
    page.wait_for_selector("text=You stopped sharing")
    assert_accessible(page)
    page.get_by_role("link", name="See who has looked at this case").click()
    trail = page.locator("main").inner_text()
    assert "alex@bedford.example (adviser, Bedford SENDIASS)" in trail
    assert "lead@bedford.example (organisation admin, Bedford SENDIASS)" in trail
    assert_accessible(page)
    page.goto("/cases/")
    sign_out(page)

    # The adviser, signed in again with a fresh code, can no longer open it.
    sign_in(page, "alex@bedford.example")
    page.wait_for_selector("h1:has-text('Enter the code from your app')")
    assert_accessible(page)
    device = TOTPDevice.objects.get(user__email="alex@bedford.example")
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # same 30 s step as before
    page.get_by_label("Enter the code from your app").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector("h1:has-text('Your caseload')")
    assert page.locator(f"tr[data-case='{case.public_id}']").count() == 0
    response = page.goto(f"/adviser/cases/{case.public_id}/")
    assert response.status == 410  # a plain "the family has stopped sharing" page
    assert "Sam" not in page.locator("main").inner_text()
    assert_accessible(page)
