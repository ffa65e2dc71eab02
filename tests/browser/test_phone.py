"""On a 375 px phone (issue 15): the problem list fits in fewer than five screens, and the
result of each problem shows the next step with its weekday date in the first screen.
Screenshots go to a temporary folder (never the repository)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as django_settings

from send_redress import assess, weekday_date
from web.journey.answers import Answers
from web.journey.testing import TODAY, finished, journey_session

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fixed_today"),
]

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def _with_session(page, base_url: str, answers: Answers) -> None:
    cookie = {"name": django_settings.SESSION_COOKIE_NAME, "url": base_url}
    page.context.add_cookies([{**cookie, "value": journey_session(answers)}])


def test_the_problem_list_fits_in_fewer_than_five_phone_screens(
    page, base_url, assert_accessible, tmp_path
):
    page.set_viewport_size(PHONE)
    _with_session(page, base_url, Answers(who="parent", council="bedford", setting="academy"))
    page.goto("/questions/concern")
    height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path=str(tmp_path / "problems.png"), full_page=True)
    print(f"problem list: {height} px, {height / PHONE['height']:.2f} screens")
    assert height < 5 * PHONE["height"], height
    assert_accessible(page)


def _eight_problems() -> dict[str, Answers]:
    """Eight problems whose answer has a date to act by: each as a parent would answer it."""
    decision = {
        concern: finished(concern, events=("decision-notice-sent",)).with_date(
            "decision-notice-sent", TODAY - timedelta(days=20)
        )
        for concern in (
            "refused-assessment",
            "refused-plan",
            "plan-contents",
            "placement-only",
            "refused-reassessment",
            "refused-amendment",
            "ceasing-plan",
        )
    }
    return {**decision, "disability-discrimination": finished("disability-discrimination")}


def _answer_by_touch(page, answers: Answers) -> None:
    """The journey as a phone user goes through it: tap an answer, tap Continue."""
    page.goto("/questions/who")
    page.check(f"input[name=answer][value={answers.who}]")
    page.get_by_role("button", name="Continue").click()
    page.select_option("#answer", str(answers.council))
    page.get_by_role("button", name="Continue").click()
    for question in ("setting", "concern"):
        page.check(f"input[name=answer][value={getattr(answers, question)}]")
        page.get_by_role("button", name="Continue").click()
    for event in answers.events or ():
        page.check(f"input[name=answer][value={event}]")
    page.get_by_role("button", name="Continue").click()
    for event in answers.events or ():
        day = answers.dates[event]
        for part in ("day", "month", "year"):
            page.fill(f"#answer-{part}", str(getattr(day, part)))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/check-your-answers")
    page.get_by_role("button", name="See my options").click()
    page.wait_for_url("**/result")


@pytest.mark.parametrize("concern", list(_eight_problems()))
def test_the_next_step_and_its_weekday_date_are_in_the_first_phone_screen(
    page, assert_accessible, tmp_path, concern
):
    """Issue 15, done when: on a 375 px phone, the result of each problem shows the next step
    with its weekday date in the first screen (no scrolling)."""
    answers = _eight_problems()[concern]
    assessment = assess(answers.to_facts(TODAY))
    assert assessment.next_step_due is not None
    page.set_viewport_size(PHONE)
    _answer_by_touch(page, answers)
    page.screenshot(path=str(tmp_path / f"{concern}.png"))  # the first screen, kept out of git
    by = page.locator(".app-do-this__by")
    step = page.locator(".app-do-this__step")
    assert by.inner_text() == f"Do this by {weekday_date(assessment.next_step_due)}"
    assert step.inner_text() == assessment.route(assessment.next_step).name
    for part in (by, step):
        box = part.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (
            concern,
            box,
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
