"""The whole case file in Chromium: create an account, a case, add an event with a document,
see the deadline, hit a date error, download the chronology, delete it all. axe on each page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (  # noqa: F401 (fixtures)
    assert_accessible,
    base_url,
    browser_type_launch_args,
    page,
)

from .conftest import PASSWORD, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_keeps_a_case_file(page, assert_accessible, settings, tmp_path):  # noqa: F811
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page.goto("/account/sign-in")
    assert_accessible(page)
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email address").fill("parent@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_selector("h1:has-text('Check your email')")
    assert_accessible(page)

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
    assert download.value.suggested_filename == "chronology.pdf"

    page.goto(case_url)
    page.get_by_role("link", name="Delete this case").click()
    assert_accessible(page)
    page.get_by_role("button", name="Delete case").click()
    page.wait_for_selector("text=The case and its files have been deleted.")
    assert_accessible(page)
