"""On a 375 px phone (issue 15): the problem list fits in fewer than five screens, and the
result of each problem shows the next step with its weekday date in the first screen.
Screenshots go to a temporary folder (never the repository)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from web.journey.answers import Answers
from web.journey.testing import TODAY, journey_session

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
