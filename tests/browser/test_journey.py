"""The journey in Chromium, by keyboard alone: from the start page to the result, with axe
(WCAG 2.2 A and AA) and the readability check on every page visited, an error on every question
page and on a date page along the way, and the Nu HTML checker on each kind of page as the
browser sees it. The keys work the same for every concern, so one walk takes them all; then
each of the 13 concerns' result pages (answers put in the session) gets axe, readability and
the engine's figures. Then every page to read without answering (the routes, the map, the
restart page), and the journey once more with JavaScript off.

Keys only: Tab, Shift+Tab, Space, Enter, the arrow keys and typing. Scripts read the page (where
the focus is, what is checked) but never click or change it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from send_redress import CONCERNS, EVENTS_BY_CONCERN, ROUTE_IDS, assess, load_content
from web.journey.answers import Answers
from web.journey.testing import TODAY, result_figures
from web.testing import AXE_JS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fixed_today"),
]

QUESTIONS = ["who", "council", "setting", "concern", "events"]
# Each kind of page gets the Nu HTML checker once per session, as the browser sees it.
VALIDATED: set[str] = set()


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def focused(page) -> dict[str, Any]:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {tag: e.tagName.toLowerCase(), id: e.id, name: e.name || '',
                           value: e.value || '', type: e.type || '',
                           text: (e.textContent || '').trim(), checked: !!e.checked}; }"""
    )


