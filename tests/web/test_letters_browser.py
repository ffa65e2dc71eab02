"""Drafting a letter in Chromium: from the result page's link, through the questions (with an
error on the way), to the preview and a PDF download; axe finds no WCAG 2.2 A or AA violation
on any page. The browser fixtures are tests/conftest.py's (Debian's Chromium, the live server)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore

from tests.documents import pdf_fonts, pdf_info, pdf_text
from web.journey.answers import SESSION_KEY
from web.letters.testing import JOURNEYS, TODAY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fixed_today"),
]


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def test_draft_a_complaint_in_the_browser(page, base_url, assert_accessible, assert_readable):
    # A finished journey, as the journey pages would have left it in the session.
    session = SessionStore()
    session[SESSION_KEY] = JOURNEYS["school-complaint"].to_session()
    session.create()
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": base_url,
            }
        ]
    )

    page.goto("/result")
    with page.expect_navigation():
        page.get_by_role("link", name="Draft a formal complaint to the school").click()
    assert page.url.endswith("/letters/school-complaint/you")
    assert_accessible(page)

    # Continue without a name: the error summary takes the focus and links to the box.
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(page)
    page.get_by_role("link", name="Enter your full name").click()
    assert page.evaluate("document.activeElement.id") == "sender_name"

    page.keyboard.type("Alex Smith")
    page.get_by_label("Your email address (optional)").fill("alex@example.com")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()

    assert_accessible(page)
    page.get_by_label("Your child's full name").fill("Sam Smith")
    page.get_by_label("Day").fill("4")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("2016")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()

    assert_accessible(page)
    page.get_by_label("The name of the school, nursery or college").fill("Oakfield Primary School")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()

    assert_accessible(page)
    page.get_by_label("What has gone wrong?").fill(
        "Sam's reading sessions stopped in October.\nSam's plan has not been reviewed."
    )
    page.get_by_label("What do you want to happen?").fill("Restart the reading sessions.")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()

    assert page.url.endswith("/letters/school-complaint/check")
    assert_accessible(page)
    assert_readable(page.content(), name="check your letter, as the browser sees it")
    letter = page.locator(".app-letter")
    assert "This is a formal complaint" in letter.inner_text()
    assert "Restart the reading sessions." in letter.inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF, ready to print or attach").click()
    pdf = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == f"school-complaint-{TODAY.isoformat()}.pdf"
    assert pdf_info(pdf)["Tagged"] == "yes"
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))
    assert "Sam's reading sessions stopped in October." in pdf_text(pdf)
