"""The whole case file in Chromium: create an account, a case, add an event with a document,
see the deadline, hit a date error, download the chronology, delete it all. axe on each page."""

from __future__ import annotations

import re

import pytest

from tests.personas import PASSWORD, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_keeps_a_case_file(page, assert_accessible, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page.goto("/account/sign-in")
    assert_accessible(page)
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email address").fill("parent@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_selector("h1:has-text('Check your email')")
    assert_accessible(page)
    # Signing up signs nobody in (issue 12); the confirmation link does, in this browser.
    from django.core import mail

    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body)
    assert link is not None
    page.goto(link.group(1))
    page.wait_for_selector("h1:has-text('Email address confirmed')")

    page.goto("/cases/new")
    page.get_by_role("button", name="Create case").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_label("Your child's name").fill("Sam")
    page.get_by_label("Day", exact=True).fill("27")
    page.get_by_label("Month", exact=True).fill("3")
    page.get_by_label("Year", exact=True).fill("2015")
    page.get_by_label("A council-run (maintained) school").check()
    page.get_by_label("Which council is responsible?").select_option("bedford")
    page.locator("#concern").check()  # the first concern
    page.get_by_role("button", name="Create case").click()
    page.wait_for_selector("h1:has-text('Sam')")
    assert_accessible(page)
    case_url = page.url

    page.locator("a:has-text('Add something that happened')").click()
    page.locator("input[name=kind]").first.check()
    page.get_by_label("Day", exact=True).fill("1")
    page.get_by_label("Month", exact=True).fill("1")
    page.get_by_label("Year", exact=True).fill("2030")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".govuk-error-summary")
    assert "must be today or in the past" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_label("Who was it? (optional)").fill("The SENCo")
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(pdf_bytes(2))
    page.get_by_label("Add a document (optional)").set_input_files(str(letter))
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".moj-timeline__item")
    assert "letter.pdf" in page.locator(".moj-timeline").inner_text()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Chronology for a tribunal bundle (PDF)").click()
    assert download.value.suggested_filename == "Chronology Sam 2027-02-01.pdf"  # issue 15

    # A file still being made, and one that could not be made: the pages a parent waits on
    # (issue 13), with axe, and at 320 px nothing scrolls sideways (WCAG 1.4.10).
    from django.utils import timezone

    from web.cases.models import Case
    from web.jobs.models import FAILED, PREPARING, PreparedFile

    case = Case.objects.get(public_id=case_url.rstrip("/").split("/")[-1])
    page.set_viewport_size({"width": 320, "height": 640})
    headings = {PREPARING: "We are making your", FAILED: "Sorry, we could not make your"}
    for status, heading in headings.items():
        waiting = PreparedFile.objects.create(
            case=case,
            kind="chronology.docx",
            version=status,
            status=status,
            requested_at=timezone.now(),
        )
        page.goto(f"/cases/{case.public_id}/files/{waiting.public_id}")
        page.wait_for_selector(f"h1:has-text('{heading}')")
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(case_url)
    page.get_by_role("link", name="Delete this case").click()
    assert_accessible(page)
    page.get_by_role("button", name="Delete case").click()
    page.wait_for_selector("text=The case and its files have been deleted.")
    assert_accessible(page)