# How many presses of Tab take the focus to an element: the page's tab stops in document order
# (GOV.UK pages use no positive tabindex), one per radio group (its checked radio, else its
# first), none inside closed details. Only an estimate to save round trips: tab_to() checks.
_TABS_TO = """(selector) => {
  const target = document.querySelector(selector);
  const stops = [], groups = new Set();
  for (const e of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')) {
    if (e.disabled || e.tabIndex < 0 || e.type === 'hidden' || !e.getClientRects().length) continue;
    if (e.type === 'radio') {
      if (groups.has(e.name)) continue;
      groups.add(e.name);
      const group = [...document.querySelectorAll(`input[type=radio][name="${e.name}"]`)];
      stops.push(group.find(r => r.checked) || group[0]);
    } else {
      stops.push(e);
    }
  }
  const active = document.activeElement, to = stops.indexOf(target);
  if (to < 0) return 0;
  const at = stops.indexOf(active);
  if (at >= 0) return Math.max(to - at, 0);
  const next = active === document.body ? 0 : stops.findIndex(
    e => active.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
  return next < 0 ? 0 : Math.max(to - next + 1, 0);
}"""
_FOCUSED = "(s) => document.activeElement.matches(s)"


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus (unless it has it)."""
    if page.evaluate(_FOCUSED, selector):
        return
    for _ in range(page.evaluate(_TABS_TO, selector)):
        page.keyboard.press("Tab")
    if page.evaluate(_FOCUSED, selector):
        return
    for _ in range(limit):  # the estimate was wrong: one Tab at a time
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUSED, selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def press_and_wait(page, key: str) -> None:
    """Press a key that submits a form or follows a link, and wait for the new page."""
    with page.expect_navigation():
        page.keyboard.press(key)


class Checks:
    """axe and readability on every page; vnu once for each kind of page."""

    def __init__(self, page, assert_accessible, assert_valid_html, assert_readable) -> None:
        self.page = page
        self.accessible = assert_accessible
        self.valid = assert_valid_html
        self.readable = assert_readable
        self.visited: list[str] = []

    def __call__(self, kind: str) -> str:
        self.page.wait_for_load_state()
        self.visited.append(kind)
        html = self.page.content()
        self.accessible(self.page)
        self.readable(html, name=f"{kind} ({self.page.url})")
        if kind not in VALIDATED:
            self.valid(html, name=f"{kind} as the browser sees it")
            VALIDATED.add(kind)
        return html


@pytest.fixture
def check(page, assert_accessible, assert_valid_html, assert_readable) -> Checks:
    # axe loads with every page, as the DevTools protocol adds it (the page's CSP does not
    # apply), instead of being sent over for each page: a third off each walk.
    page.context.add_init_script(path=str(AXE_JS))
    return Checks(page, assert_accessible, assert_valid_html, assert_readable)


def choose_radio(page, value: str) -> None:
    """Tab into the radios, then arrow keys to the option (Space checks the first)."""
    tab_to(page, "#answer")
    values = page.eval_on_selector_all("input[name=answer]", "els => els.map(e => e.value)")
    target = values.index(value)
    if target == 0:
        page.keyboard.press("Space")
    for _ in range(target):
        page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == value and focused(page)["checked"]


def choose_council(page, value: str) -> None:
    """Tab to the council select and type the start of the council's name, as a keyboard user
    finds an option in a long list (the select jumps to the option that matches)."""
    tab_to(page, "#answer")
    label = page.eval_on_selector(f"#answer option[value='{value}']", "e => e.textContent.trim()")
    page.keyboard.type(label)
    assert focused(page)["id"] == "answer" and focused(page)["value"] == value, focused(page)


def tick_boxes(page, wanted: list[str]) -> None:
    """Tab through the checkboxes, pressing Space on each one wanted."""
    count = page.locator("input[name=answer]").count()
    tab_to(page, "#answer")
    for index in range(count):
        if index:
            page.keyboard.press("Tab")
        box = focused(page)
        assert box["name"] == "answer", box
        if (box["value"] in wanted) != box["checked"]:
            page.keyboard.press("Space")
    ticked = page.eval_on_selector_all("input[name=answer]:checked", "els => els.map(e => e.value)")
    assert ticked == wanted


def type_date(page, day) -> None:
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        tab_to(page, f"#answer-{part}")
        page.keyboard.press("Control+A")
        page.keyboard.type(str(value))


def submit(page) -> None:
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")


def see_error(page, check: Checks, kind: str) -> None:
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    # GOV.UK Frontend moves the focus to the summary; its first link goes to the field.
    assert "govuk-error-summary" in page.evaluate("document.activeElement.className")
    check(kind)
    page.keyboard.press("Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    assert "#" + focused(page)["id"] == href


def plan(concern: str) -> Answers:
    """Bedford, an academy, and one or two events (every third concern has two)."""
    events = EVENTS_BY_CONCERN[concern][: 2 if CONCERNS.index(concern) % 3 == 0 else 1]
    return Answers(
        who="parent",
        council="bedford",
        setting="academy",
        concern=concern,
        events=events,
        dates={e: TODAY - timedelta(days=50 - 30 * i) for i, e in enumerate(events)},
    )


def walk(
    page, check: Checks, answers: Answers, *, error_on: tuple[str, ...] = (), date_error: bool
) -> str:
    """From the start page to the result, keys only, with an error on each question in
    `error_on` and (`date_error`) on the first date. Returns the result page's HTML."""
    page.goto("/")
    check("start")
    tab_to(page, "a.govuk-button--start")
    press_and_wait(page, "Enter")
    for question in QUESTIONS:
        assert page.url.endswith(f"/questions/{question}"), page.url
        check(f"question {question}")
        if question in error_on:
            submit(page)
            see_error(page, check, f"question {question} with an error")
        if question == "events":
            tick_boxes(page, list(answers.events or ()))
        elif question == "council":
            choose_council(page, str(answers.council))
        else:
            choose_radio(page, getattr(answers, question))
        submit(page)
    for number, event in enumerate(answers.events or (), start=1):
        assert page.url.endswith(f"/questions/date/{number}"), page.url
        check("date")
        if number == 1 and date_error:
            type_date(page, TODAY + timedelta(days=1))  # in the future
            submit(page)
            see_error(page, check, "date with an error")
        type_date(page, answers.dates[event])
        submit(page)
    assert page.url.endswith("/check-your-answers"), page.url
    check("check your answers")
    tab_to(page, "a.govuk-button[href='/result']")
    press_and_wait(page, "Enter")
    assert page.url.endswith("/result"), page.url
    return check("result")


def same_as_the_engine(html: str, answers: Answers) -> None:
    figures = result_figures(html)
    expected = assess(answers.to_facts(TODAY))
    assert figures["next_step"] == expected.next_step
    assert figures["routes"] == {r.id: r.status for r in expected.routes}
    assert [d["id"] for d in figures["deadlines"]] == [d.id for d in expected.deadlines]


