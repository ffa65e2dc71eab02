"""Cases: creating one, the timeline, deadlines recomputed from events, GOV.UK errors."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from send_redress import load_content
from tests.personas import add_event, dashboard, deadline_due, new_case
from web.cases.models import Case, Event

pytestmark = pytest.mark.django_db

NEW_CASE = {
    "child_name": "Sam",
    "date_of_birth-day": "27",
    "date_of_birth-month": "3",
    "date_of_birth-year": "2015",
    "setting": "maintained-school",
    "council": "bedford",
    "concern": "refused-assessment",
}


def test_a_parent_creates_a_case(owner_client, owner):
    response = owner_client.post(reverse("cases:new"), NEW_CASE)
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:dashboard", args=[case.public_id])
    assert case.owner == owner and case.child_date_of_birth == date(2015, 3, 27)
    html = dashboard(owner_client, case)
    assert '<h1 class="govuk-heading-l">Sam</h1>' in html
    assert "Nothing on the timeline yet." in html


def test_the_case_form_offers_every_council_and_names_the_one_chosen(owner_client):
    html = owner_client.get(reverse("cases:new")).content.decode()
    select = html[html.index('<select class="govuk-select') : html.index("</select>")]
    offered = re.findall(r'<option value="([^"]*)"', select)
    assert offered == ["", *load_content().councils, "england"]
    luton = load_content().councils["luton"]
    assert luton.id not in load_content().local_authorities  # no pack of its own
    owner_client.post(reverse("cases:new"), {**NEW_CASE, "council": luton.id})
    case = Case.objects.get()
    assert case.council == luton.id
    assert f"{luton.name}." in dashboard(owner_client, case)
    edit = owner_client.get(reverse("cases:edit", args=[case.public_id])).content.decode()
    assert f'<option value="{luton.id}" selected>' in edit


@pytest.mark.parametrize(
    ("change", "anchor", "message"),
    [
        ({"child_name": ""}, "child_name", "Enter your child&#39;s name"),
        (
            {"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""},
            "date_of_birth-day",
            "Enter your child&#39;s date of birth",
        ),
        (
            {"date_of_birth-month": ""},
            "date_of_birth-month",
            "Your child&#39;s date of birth must include a month",
        ),
        (
            {"date_of_birth-day": "31", "date_of_birth-month": "2"},
            "date_of_birth-day",
            "Your child&#39;s date of birth must be a real date",
        ),
        (
            {"date_of_birth-year": "2030"},
            "date_of_birth-day",
            "Your child&#39;s date of birth must be today or in the past",
        ),
        ({"setting": ""}, "setting", "Select where your child goes now"),
        ({"council": "mars"}, "council", "Select the council"),
        ({"concern": ""}, "concern", "Select what the disagreement is about"),
    ],
)
def test_case_form_errors(owner_client, change, anchor, message):
    response = owner_client.post(reverse("cases:new"), {**NEW_CASE, **change})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="#{anchor}">{message}</a>' in html
    assert html.count(message) == 2  # in the summary and by the field
    assert not Case.objects.exists()


def test_adding_an_event_recomputes_the_deadlines(owner_client, case):
    before = dashboard(owner_client, case)
    assert deadline_due(before, "tribunal-appeal") is None
    response = add_event(owner_client, case, who="SEN team", what="They said no.")
    assert response.status_code == 302
    after = dashboard(owner_client, case)
    assert deadline_due(after, "tribunal-appeal") == "2027-02-11"
    assert "They said no." in after and "by SEN team" in after
    # A later decision letter moves the deadline: the latest of a type counts.
    add_event(owner_client, case, date=date(2027, 1, 15))
    assert deadline_due(dashboard(owner_client, case), "tribunal-appeal") == "2027-03-15"
    # Deleting it moves the deadline back.
    later = case.events.get(date=date(2027, 1, 15))
    owner_client.post(reverse("cases:event_delete", args=[case.public_id, later.pk]))
    assert deadline_due(dashboard(owner_client, case), "tribunal-appeal") == "2027-02-11"


def test_notes_start_no_clock_and_need_words(owner_client, case):
    response = add_event(owner_client, case, kind="note", what="")
    assert "Enter what happened" in response.content.decode()
    add_event(owner_client, case, kind="note", what="Phoned the SENCo", date=date(2027, 1, 2))
    html = dashboard(owner_client, case)
    assert "Phoned the SENCo" in html and deadline_due(html, "tribunal-appeal") is None


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2015, 3, 26), "The date must be on or after Sam&#39;s date of birth, 27 March 2015"),
        (
            date(2027, 2, 2),
            "The date on the council&#39;s decision letter must be today or in the past",
        ),
    ],
)
def test_an_event_before_birth_or_in_the_future_is_refused(owner_client, case, day, message):
    response = add_event(owner_client, case, date=day)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="#date-day">{message}</a>' in html
    assert 'id="date-error"' in html
    assert Event.objects.filter(case=case).count() == 1


def test_a_decision_letter_before_the_request_is_refused_naming_both_dates(owner_client, case):
    """Issue 15: the one rule list (registry.yaml not_before) the journey and engine share."""
    response = add_event(owner_client, case, date=date(2026, 9, 30))
    html = response.content.decode()
    message = (
        "The date on the council&#39;s decision letter must be on or after 1 October 2026, "
        "the date of the request for an assessment"
    )
    assert f'<a href="#date-day">{message}</a>' in html
    assert Event.objects.filter(case=case).count() == 1
    assert add_event(owner_client, case, date=date(2026, 10, 1)).status_code == 302


def test_changing_a_request_to_after_its_decision_letter_is_refused(owner_client, case):
    add_event(owner_client, case, date=date(2026, 12, 11))
    request = case.events.get(kind="assessment-requested")
    url = reverse("cases:event_edit", args=[case.public_id, request.pk])
    data = {"kind": "assessment-requested", "date-day": "12", "date-month": "12"}
    response = owner_client.post(url, {**data, "date-year": "2026", "who": "", "what": ""})
    message = (
        "The date of the request for an assessment must be on or before 11 December 2026, "
        "the date on the council&#39;s decision letter"
    )
    assert message in response.content.decode()
    request.refresh_from_db()
    assert request.date == date(2026, 10, 1)


def test_the_case_page_lists_deadlines_by_date_with_late_ones_marked(owner_client, case):
    """Issue 15: in date order, as on the result page; a council deadline met late says so.
    The request on 1 October 2026; the decision on 11 December is after the 6 weeks."""
    add_event(owner_client, case)
    html = dashboard(owner_client, case)
    dues = re.findall(
        r'<li class="app-deadline[^"]*" data-deadline-id="[^"]+" data-due="([\d-]+)"', html
    )
    assert len(dues) > 1 and dues == sorted(dues)
    item = re.search(r'<li [^>]*data-deadline-id="assessment-decision".*?</li>', html, re.S)
    assert (
        item and "Late:</strong>" in item.group(0) and "done on 11 December 2026" in item.group(0)
    )
    assert "How we worked this out" in item.group(0)


def test_changing_an_event(owner_client, case):
    event = case.events.get()
    url = reverse("cases:event_edit", args=[case.public_id, event.pk])
    page = owner_client.get(url).content.decode()
    assert 'value="2026"' in page
    response = owner_client.post(
        url,
        {
            "kind": "assessment-requested",
            "date-day": "2",
            "date-month": "10",
            "date-year": "2026",
            "who": "Me",
            "what": "Sent by email",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.date, event.who) == (date(2026, 10, 2), "Me")


def test_the_date_of_birth_cannot_move_after_the_first_event(owner_client, case):
    response = owner_client.post(
        reverse("cases:edit", args=[case.public_id]),
        {**NEW_CASE, "date_of_birth-year": "2026", "date_of_birth-month": "12"},
    )
    assert (
        "Your child&#39;s date of birth must be on or before 1 October 2026, "
        "the date of the first event"
    ) in (response.content.decode())


def test_case_pages_are_valid_html_with_no_inline_styles(owner_client, case, assert_valid_html):
    add_event(owner_client, case, who="SEN team", what="Refused.\nSecond line.")
    event = case.events.latest("id")
    urls = {
        "index": reverse("cases:index"),
        "new": reverse("cases:new"),
        "dashboard": reverse("cases:dashboard", args=[case.public_id]),
        "edit": reverse("cases:edit", args=[case.public_id]),
        "event-new": reverse("cases:event_new", args=[case.public_id]),
        "event-edit": reverse("cases:event_edit", args=[case.public_id, event.pk]),
        "event-delete": reverse("cases:event_delete", args=[case.public_id, event.pk]),
        "document-new": reverse("cases:document_new", args=[case.public_id]),
        "calendar-feed": reverse("cases:calendar_feed", args=[case.public_id]),
        "delete": reverse("cases:delete", args=[case.public_id]),
    }
    for name, url in urls.items():
        html = owner_client.get(url).content
        assert b"style=" not in html and b"<style" not in html, name
        assert_valid_html(html, name=name)
    errors = add_event(owner_client, case, date=date(2030, 1, 1))
    assert_valid_html(errors.content, name="event-errors")
    errors = owner_client.post(reverse("cases:new"), {})
    assert_valid_html(errors.content, name="case-errors")


def test_the_timeline_uses_the_moj_pattern(owner_client, case):
    html = dashboard(owner_client, case)
    assert '<div class="moj-timeline">' in html
    assert 'class="moj-timeline__title"' in html
    assert '<time datetime="2026-10-01">1 October 2026</time>' in html


def test_case_and_account_pages_are_plain_english(owner_client, case, assert_readable):
    add_event(owner_client, case, who="SEN team", what="They said no.")
    urls = [
        reverse("cases:index"),
        reverse("cases:new"),
        reverse("cases:dashboard", args=[case.public_id]),
        reverse("cases:event_new", args=[case.public_id]),
        reverse("cases:document_new", args=[case.public_id]),
        reverse("cases:calendar_feed", args=[case.public_id]),
        reverse("cases:delete", args=[case.public_id]),
        reverse("accounts:account"),
        reverse("accounts:delete"),
        reverse("accounts:sign_out_everywhere"),
    ]
    for url in urls:
        assert_readable(owner_client.get(url).content, name=url)


def test_closing_and_reopening_a_case(owner_client, case, assert_valid_html):
    url = reverse("cases:close", args=[case.public_id])
    assert owner_client.get(url).status_code == 405
    owner_client.post(url, {"action": "close"})
    case.refresh_from_db()
    assert case.closed_at is not None
    html = dashboard(owner_client, case)
    assert "You closed this case on" in html
    assert_valid_html(html.encode(), name="closed-dashboard")
    owner_client.post(url, {"action": "reopen"})
    case.refresh_from_db()
    assert case.closed_at is None


def test_the_current_round_comes_first_and_earlier_rounds_are_folded(
    owner_client, owner, assert_valid_html
):
    """Issue 14: a case holds several rounds (one per decision letter, as the engine counts
    them); the dashboard shows the current one first and folds the earlier ones, and every
    entry says which round it belongs to."""
    from send_redress import round_starts
    from web.cases.deadlines import facts_for

    case = new_case(
        owner,
        events=[
            ("assessment-requested", date(2026, 1, 5)),
            ("decision-notice-sent", date(2026, 2, 10)),
            ("mediation-requested", date(2026, 3, 1)),
            ("assessment-requested", date(2026, 9, 1)),
            ("decision-notice-sent", date(2026, 10, 12)),
        ],
    )
    assert round_starts(facts_for(case, case.events.all())) == (
        date(2026, 2, 10),
        date(2026, 10, 12),
    )
    html = dashboard(owner_client, case)
    assert_valid_html(html, name="dashboard with two rounds")
    timeline = html[html.index('id="timeline"') :]
    current = timeline.index('data-round-heading="2"')
    first = timeline.index('<details class="govuk-details" data-round="1"')
    before = timeline.index('<details class="govuk-details" data-round="0"')
    assert current < first < before
    assert "Round 2: from 12 October 2026" in timeline[current : current + 300]
    assert "(now)" in timeline[current : current + 300]
    # Each entry is tagged with its round: the second request is round 1's (it answers the
    # first decision), the mediation request too; the first request came before any round.
    rounds = re.findall(r'data-round="(\d)">(Round \d|Before round 1)</p>', timeline)
    assert sorted(rounds) == sorted(
        [
            ("2", "Round 2"),
            ("1", "Round 1"),
            ("1", "Round 1"),
            ("1", "Round 1"),
            ("0", "Before round 1"),
        ]
    )


def test_a_case_with_one_round_is_not_folded(owner_client, case):
    html = dashboard(owner_client, case)
    assert 'govuk-details__summary-text">Round' not in html
    assert "data-round-heading" not in html


def test_the_case_list_marks_closed_cases(owner_client, case):
    owner_client.post(reverse("cases:close", args=[case.public_id]), {"action": "close"})
    html = owner_client.get(reverse("cases:index")).content.decode()
    item = html[html.index("<li data-closed>") :]
    assert item.index("Sam") < item.index(
        '<strong class="govuk-tag govuk-tag--grey">Closed</strong>'
    )
    owner_client.post(reverse("cases:close", args=[case.public_id]), {"action": "reopen"})
    assert "data-closed" not in owner_client.get(reverse("cases:index")).content.decode()


def test_a_planned_school_holiday_can_be_in_the_future_and_moves_the_school_days(
    owner_client, owner
):
    """Issue 14: school days leave out the school's holidays, which the parent may add before
    they come (`may_be_future`); an exclusion itself cannot be dated in the future. Excluded
    Fri 22 January 2027: 15 weekdays end Fri 12 February; with half term 8 to 12 February
    given, the 15th school day is Fri 19 February."""

    case = new_case(
        owner, concern="exclusion", events=[("permanently-excluded", date(2027, 1, 22))]
    )
    assert deadline_due(dashboard(owner_client, case), "reinstatement-permanent") == "2027-02-12"
    refused = add_event(owner_client, case, kind="permanently-excluded", date=date(2027, 2, 8))
    assert "must be today or in the past" in refused.content.decode()
    for kind, day in (("school-holiday-starts", 8), ("school-holiday-ends", 12)):
        response = add_event(owner_client, case, kind=kind, date=date(2027, 2, day))
        assert response.status_code == 302
    assert deadline_due(dashboard(owner_client, case), "reinstatement-permanent") == "2027-02-19"
