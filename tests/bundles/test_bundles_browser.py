"""The bundle, timetable and checklist pages in Chromium: axe (WCAG 2.2 A/AA) on each, nothing
scrolls sideways at 320 px (WCAG 1.4.10), and the order is changed by keyboard alone and with
JavaScript off."""

from __future__ import annotations

import io
from datetime import date

import pytest

from tests.personas import PASSWORD, browser_cookie, client_for, new_case
from web.bundles import testing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in_case(settings, tmp_path):  # type: ignore[no-untyped-def]
    from web.accounts.models import User
    from web.bundles import services as bundles
    from web.cases import documents, services

    settings.CASES_DOCUMENT_ROOT = tmp_path / "documents"
    settings.PASSWORD_HASHERS = ["web.accounts.testing.FastArgon2PasswordHasher"]
    user = User.objects.create_user("parent@example.com", PASSWORD, email_verified=True)
    case = new_case(
        user,
        concern="plan-contents",
        events=[
            ("tribunal-appeal-made", date(2026, 11, 2)),
            ("tribunal-evidence-due", date(2027, 3, 8)),
            ("tribunal-hearing", date(2027, 5, 20)),
        ],
    )
    bundle = bundles.bundle_for(case)
    long_name = "Educational psychology assessment report by an independent psychologist.pdf"
    for name, pages in ((long_name, 16), ("school-report.pdf", 3), ("letter.pdf", 1)):
        data = testing.pdf(name, pages)
        checked = documents.check(io.BytesIO(data), name, len(data))
        doc = services.add_document(case, checked, io.BytesIO(data), by=user)
        bundles.add(bundle, doc, "evidence-school", by=user)
    return case, client_for(user)


def _order(tab) -> list[str]:  # type: ignore[no-untyped-def]
    return tab.locator("#part-evidence-school + p + ol > li > p.govuk-body").all_inner_texts()


def _names(tab) -> list[str]:  # type: ignore[no-untyped-def]
    """The documents' titles in the order shown, without their numbers ("1. ")."""
    return [text.split(". ", 1)[1] for text in _order(tab)]


def test_bundle_pages_pass_axe_and_fit_320_px(
    page,
    base_url,
    assert_accessible,
    settings,
    tmp_path,
):
    case, client = _signed_in_case(settings, tmp_path)
    page.context.add_cookies([browser_cookie(client, base_url)])
    cid = case.public_id
    page.set_viewport_size({"width": 320, "height": 640})
    for path in (
        f"/cases/{cid}/bundle/",
        f"/cases/{cid}/tribunal-dates",
        f"/cases/{cid}/hearing-checklist",
        f"/cases/{cid}/bundle/items/{case.bundle.items.first().pk}",
    ):
        page.goto(path)
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path

    page.goto(f"/cases/{cid}/bundle/")
    page.get_by_role("button", name="Make the bundle PDF").click()
    page.wait_for_selector("h1:has-text('Your bundle PDF is ready')")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # By keyboard alone: focus the first "Move down" button and press Enter.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/cases/{cid}/bundle/")
    before = _names(page)
    page.locator("button:has-text('Move down')").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _names(page) == [before[1], before[0], before[2]]


def test_reordering_works_without_javascript(browser, base_url, settings, tmp_path):
    case, client = _signed_in_case(settings, tmp_path)
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    try:
        context.add_cookies([browser_cookie(client, base_url)])
        page = context.new_page()
        page.goto(f"/cases/{case.public_id}/bundle/")
        before = _names(page)
        with page.expect_navigation():
            page.locator("button:has-text('Move up')").last.click()
        assert _names(page) == [before[0], before[2], before[1]]
    finally:
        context.close()
