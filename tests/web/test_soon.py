"""The 14-day "soon" window (send_redress.SOON_DAYS, the one constant for it): on the result
page a deadline 14 days away is soon and one 15 days away is not."""

from __future__ import annotations

from datetime import timedelta

import pytest

from send_redress import SOON_DAYS, assess
from web.journey.answers import Answers
from web.journey.testing import TODAY, put_answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def answers_with_a_deadline(days_left: int) -> tuple[Answers, str]:
    """A refused assessment whose decision letter puts an open deadline `days_left` away."""
    for back in range(30, 120):
        answers = Answers(
            who="parent",
            council="bedford",
            setting="maintained-school",
            concern="refused-assessment",
            events=("decision-notice-sent",),
            dates={"decision-notice-sent": TODAY - timedelta(days=back)},
        )
        for deadline in assess(answers.to_facts(TODAY)).deadlines:
            if deadline.days_left == days_left and deadline.met_on is None:
                return answers, deadline.id
    raise AssertionError(f"no decision date gives a deadline {days_left} days away")


def row(html: str, deadline_id: str) -> str:
    """The deadline's item in the deadlines list (common/_deadlines.html)."""
    start = html.index(f'data-deadline-id="{deadline_id}"')
    return html[html.rindex("<li", 0, start) : html.index("</li>", start)]


def test_the_window_is_14_days():
    assert SOON_DAYS == 14


@pytest.mark.parametrize(("days_left", "soon"), [(SOON_DAYS, True), (SOON_DAYS + 1, False)])
def test_a_deadline_on_the_last_day_of_the_window_is_soon(client, days_left, soon):
    answers, deadline_id = answers_with_a_deadline(days_left)
    put_answers(client, answers)
    html = client.get("/result").content.decode()
    shown = row(html, deadline_id)
    assert ("app-deadline--soon" in shown) is soon
    assert (f"{days_left} days left</strong>" in shown) is soon
