"""The result page (/result): the next step, warnings, deadlines and every route by status, all
from one assess() call."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from send_redress import CONCERNS, assess, load_content, to_jsonable, weekday_date
from web.common.jinja import for_whom
from web.journey.answers import Answers
from web.journey.testing import (
    TODAY,
    assessment_figures,
    finished,
    h1,
    put_answers,
    result_figures,
    text_of,
    title,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

URL = "/result"
# Every pack, and a listed council without one (it gets the England pack under its own name).
COUNCILS = [
    *load_content().local_authorities,
    next(c for c in load_content().councils if c not in load_content().local_authorities),
]


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def result_for(client, answers: Answers) -> str:
    put_answers(client, answers)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return response.content.decode()


def row(html: str, deadline_id: str) -> str:
    match = re.search(rf'<li [^>]*data-deadline-id="{deadline_id}".*?</li>', html, re.S)
    assert match, f"no row for {deadline_id}"
    return match.group(0)


@pytest.mark.parametrize("council", COUNCILS)
@pytest.mark.parametrize("concern", CONCERNS)
def test_it_shows_the_assessment_for_each_concern(
    client, concern, council, assert_valid_html, assert_readable
):
    answers = finished(concern, council=council)
    html = result_for(client, answers)
    expected = assessment_figures(to_jsonable(assess(answers.to_facts(TODAY))))
    assert result_figures(html) == expected
    pack = load_content().local_authority(council)
    assert set(expected["routes"]) == set(pack_routes(council))
    assert h1(html) == "Your options" and title(html) == "Your options – SEND Redress"
    label = load_content().concerns[concern].label
    assert text_of(
        re.search(r'<p class="govuk-body app-do-this__problem">(.*?)</p>', html, re.S).group(1)
    ) == (f"{label}. {pack.name}.")
    assert_valid_html(html, name=f"result {concern} {council}")
    assert_readable(html, name=f"result {concern} {council}")


def pack_routes(council: str) -> list[str]:
    return [r.id for r in assess(finished("delay", council=council).to_facts(TODAY)).routes]


def test_only_bedford_has_the_way_forward_meeting(client):
    bedford = result_figures(result_for(client, finished("refused-assessment")))
    england = result_figures(result_for(client, finished("refused-assessment", council="england")))
    assert "way-forward-meeting" in bedford["routes"]
    assert "way-forward-meeting" not in england["routes"]
    assert set(bedford["routes"]) - set(england["routes"]) == {"way-forward-meeting"}
    # Every route is listed (most "not applicable"); only the pack's own route is Bedford's.
    assert len(england["routes"]) == len(load_content().routes) - 1


def test_it_puts_the_next_step_first_with_its_contact(client):
    html = result_for(client, finished("refused-assessment"))
    figures = result_figures(html)
    main = html[html.index("<main") :]
    assert main.index("data-next-step") < main.index("<h2", main.index("data-next-step") + 1)
    section = re.search(r'<section class="app-next-step".*?</section>', html, re.S).group(0)
    route = load_content().routes[figures["next_step"]]
    assert f"Your next step: {route.name}" in text_of(section)
    assert "Contact" in section and "What to say" in section
    assert f'href="/routes/{route.id}"' in section
    assert figures["routes"][figures["next_step"]] == "recommended"


def test_it_keeps_the_capitals_of_names_in_more_about_links(client):
    html = result_for(client, finished("refused-reassessment"))
    assert "More about: get free advice from SENDIASS" in html
    assert "More about: appeal or claim to the First-tier Tribunal (SEND)" in text_of(html)
    assert "sendiass</a>" not in html


def test_it_marks_a_deadline_with_14_days_or_fewer_left(client):
    decision = TODAY - timedelta(days=50)
    answers = finished("refused-assessment", events=("decision-notice-sent",))
    html = result_for(client, answers.with_date("decision-notice-sent", decision))
    assessment = assess(answers.with_date("decision-notice-sent", decision).to_facts(TODAY))
    appeal = assessment.deadline("tribunal-appeal")
    assert appeal is not None and 0 < appeal.days_left <= 14
    tr = row(html, "tribunal-appeal")
    assert "app-deadline--soon" in tr
    assert f"{appeal.days_left} days left" in text_of(tr) and "govuk-tag--red" in tr
    assert f'<time datetime="{appeal.due.isoformat()}">' in tr


def test_it_shows_days_left_plainly_when_there_is_time(client):
    answers = finished("refused-assessment", events=("decision-notice-sent",))
    answers = answers.with_date("decision-notice-sent", TODAY - timedelta(days=5))
    html = result_for(client, answers)
    appeal = assess(answers.to_facts(TODAY)).deadline("tribunal-appeal")
    assert appeal is not None and appeal.days_left > 14
    tr = row(html, "tribunal-appeal")
    assert "app-deadline--soon" not in tr and "govuk-tag" not in tr
    assert f"{appeal.days_left} days left" in text_of(tr)


def test_it_says_today_on_the_last_day(client):
    for days in range(55, 70):
        answers = finished("refused-assessment", events=("decision-notice-sent",))
        answers = answers.with_date("decision-notice-sent", TODAY - timedelta(days=days))
        appeal = assess(answers.to_facts(TODAY)).deadline("tribunal-appeal")
        if appeal is not None and appeal.days_left == 0:
            break
    else:
        pytest.fail("no decision date gives an appeal deadline of today")
    tr = row(result_for(client, answers), "tribunal-appeal")
    assert "Today" in text_of(tr) and "govuk-tag--red" in tr and 'data-status="today"' in tr


def test_it_says_passed_and_done(client):
    answers = finished("refused-assessment")  # request 50 days ago, decision 20 days ago
    html = result_for(client, answers.with_date("assessment-requested", TODAY - timedelta(days=60)))
    done = row(html, "assessment-decision")
    assert "Done" in text_of(done) and "govuk-tag--green" in done
    late = finished("refused-assessment", events=("decision-notice-sent",))
    html = result_for(client, late.with_date("decision-notice-sent", TODAY - timedelta(days=200)))
    assert "Passed" in text_of(row(html, "tribunal-appeal"))
    assert "govuk-warning-text" in html and "Things to act on" in html


def test_it_offers_the_calendar_file_only_when_there_are_deadlines(client):
    html = result_for(client, finished("refused-assessment"))
    assert 'href="/result/deadlines.ics" download' in html
    html = result_for(client, finished("support-in-school", events=()))
    assert result_figures(html)["deadlines"] == []
    assert "deadlines.ics" not in html and 'id="deadlines"' not in html


def test_it_folds_away_routes_that_are_not_for_this_problem(client):
    html = result_for(client, finished("support-in-school"))
    details = re.search(
        r'<details class="govuk-details">\s*<summary[^>]*>\s*<span[^>]*>Not for this.*?</details>',
        html,
        re.S,
    ).group(0)
    statuses = re.findall(r'data-status="([^"]+)"', details)
    assert statuses and set(statuses) == {"not-applicable"}
    assert f"Not for this problem ({len(statuses)})" in text_of(details)
    # One line each, no heading: the route's name linked to its page, then why not.
    assert "<h3" not in details
    folded = [
        r
        for r in assess(finished("support-in-school").to_facts(TODAY)).routes
        if r.status == "not-applicable"
    ]
    assert len(folded) == len(statuses)
    for route in folded:
        line = re.search(rf'<li data-route-id="{route.id}"[^>]*>(.*?)</li>', details, re.S)
        assert line, route.id
        assert f'<a class="govuk-link" href="/routes/{route.id}">' in line.group(1)
        assert text_of(line.group(1)) == f"{route.name}. {route.why}"


def test_it_prints_without_the_parts_that_only_work_on_screen(client):
    html = result_for(client, finished("refused-assessment"))
    assert re.search(r'<link rel="stylesheet" href="/static/css/app\.css">', html)
    # The calendar link, save and print, and the start again button.
    assert html.count("app-no-print") == 3


def test_it_lets_you_start_again(client):
    html = result_for(client, finished("refused-assessment"))
    form = re.search(
        r'<form method="post" action="/start-again/confirm"[^>]*>(.*?)</form>', html, re.S
    )
    assert form and 'name="csrfmiddlewaretoken"' in form.group(1)
    assert "Start again" in text_of(form.group(1))


def test_it_shows_the_open_routes_with_cost_and_time(client):
    html = result_for(client, finished("support-in-school"))
    block = re.search(r'<div class="app-route" data-route-id="sendiass".*?More about', html, re.S)
    assert block
    info = load_content().routes["sendiass"]
    assert f"Cost: {info.cost}" in text_of(block.group(0))
    assert f"How long it takes: {info.how_long}" in text_of(block.group(0))


def test_it_waits_until_every_question_is_answered(client):
    assert client.get(URL)["Location"] == "/questions/who"
    put_answers(client, finished("delay").with_answer("events", None))
    assert client.get(URL)["Location"] == "/questions/events"
    put_answers(
        client, finished("delay").with_answer("events", ("assessment-requested", "became-aware"))
    )
    assert client.get(URL)["Location"] == "/questions/date/2"


def test_it_only_answers_get_and_head(client):
    put_answers(client, finished("delay"))
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_it_starts_with_what_to_do_by_when_then_the_warnings(client):
    """Issue 15: "Do this by <weekday> <date>", the day it was worked out and who it is for come
    first; then the warnings; then the rest."""
    answers = finished("refused-assessment", events=("decision-notice-sent",))
    answers = answers.with_date("decision-notice-sent", TODAY - timedelta(days=50))
    html = result_for(client, answers)
    assessment = assess(answers.to_facts(TODAY))
    assert assessment.next_step_due is not None and assessment.warnings
    main = html[html.index("<main") :]
    box = re.search(r'<div class="app-do-this".*?</div>', main, re.S).group(0)
    assert main.index('class="app-do-this"') < main.index("<h2")
    said = text_of(box)
    assert said.startswith(f"Do this by {weekday_date(assessment.next_step_due)}")
    assert load_content().routes[assessment.next_step].name in said
    assert f"We worked this out on {weekday_date(TODAY)}" in said
    assert "This is for a parent or carer, about their child." in said
    assert (
        main.index("app-do-this") < main.index("govuk-warning-text") < main.index("app-next-step")
    )
    assert main.index("govuk-warning-text") < main.index('id="deadlines"')


def test_it_says_who_it_is_for_when_a_young_person_asks(client):
    html = result_for(client, finished("refused-assessment", who="young-person"))
    assert "This is for a young person, about themselves." in text_of(html)
    assert 'data-asker="young-person"' in html


def test_without_a_date_to_act_by_it_says_what_to_do_next(client):
    answers = finished("support-in-school", events=())
    assert assess(answers.to_facts(TODAY)).next_step_due is None
    box = re.search(r'<div class="app-do-this".*?</div>', result_for(client, answers), re.S)
    assert text_of(box.group(0)).startswith("What to do next ")


def test_it_offers_to_save_and_print(client):
    html = result_for(client, finished("refused-assessment"))
    assert (
        '<a class="govuk-link" href="/cases/new?from=journey">Save this to an account</a>' in html
    )
    # The button needs a script, so it starts hidden and the page says how to print without one.
    assert re.search(r"<button [^>]*data-print hidden>Print this page</button>", html)
    assert "To print this page, use Print in your browser&#39;s menu." in html


def test_deadlines_are_listed_by_date_with_weekday_whose_and_working(client):
    answers = finished("refused-assessment")
    html = result_for(client, answers)
    shown = result_figures(html)["deadlines"]
    assert [d["due"] for d in shown] == sorted(d["due"] for d in shown) and len(shown) > 1
    for deadline in assess(answers.to_facts(TODAY)).deadlines:
        item = row(html, deadline.id)
        assert weekday_date(deadline.due) in text_of(item)
        assert for_whom(deadline.whose) in text_of(item)
        assert re.search(
            r'<details class="govuk-details app-deadline__working">.*How we worked this out.*'
            + re.escape(deadline.working.split(" (")[0]),
            item,
            re.S,
        )


def test_a_council_deadline_met_late_says_late(client):
    """Issue 15: not a green "Done". The request 60 days ago; the decision 20 days ago is
    after the 6 weeks."""
    answers = finished(
        "refused-assessment", events=("assessment-requested", "decision-notice-sent")
    )
    answers = answers.with_date("assessment-requested", TODAY - timedelta(days=70))
    answers = answers.with_date("decision-notice-sent", TODAY - timedelta(days=20))
    decision = assess(answers.to_facts(TODAY)).deadline("assessment-decision")
    assert decision is not None and decision.met_on is not None and decision.met_on > decision.due
    item = row(result_for(client, answers), "assessment-decision")
    assert "Late: done on" in text_of(item) and "govuk-tag--green" not in item


def test_a_clock_an_event_has_overtaken_leaves_the_list(client):
    """A certificate after asking for mediation: "Council arranges mediation" is moot."""
    events = ("decision-notice-sent", "mediation-requested", "mediation-certificate-issued")
    answers = finished("refused-plan", events=events)
    answers = answers.with_date("decision-notice-sent", TODAY - timedelta(days=60))
    answers = answers.with_date("mediation-requested", TODAY - timedelta(days=50))
    answers = answers.with_date("mediation-certificate-issued", TODAY - timedelta(days=5))
    html = result_for(client, answers)
    assert 'data-deadline-id="mediation-arranged"' not in html
    assert 'data-deadline-id="tribunal-appeal"' in html


@pytest.mark.parametrize("concern", CONCERNS)
def test_each_deadline_names_who_must_meet_it(client, concern):
    """The label is the core's duty holder for every kind (school, mediator, NHS), not only
    the council's: a school's exclusion duty once showed no "For ..." at all."""
    answers = finished(concern)
    html = result_for(client, answers)
    for deadline in assess(answers.to_facts(TODAY)).deadlines:
        assert for_whom(deadline.whose) in text_of(row(html, deadline.id)), deadline.id


def test_the_labels_are_checked_for_more_than_the_council():
    """The test above meets a school's duty and the mediator's, so it checks their labels."""
    whose = {d.whose for c in CONCERNS for d in assess(finished(c).to_facts(TODAY)).deadlines}
    assert {"parent", "council", "school", "mediator"} <= whose
