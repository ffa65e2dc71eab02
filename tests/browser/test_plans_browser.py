"""Check a plan in Chromium (issue 16): the page, a result and a scan's progress pass axe, fit a
320 px screen with nothing scrolling sideways (WCAG 1.4.10), and work without JavaScript."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.plans.corpus import plans, to_docx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_parent_uploads_a_draft_sees_its_findings_and_downloads_the_letter(
    page, assert_accessible, tmp_path
):
    poor = next(p for p in plans() if p.name.startswith("02-"))
    path = tmp_path / "draft-plan.docx"
    path.write_bytes(to_docx(poor.body))
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/check-a-plan/")
    assert_accessible(page)
    _fits(page)
    page.get_by_role("button", name="Check the plan").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    _fits(page)
    page.set_input_files("#plan", str(path))
    page.get_by_role("button", name="Check the plan").click()
    page.wait_for_selector("h1:has-text('What we found in the plan')")
    assert_accessible(page)
    _fits(page)
    assert "Send your comments on the draft by" in page.inner_text(".govuk-warning-text")
    first = page.locator("input[name=keep]").first
    first.uncheck()
    page.fill("#child_name", "Aisha")
    page.check("#format-text")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the letter").click()
    letter = Path(download.value.path()).read_text("utf-8")
    kept = page.locator("input[name=keep]:checked").count()
    assert letter.count("The draft says:") == kept > 0
    assert "Representations on the draft EHC plan: Aisha" in letter


def test_a_scans_progress_page_passes_axe_at_320_pixels(page, assert_accessible):
    from web.plans.models import PlanScan

    page.goto("/check-a-plan/")
    # A session for this browser, holding its scans' secret, as an upload of a scan makes one.
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store["plans_scan_secret"] = "browser-secret"
    store.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": page.url}]
    )
    scan = PlanScan.objects.create(
        owner_key=hashlib.sha256(b"browser-secret").hexdigest(),
        status="reading",
        pages_done=1,
        pages_total=3,
        options={"today": "2026-12-02"},
    )
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/check-a-plan/scans/{scan.public_id}/")
    page.wait_for_selector("text=Read 1 of 3 pages.")
    assert_accessible(page)
    _fits(page)


def test_checking_a_plan_works_without_javascript(browser, base_url, tmp_path):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    try:
        page = context.new_page()
        page.goto("/check-a-plan/")
        page.fill(
            "#text",
            "Section F: Special educational provision\nSam will have regular access to a laptop in lessons.\n",
        )
        page.get_by_role("button", name="Check the plan").click()
        page.wait_for_selector("h1:has-text('What we found in the plan')")
        assert "Vague words in the provision" in page.content()
    finally:
        context.close()
