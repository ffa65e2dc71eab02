"""The question pages (/questions/<slug>): who, council, setting, concern, events."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from send_redress import CONCERNS, EVENTS_BY_CONCERN, SETTINGS, load_content, long_date
from web.journey.answers import Answers
from web.journey.testing import (
    QUESTION_URLS,
    TODAY,
    error_summary,
    finished,
    h1,
    ids,
    inline_error,
    put_answers,
    stored,
    tags,
    title,
)
from web.journey.views import grouped_concerns

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

QUESTIONS = list(QUESTION_URLS)
CONCERN = "refused-assessment"
# Each question with the answers given before it.
BEFORE = {
    "who": Answers(),
    "council": Answers(who="parent"),
    "setting": Answers(who="parent", council="bedford"),
    "concern": Answers(who="parent", council="bedford", setting="maintained-school"),
    "events": Answers(
        who="parent", council="bedford", setting="maintained-school", concern=CONCERN
    ),
}
VALID = {
    "who": "young-person",
    "council": "england",
    "setting": "academy",
    "concern": CONCERN,
    "events": ["assessment-requested", "decision-notice-sent"],
}
NEXT = {
    "who": "/questions/council",
    "council": "/questions/setting",
    "setting": "/questions/concern",
    "concern": "/questions/events",
    "events": "/questions/date/1",
}
BACK = {
    "who": "/",
    "council": "/questions/who",
    "setting": "/questions/council",
    "concern": "/questions/setting",
    "events": "/questions/concern",
}
HEADING = {
    "who": "Who is asking?",
    "council": "Which council is responsible?",
    "setting": "Where does your child go now?",
    "concern": "What do you disagree with?",
    "events": "What has happened so far?",
}
ERROR = {
    "who": "Select who is asking",
    "council": "Select the council",
    "setting": "Select where your child goes now",
    "concern": "Select what you disagree with",
    "events": 'Select what has happened, or select "None of these yet"',
}
CHOICES = {
    "who": ["parent", "young-person"],
    "council": [*load_content().councils, "england"],
    "setting": list(SETTINGS),
    # In their groups, so the list is short enough for a phone.
    "concern": [c for _, ids in grouped_concerns() for c in ids],
    "events": [*EVENTS_BY_CONCERN[CONCERN], "none"],
}


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def _options(html: str) -> list[dict[str, str]]:
    """The answer's radios or checkboxes, or the options of its select (all but "Choose")."""
    found, in_select = [], False
    for tag, attrs in tags(html):
        if tag == "select":
            in_select = attrs.get("name") == "answer"
        elif tag == "input" and attrs.get("name") == "answer":
            found.append(attrs)
        elif tag == "option" and in_select and attrs.get("value"):
            found.append({**attrs, **({"checked": ""} if "selected" in attrs else {})})
    return found


def choices(html: str) -> list[str]:
    return [a["value"] for a in _options(html)]


def checked(html: str) -> list[str]:
    return [a["value"] for a in _options(html) if "checked" in a]


@pytest.mark.parametrize("question", QUESTIONS)
def test_it_shows_the_question(client, question, assert_valid_html, assert_readable):
    put_answers(client, BEFORE[question])
    response = client.get(QUESTION_URLS[question])
    assert response.status_code == 200
    html = response.content.decode()
    assert h1(html) == HEADING[question]
    assert title(html).endswith(" – SEND Redress") and not title(html).startswith("Error")
    assert choices(html) == CHOICES[question]
    assert checked(html) == []
    assert "answer" in ids(html)  # the first option: the error summary's target
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'class="govuk-back-link">Back</a>' in html
    assert f'href="{BACK[question]}" class="govuk-back-link"' in html
    assert error_summary(html) == []
    assert_valid_html(html, name=f"question {question}")
    assert_readable(html, name=f"question {question}")


@pytest.mark.parametrize("question", QUESTIONS)
def test_it_saves_a_valid_answer_and_goes_to_the_next_page(client, question):
    put_answers(client, BEFORE[question])
    response = client.post(QUESTION_URLS[question], {"answer": VALID[question]})
    assert response.status_code == 302
    assert response["Location"] == NEXT[question]
    value = stored(client)[question]
    assert value == VALID[question]


@pytest.mark.parametrize(
    ("question", "data"),
    [(q, {}) for q in QUESTIONS]
    + [(q, {"answer": ""}) for q in QUESTIONS]
    + [(q, {"answer": "nonsense"}) for q in QUESTIONS]
    + [("events", {"answer": ["assessment-requested", "nonsense"]})]
    # An event this concern does not ask about is not a choice either.
    + [("events", {"answer": ["discrimination-occurred"]})],
    ids=lambda v: repr(v) if isinstance(v, dict) else v,
)
def test_it_shows_the_error_when_the_answer_is_missing_or_not_a_choice(client, question, data):
    put_answers(client, BEFORE[question])
    response = client.post(QUESTION_URLS[question], data)
    assert response.status_code == 200
    html = response.content.decode()
    assert error_summary(html) == [("#answer", ERROR[question])]
    assert inline_error(html) == ERROR[question]
    assert title(html) == f"Error: {h1(html)} – SEND Redress"
    assert "govuk-form-group--error" in html
    assert stored(client) == BEFORE[question].to_session()


