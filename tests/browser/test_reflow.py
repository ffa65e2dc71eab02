"""Reflow (WCAG 2.2 1.4.10, issue 15): no page scrolls sideways at 320 px, nor at 200% zoom.

A crawler visits every page it can reach by following links, as a visitor (the static pages,
every route, the map, the journey's questions and their error states, check your answers and
the result for every concern, a letter's pages), as a signed-in parent with a case (the case
pages, the account pages) and as an adviser with two-factor sign-in (the caseload, the adviser's
case page, notes, sharing, who has looked). On each page, at a 320 px wide viewport and at a
640 px one with a device scale of 2 (a 1280 px screen at 200% zoom), the document must be no
wider than the viewport. axe runs on each page this issue added or changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings as django_settings

from send_redress import CONCERNS
from tests.personas import browser_cookie, client_for, new_case
from web.journey.testing import TODAY, finished, journey_session

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fixed_today"),
]

# 1280 px at 400% is 320 CSS px (the WCAG figure); 1280 px at 200% is 640 CSS px, drawn at twice
# the density.
VIEWPORTS = ({"width": 320, "height": 640, "scale": 1}, {"width": 640, "height": 400, "scale": 2})
# Links that are files, feeds or actions rather than pages.
NOT_PAGES = (".ics", ".pdf", ".docx", ".csv", ".xlsx", ".zip", ".json", "webcal:", "mailto:")
# Pages the issue added or changed: axe runs on them too.
NEW_PAGES = ("/result", "/check-your-answers", "/questions/concern", "/glossary", "/cases/")
MAX_PAGES = 400

_WIDTHS = """() => ({
  document: document.documentElement.scrollWidth,
  body: document.body.scrollWidth,
  viewport: window.innerWidth,
  widest: [...document.querySelectorAll('main *')]
    .map(e => [e.getBoundingClientRect().right, e.tagName.toLowerCase() + '.' + e.className])
    .sort((a, b) => b[0] - a[0]).slice(0, 3),
})"""


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def _is_page(base_url: str, href: str) -> str | None:
    """The same-site URL to visit for a link, without its fragment, or None."""
    if not href or href.startswith(("#", "javascript:")) or href.endswith(NOT_PAGES):
        return None
    url = urljoin(base_url + "/", href)
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != base_url or "/files/" in parts.path:
        return None
    if parts.path.startswith(("/admin", "/api/", "/static/", "/account/sign-out")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _crawl(
    context: Any,
    base_url: str,
    seeds: list[str],
    assert_accessible: Any,
    within: tuple[str, ...] = ("/",),
) -> list[str]:
    """Visit every page reachable from the seeds whose path starts with one of `within`,
    checking each at both viewports. Returns the pages visited; fails if any scrolls sideways."""
    pages = {scale: context[scale].new_page() for scale in (1, 2)}
    seen: list[str] = []
    queue = list(seeds)
    too_wide: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.append(path)
        response = pages[1].request.get(base_url + path, max_redirects=0)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for viewport in VIEWPORTS:
            page = pages[viewport["scale"]]
            page.set_viewport_size({"width": viewport["width"], "height": viewport["height"]})
            page.goto(path)
            widths = page.evaluate(_WIDTHS)
            if max(widths["document"], widths["body"]) > widths["viewport"]:
                too_wide.append(f"{path} at {viewport['width']} px: {widths}")
            if viewport["scale"] == 1:
                if path.startswith(NEW_PAGES):
                    assert_accessible(page)
                hrefs = page.eval_on_selector_all(
                    "a[href]", "all => all.map(a => a.getAttribute('href'))"
                )
                for href in hrefs:
                    found = _is_page(base_url, href)
                    if found and found.startswith(within) and found not in seen + queue:
                        queue.append(found)
    assert not too_wide, "pages that scroll sideways:\n" + "\n".join(too_wide)
    return seen


_OPEN: list[Any] = []
"""The contexts a test opened: closed after it, so that no page of theirs still holds a
connection to the live server when the session stops it."""


@pytest.fixture(autouse=True)
def _close_contexts() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def _contexts(browser: Any, base_url: str, session_key: str | None) -> dict[int, Any]:
    contexts = {}
    for scale in (1, 2):
        context = browser.new_context(base_url=base_url, device_scale_factor=scale)
        if session_key:
            context.add_cookies(
                [
                    {
                        "name": django_settings.SESSION_COOKIE_NAME,
                        "value": session_key,
                        "url": base_url,
                    }
                ]
            )
        contexts[scale] = context
        _OPEN.append(context)
    return contexts


@pytest.mark.parametrize("concern", CONCERNS)
def test_no_journey_or_information_page_scrolls_sideways(
    browser, base_url, assert_accessible, concern
):
    """Every page a visitor reaches from the start page, with a finished journey for the
    concern in the session: its questions, dates, check your answers and result, every route,
    the map, letters, the glossary."""
    contexts = _contexts(browser, base_url, journey_session(finished(concern)))
    seeds = ["/", "/result", "/check-your-answers", "/questions/date/1", "/questions/concern"]
    if concern != CONCERNS[0]:
        # The pages every concern shares are crawled once, with the first.
        seeds = ["/result"]  # each concern's own page; the rest share their layout
        for path in seeds:
            for viewport in VIEWPORTS:
                page = contexts[viewport["scale"]].new_page()
                page.set_viewport_size({"width": viewport["width"], "height": viewport["height"]})
                page.goto(path)
                widths = page.evaluate(_WIDTHS)
                assert max(widths["document"], widths["body"]) <= widths["viewport"], (path, widths)
                if viewport["scale"] == 1:
                    assert_accessible(page)
                page.close()
        return
    visited = _crawl(contexts, base_url, seeds, assert_accessible)
    assert {"/", "/routes/", "/routes/map", "/result", "/glossary"} <= set(visited), visited
    assert any(p.startswith("/letters/") for p in visited), visited


def test_changing_the_problem_and_printing_the_result(browser, base_url, assert_accessible):
    """The "Change the problem?" page at both widths, with axe; the result in print keeps the
    dates in full and leaves out what works only on screen."""
    contexts = _contexts(browser, base_url, journey_session(finished("refused-assessment")))
    for viewport in VIEWPORTS:
        page = contexts[viewport["scale"]].new_page()
        page.set_viewport_size({"width": viewport["width"], "height": viewport["height"]})
        page.goto("/questions/concern")
        page.check("input[name=answer][value=ceasing-plan]")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_selector("h1:has-text('Change the problem?')")
        widths = page.evaluate(_WIDTHS)
        assert max(widths["document"], widths["body"]) <= widths["viewport"], widths
        if viewport["scale"] == 1:
            assert_accessible(page)
    page = contexts[1].new_page()
    page.goto("/result")
    page.emulate_media(media="print")
    assert page.locator(".app-do-this__by").is_visible()
    assert not page.locator(".app-result-actions").is_visible()
    dates = page.locator(".app-deadline__date").all_inner_texts()
    assert dates and all(d.split()[0].endswith("day") and d.split()[-1].isdigit() for d in dates)


def test_error_states_do_not_scroll_sideways(browser, base_url, assert_accessible):
    """A question and a date with their error messages (long words in the error summary)."""
    answers = finished("refused-assessment")
    contexts = _contexts(browser, base_url, journey_session(answers))
    for viewport in VIEWPORTS:
        page = contexts[viewport["scale"]].new_page()
        page.set_viewport_size({"width": viewport["width"], "height": viewport["height"]})
        for path in ("/questions/concern", "/questions/date/2"):
            page.goto(path)
            if path.endswith("concern"):
                page.evaluate(
                    "() => document.querySelectorAll('input').forEach(i => i.checked = false)"
                )
            else:
                page.get_by_label("Year", exact=True).fill("26")
            page.get_by_role("button", name="Continue").click()
            page.wait_for_selector(".govuk-error-summary")
            widths = page.evaluate(_WIDTHS)
            assert max(widths["document"], widths["body"]) <= widths["viewport"], (path, widths)
            if viewport["scale"] == 1:
                assert_accessible(page)


@pytest.fixture
def parent_with_a_case(db: Any) -> tuple[Any, Any]:
    from web.accounts.models import User
    from web.cases import services

    parent = User.objects.create_user(
        "sam.parent@example.com", "a long pass phrase 42", email_verified=True
    )
    case = new_case(
        parent,
        "Samantha-Josephine Featherstonehaugh",
        council="central-bedfordshire",
        events=[
            ("assessment-requested", TODAY - timedelta(days=90)),
            ("decision-notice-sent", TODAY - timedelta(days=40)),
            ("mediation-requested", TODAY - timedelta(days=30)),
        ],
    )
    services.add_event(
        case,
        by=parent,
        kind="note",
        day=TODAY - timedelta(days=2),
        who="Headteacher",
        what="https://www.example.org/a-very-long-address-that-has-no-spaces-in-it/at-all/ever",
        upload=None,
    )
    return parent, case


def test_no_case_or_account_page_scrolls_sideways(
    browser, base_url, assert_accessible, parent_with_a_case
):
    """Every page a signed-in parent reaches from their cases: the case page, its timeline,
    events, documents, sharing, exports' pages, the account pages."""
    parent, case = parent_with_a_case
    contexts = _contexts(browser, base_url, browser_cookie(client_for(parent), base_url)["value"])
    visited = _crawl(
        contexts, base_url, ["/cases/", "/account"], assert_accessible, ("/cases", "/account")
    )
    assert f"/cases/{case.public_id}/" in visited, visited
    assert len([p for p in visited if p.startswith(f"/cases/{case.public_id}")]) >= 5, visited


def test_no_adviser_page_scrolls_sideways(browser, base_url, assert_accessible, parent_with_a_case):
    """Every page an adviser, signed in with a real two-factor code, reaches from the
    caseload: the adviser's case page, notes, assigning, who has looked."""
    from tests.personas import signed_in_with_code
    from web.accounts.models import User
    from web.advisers.models import ADVISER, Membership, Organisation
    from web.advisers.services import assign, share

    _, case = parent_with_a_case
    organisation = Organisation.objects.create(name="Bedford SENDIASS")
    adviser = User.objects.create_user(
        "alex@bedford.example", "a long pass phrase 42", email_verified=True
    )
    membership = Membership.objects.create(user=adviser, organisation=organisation, role=ADVISER)
    assign(share(case, organisation, by=case.owner), membership, by=adviser)
    client = signed_in_with_code(adviser)
    contexts = _contexts(browser, base_url, browser_cookie(client, base_url)["value"])
    visited = _crawl(
        contexts, base_url, ["/adviser/caseload"], assert_accessible, ("/adviser", "/cases")
    )
    assert f"/adviser/cases/{case.public_id}/" in visited, visited
