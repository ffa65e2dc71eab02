"""The information pages and the example question page in Chromium: keyboard, axe, CSP, JS."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/accessibility", "/privacy", "/no-such-page"]


def active(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className,
                           text: (e.textContent || '').trim()}; }"""
    )


@pytest.mark.parametrize("url", PAGES)
def test_page_passes_axe_and_runs_govuk_frontend(page, assert_accessible, url):
    response = page.goto(url)
    assert response is not None and response.status == (404 if "no-such" in url else 200)
    # the nonced module script ran initAll(): components are initialised
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    page.wait_for_selector("[data-module=govuk-skip-link][data-govuk-skip-link-init]")
    assert_accessible(page)


@pytest.mark.parametrize("url", PAGES[:3])
def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page, url):
    page.goto(url)
    page.keyboard.press("Tab")
    focused = active(page)
    assert focused["cls"] == "govuk-skip-link" and focused["text"] == "Skip to main content"
    box = page.locator(".govuk-skip-link").bounding_box()
    assert box is not None and box["height"] > 10 and box["width"] > 50  # visible on focus
    page.keyboard.press("Enter")
    assert active(page)["id"] == "main-content"
    assert page.url.endswith("#main-content")


def test_page_works_without_javascript(browser, base_url, assert_accessible):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    try:
        page = context.new_page()
        page.goto("/")
        assert "govuk-frontend-supported" not in (page.get_attribute("body", "class") or "")
        assert page.locator("h1").inner_text().startswith("Get help")
    finally:
        context.close()


def test_question_page_errors_by_keyboard(page, assert_accessible, assert_valid_html):
    page.goto("/examples/question")
    assert_accessible(page)
    # Continue without answering, by keyboard only.
    page.locator("button", has_text="Continue").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    assert "govuk-error-summary" in active(page)["cls"]  # GOV.UK JS focuses the summary
    assert_accessible(page)
    assert_valid_html(page.content(), name="question page with errors, as the browser sees it")
    # The first link in the summary moves focus to the first radio.
    page.keyboard.press("Tab")
    assert active(page)["text"] == "Select who is asking"
    page.keyboard.press("Enter")
    assert active(page)["id"] == "who"
    # Answer by keyboard and continue.
    page.keyboard.press("Space")
    page.locator("#council").focus()
    page.keyboard.type("Bedford Borough Council")
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text().startswith("Get help")