@pytest.mark.parametrize("question", QUESTIONS)
def test_its_error_state_is_valid_and_readable(
    client, question, assert_valid_html, assert_readable
):
    put_answers(client, BEFORE[question])
    html = client.post(QUESTION_URLS[question], {}).content.decode()
    assert_valid_html(html, name=f"question {question} with an error")
    assert_readable(html, name=f"question {question} with an error")


def test_it_links_the_error_summary_to_the_first_option_for_a_young_person(client):
    put_answers(client, BEFORE["setting"].with_answer("who", "young-person"))
    html = client.post("/questions/setting", {}).content.decode()
    assert h1(html) == "Where do you go now?"
    assert error_summary(html) == [("#answer", "Select where you go now")]
    assert ids(html).count("answer") == 1


def test_it_refuses_none_of_these_yet_with_another_event(client):
    put_answers(client, BEFORE["events"])
    data = {"answer": ["assessment-requested", "none"]}
    response = client.post("/questions/events", data)
    assert response.status_code == 200
    html = response.content.decode()
    message = 'Select what has happened, or "None of these yet", but not both'
    assert error_summary(html) == [("#answer", message)]
    assert inline_error(html) == message
    assert title(html).startswith("Error: ")
    assert checked(html) == ["assessment-requested", "none"]  # what they chose stays chosen
    assert stored(client)["events"] is None


def test_it_takes_none_of_these_yet_alone_and_goes_to_check_your_answers(client):
    put_answers(client, BEFORE["events"])
    response = client.post("/questions/events", {"answer": "none"})
    assert response["Location"] == "/check-your-answers"
    assert stored(client)["events"] == []
    assert checked(client.get("/questions/events").content.decode()) == ["none"]


def test_it_marks_none_of_these_yet_as_exclusive(client):
    put_answers(client, BEFORE["events"])
    html = client.get("/questions/events").content.decode()
    none = next(a for t, a in tags(html) if t == "input" and a.get("value") == "none")
    assert none.get("data-behaviour") == "exclusive"
    assert "govuk-checkboxes__divider" in html


def test_it_keeps_events_in_the_order_it_asks_them(client):
    put_answers(client, BEFORE["events"])
    client.post("/questions/events", {"answer": ["decision-notice-sent", "assessment-requested"]})
    assert stored(client)["events"] == ["assessment-requested", "decision-notice-sent"]


@pytest.mark.parametrize("question", QUESTIONS)
def test_it_shows_the_answer_already_given(client, question):
    answers = finished(CONCERN)
    put_answers(client, answers)
    html = client.get(QUESTION_URLS[question]).content.decode()
    given = getattr(answers, question)
    assert checked(html) == (list(given) if question == "events" else [given])


@pytest.mark.parametrize("concern", CONCERNS)
def test_it_asks_about_the_events_of_each_concern(client, concern):
    put_answers(client, BEFORE["events"].with_answer("concern", concern))
    html = client.get("/questions/events").content.decode()
    assert choices(html) == [*EVENTS_BY_CONCERN[concern], "none"]


@pytest.mark.parametrize("question", QUESTIONS[1:])
def test_it_sends_you_to_the_first_question_when_you_jump_ahead(client, question):
    for method in (client.get, client.post):
        response = method(QUESTION_URLS[question], {"answer": VALID[question]})
        assert response.status_code == 302
        assert response["Location"] == "/questions/who"
    assert stored(client) is None


@pytest.mark.parametrize(
    ("answers", "question", "first_unanswered"),
    [
        (BEFORE["setting"], "events", "/questions/setting"),
        (BEFORE["concern"], "events", "/questions/concern"),
        (BEFORE["council"], "concern", "/questions/council"),
    ],
)
def test_it_sends_you_to_the_first_unanswered_question(client, answers, question, first_unanswered):
    put_answers(client, answers)
    assert client.get(QUESTION_URLS[question])["Location"] == first_unanswered


def test_it_says_not_found_for_an_unknown_question(client):
    assert client.get("/questions/age").status_code == 404


@pytest.mark.parametrize("question", QUESTIONS)
def test_it_only_answers_get_and_post(client, question):
    put_answers(client, BEFORE[question])
    assert client.head(QUESTION_URLS[question]).status_code == 405
    assert client.put(QUESTION_URLS[question]).status_code == 405


def test_it_asks_about_events_again_when_the_concern_changes(client):
    put_answers(client, finished(CONCERN))
    response = client.post("/questions/concern", {"answer": "ceasing-plan", "confirm": "yes"})
    assert response["Location"] == "/questions/events"
    session = stored(client)
    assert session["concern"] == "ceasing-plan"
    assert session["events"] is None and session["dates"] == {}
    assert choices(client.get("/questions/events").content.decode())[0] == "annual-review-meeting"
    # The check and result pages wait until the events are answered again.
    assert client.get("/check-your-answers")["Location"] == "/questions/events"
    assert client.get("/result")["Location"] == "/questions/events"