def test_the_journey_by_keyboard_with_every_error_on_the_way(page, check):
    answers = plan(CONCERNS[0])  # two events: two date pages
    assert len(answers.events or ()) == 2
    html = walk(page, check, answers, error_on=tuple(QUESTIONS), date_error=True)
    same_as_the_engine(html, answers)
    errors = [kind for kind in check.visited if kind.endswith("with an error")]
    assert errors == [f"question {q} with an error" for q in QUESTIONS] + ["date with an error"]


@pytest.mark.parametrize("concern", CONCERNS)
def test_each_concerns_result_page(page, check, base_url, concern):
    from importlib import import_module

    from django.conf import settings

    from web.journey.answers import SESSION_KEY

    answers = plan(concern)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = answers.to_session()
    store.save()
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": base_url}
    page.context.add_cookies([cookie])
    page.goto("/result")
    same_as_the_engine(check("result"), answers)


def test_start_again_by_keyboard(page, check):
    walk(page, check, plan("delay"), date_error=False)
    tab_to(page, "form[action='/start-again/confirm'] button")
    press_and_wait(page, "Enter")
    assert page.url.endswith("/questions/who")
    assert page.eval_on_selector_all("input:checked", "els => els.length") == 0


def test_pages_to_read_without_answering(page, check):
    for url, kind in [("/routes/", "routes"), ("/routes/map", "map"), ("/start-again", "restart")]:
        page.goto(url)
        check(kind)
    for route_id in ROUTE_IDS:
        page.goto(f"/routes/{route_id}")
        check(f"route {route_id}")
    # The list's links work by keyboard: Tab to one and follow it.
    page.goto("/routes/")
    tab_to(page, "a[href='/routes/tribunal']")
    press_and_wait(page, "Enter")
    assert page.url.endswith("/routes/tribunal")


@pytest.fixture
def no_js_page(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    yield context.new_page()
    context.close()


def test_the_journey_without_javascript(no_js_page):
    """The same by keyboard with JavaScript off (no axe: it needs scripts), errors included.
    The Django tests walk every concern through the same forms without scripts."""
    page = no_js_page
    answers = plan("refused-assessment")  # two events
    page.goto("/")
    tab_to(page, "a.govuk-button--start")
    press_and_wait(page, "Enter")
    for question in QUESTIONS:
        if question == "concern":
            submit(page)
            assert page.title().startswith("Error: ")
            tab_to(page, ".govuk-error-summary a")  # not focused for you without scripts
            page.keyboard.press("Enter")
            assert focused(page)["id"] == "answer"
        if question == "events":
            tick_boxes(page, list(answers.events or ()))
        elif question == "council":
            choose_council(page, "luton")  # a council without a pack of its own
        else:
            choose_radio(page, getattr(answers, question))
        submit(page)
    type_date(page, TODAY.replace(year=1999))
    submit(page)
    assert page.locator(".govuk-error-summary a").inner_text() == (
        f"{load_content().events[(answers.events or ())[0]].date_name.capitalize()} must be on or "
        "after 1 January 2000"
    )
    for event in answers.events or ():
        type_date(page, answers.dates[event])
        submit(page)
    tab_to(page, "a.govuk-button[href='/result']")
    press_and_wait(page, "Enter")
    assert "govuk-frontend-supported" not in (page.get_attribute("body", "class") or "")
    figures = result_figures(page.content())
    assert figures["next_step"] == assess(answers.to_facts(TODAY)).next_step


_OVERFLOW = """() => ({page: document.documentElement.scrollWidth,
                     select: document.querySelector('#answer').getBoundingClientRect().right})"""


@pytest.mark.parametrize("with_error", [False, True])
def test_the_council_question_reflows_at_320_pixels(page, check, with_error):
    """WCAG 2.2 1.4.10: the list of every council fits a 320 px wide screen, nothing scrolls
    sideways, and axe finds nothing, with and without its error."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/questions/who")
    choose_radio(page, "parent")
    submit(page)
    assert page.url.endswith("/questions/council")
    if with_error:
        submit(page)
        see_error(page, check, "question council with an error at 320 px")
    else:
        check("question council at 320 px")
    widths = page.evaluate(_OVERFLOW)
    assert widths["page"] <= 320 and widths["select"] <= 320, widths
    assert page.locator("#answer option").count() == len(load_content().councils) + 2
    choose_council(page, "isles-of-scilly")
    submit(page)
    assert page.url.endswith("/questions/setting")