def test_it_keeps_the_events_when_the_same_concern_is_chosen_again(client):
    answers = finished(CONCERN)
    put_answers(client, answers)
    response = client.post("/questions/concern", {"answer": CONCERN})
    assert response["Location"] == "/check-your-answers"
    assert stored(client) == answers.to_session()


@pytest.mark.parametrize(
    ("question", "answer"),
    [("who", "young-person"), ("council", "england"), ("setting", "post-16")],
)
def test_it_comes_back_to_check_your_answers_after_a_change(client, question, answer):
    answers = finished(CONCERN)
    put_answers(client, answers)
    response = client.post(QUESTION_URLS[question], {"answer": answer})
    assert response["Location"] == "/check-your-answers"
    assert stored(client) == answers.with_answer(question, answer).to_session()


def test_it_asks_for_the_date_of_a_new_event_then_comes_back_to_check_your_answers(client):
    answers = finished(CONCERN)  # assessment-requested, decision-notice-sent
    put_answers(client, answers)
    events = ["assessment-requested", "decision-notice-sent", "mediation-requested"]
    assert client.post("/questions/events", {"answer": events})["Location"] == "/questions/date/3"
    assert stored(client)["dates"] == answers.to_session()["dates"]
    day = TODAY.replace(day=1)
    data = {"answer-day": day.day, "answer-month": day.month, "answer-year": day.year}
    assert client.post("/questions/date/3", data)["Location"] == "/check-your-answers"


def test_it_forgets_the_date_of_an_event_taken_off_the_list(client):
    put_answers(client, finished(CONCERN))
    response = client.post("/questions/events", {"answer": ["decision-notice-sent"]})
    assert response["Location"] == "/check-your-answers"
    assert list(stored(client)["dates"]) == ["decision-notice-sent"]


def test_it_does_not_write_the_session_when_you_only_look(client):
    put_answers(client, finished(CONCERN))
    for question in QUESTIONS:
        response = client.get(QUESTION_URLS[question])
        assert "sessionid" not in response.cookies, question


@override_settings(SEND_REDRESS_TODAY=TODAY)
def test_it_starts_a_session_with_the_first_answer(client):
    assert client.get("/questions/who").status_code == 200
    assert stored(client) is None
    client.post("/questions/who", {"answer": "parent"})
    assert stored(client) == Answers(who="parent").to_session()


def test_the_problems_come_in_groups_that_hold_every_concern_once(client):
    """Issue 15: grouped radios, one question (one fieldset, one name), no script needed."""
    assert sorted(c for _, ids in grouped_concerns() for c in ids) == sorted(CONCERNS)
    put_answers(client, BEFORE["concern"])
    html = client.get("/questions/concern").content.decode()
    headings = re.findall(r'<h2 class="govuk-heading-s app-radios-group" id="group-([^"]+)">', html)
    assert headings == [g for g, _ in grouped_concerns()]
    assert html.count('<fieldset class="govuk-fieldset"') == 1
    assert 'id="answer" name="answer"' in html  # the error summary's link lands here


def test_changing_the_problem_says_which_answers_go_before_they_go(client, assert_valid_html):
    """Issue 15: the events and dates of the old problem are named first, and kept until the
    visitor says yes."""
    answers = finished(CONCERN)
    put_answers(client, answers)
    response = client.post("/questions/concern", {"answer": "ceasing-plan"})
    assert response.status_code == 200
    html = response.content.decode()
    assert h1(html) == "Change the problem?"
    dropped = re.search(r"<ul [^>]*data-dropped>(.*?)</ul>", html, re.S).group(1)
    content = load_content()
    for event in answers.events or ():
        assert content.events[event].label.replace("'", "&#39;") in dropped
        assert long_date(answers.dates[event]) in dropped
    assert '<input type="hidden" name="answer" value="ceasing-plan">' in html
    assert '<input type="hidden" name="confirm" value="yes">' in html
    assert 'href="/check-your-answers"' in html  # keep the old problem
    assert stored(client) == answers.to_session()  # nothing dropped yet
    assert_valid_html(html, name="change the problem")
    response = client.post("/questions/concern", {"answer": "ceasing-plan", "confirm": "yes"})
    assert response["Location"] == "/questions/events"
    assert stored(client)["dates"] == {}


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_change_link_from_check_your_answers_goes_back_there(client, question):
    """With every answer given, each question's back link, and Continue with the same answer,
    return to check your answers."""
    answers = finished(CONCERN)
    put_answers(client, answers)
    html = client.get(f"/questions/{question}").content.decode()
    assert 'href="/check-your-answers" class="govuk-back-link"' in html
    value = getattr(answers, question)
    data = {"answer": list(value)} if question == "events" else {"answer": value}
    assert client.post(f"/questions/{question}", data)["Location"] == "/check-your-answers"
    date_page = client.get("/questions/date/1").content.decode()
    assert 'href="/check-your-answers" class="govuk-back-link"' in date_page
