"""The advisers' daily digest: one line per case that needs them (issue 18), once a day,
through the one outbox (issue 11)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.personas import client_for, shows
from web.advisers.caseload import case_ref
from web.reminders import service
from web.reminders.models import Digest, Preferences

from .conftest import BASE_URL, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def bedford(db):
    from web.advisers.models import Organisation

    return Organisation.objects.create(name="Bedford SENDIASS")


def member(make_user, email, organisation, role="adviser"):
    from web.advisers.models import Membership

    user = make_user(email)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def adviser(make_user, bedford):
    return member(make_user, "alex@bedford.example", bedford)


def shared(case, organisation, adviser=None):
    from web.advisers import services
    from web.advisers.models import Membership

    share = services.share(case, organisation, by=case.owner)
    if adviser is not None:
        services.assign(share, Membership.objects.get(user=adviser), by=adviser)
    return share


def digests(smtp, to):
    return [m for m in smtp.messages if m["To"] == to]


def test_an_adviser_gets_one_digest_a_day_of_their_cases(smtp, make_case, bedford, adviser):
    soon = make_case(3)
    later = make_case(10)
    far = make_case(30)
    for case in (soon, later, far):
        shared(case, bedford, adviser)
    not_mine = make_case(5)
    shared(not_mine, bedford)  # shared with the organisation, not assigned to this adviser
    result = service.run(TODAY)
    assert result.digests_sent == 1
    [message] = digests(smtp, "alex@bedford.example")
    assert message["Subject"] == "Your caseload today: 2 cases to look at"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = message.get_body(("plain",)).get_content()
    assert body.index(case_ref(soon.public_id)) < body.index(case_ref(later.public_id))
    assert case_ref(far.public_id) not in body
    assert case_ref(not_mine.public_id) not in body
    # One line per case: its reference, what is next, whose, when, and the link.
    [line] = [x for x in body.splitlines() if x.startswith(case_ref(soon.public_id))]
    assert "for the council: 4 February 2027 (in 3 days)" in line
    assert line.endswith(f"{BASE_URL}/adviser/cases/{soon.public_id}/")
    assert not shows(body, "Sam") and not shows(body, "Jones")  # no child is named
    assert Digest.objects.get().cases == 2
    # Again the same day, and by a second run: nothing more.
    assert service.run(TODAY).digests_sent == 0
    assert len(digests(smtp, "alex@bedford.example")) == 1
    # The next day, a new digest.
    assert service.run(TODAY + timedelta(days=1)).digests_sent == 1


def test_the_organisation_admin_sees_every_shared_case(smtp, make_case, make_user, bedford):
    admin = member(make_user, "lead@bedford.example", bedford, role="admin")
    shared(make_case(5), bedford)
    shared(make_case(6), bedford)
    service.run(TODAY)
    [message] = digests(smtp, admin.email)
    assert message["Subject"] == "Your caseload today: 2 cases to look at"
    body = message.get_body(("plain",)).get_content()
    assert "2 of them are not assigned." in body
    assert body.count("Not assigned to an adviser.") == 2


def test_met_deadlines_closed_cases_and_revoked_shares_are_left_out(
    smtp, make_case, bedford, adviser
):
    from web.advisers import services as advisers
    from web.cases import services

    met = make_case(5)
    services.add_event(met, by=met.owner, kind="decision-notice-sent", day=TODAY)
    closed = make_case(5)
    closed.closed_at = timezone.now()
    closed.save()
    revoked = make_case(5)
    for case in (met, closed, revoked):
        shared(case, bedford, adviser)
    advisers.revoke(revoked.shares.get(), by=revoked.owner)
    result = service.run(TODAY)
    assert result.digests_sent == 0
    assert digests(smtp, adviser.email) == []
    assert Digest.objects.get().cancel_reason == "nothing-due"


def test_a_refused_digest_is_retried_and_yesterdays_is_dropped(
    smtp, make_case, bedford, adviser, caplog
):
    shared(make_case(5), bedford, adviser)
    smtp.refuse = "451 4.3.0 Try again later"
    with caplog.at_level(logging.WARNING, logger="web.reminders"):
        result = service.run(TODAY)
    assert result.digests_sent == 0
    assert "digest" in caplog.text and adviser.email not in caplog.text
    digest = Digest.objects.get()
    assert (digest.status, digest.last_error) == (Digest.PENDING, "SMTPDataError 451")
    smtp.refuse = None
    service.run(TODAY)
    digest.refresh_from_db()
    assert digest.status == Digest.SENT
    assert len(digests(smtp, adviser.email)) == 1

    smtp.refuse = "451 4.3.0 Try again later"
    service.run(TODAY + timedelta(days=1))
    smtp.refuse = None
    service.run(TODAY + timedelta(days=2))
    stale = Digest.objects.get(day=TODAY + timedelta(days=1))
    assert (stale.status, stale.cancel_reason) == (Digest.CANCELLED, "stale")


def test_unsubscribing_from_the_digest_stops_it_but_not_reminders(
    client, smtp, make_case, bedford, adviser
):
    shared(make_case(5), bedford, adviser)
    service.run(TODAY)
    [message] = digests(smtp, adviser.email)
    url = message["List-Unsubscribe"].strip().strip("<>").removeprefix(BASE_URL)
    client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    prefs = Preferences.objects.get(user=adviser)
    assert (prefs.adviser_digest, prefs.deadline_reminders) == (False, True)
    assert service.run(TODAY + timedelta(days=1)).digests_sent == 0
    assert not Digest.objects.filter(day=TODAY + timedelta(days=1)).exists()


def test_advisers_choose_the_digest_on_the_preferences_page(adviser, parent, assert_valid_html):
    from tests.personas import signed_in_with_code

    client = signed_in_with_code(adviser)  # advisers sign in with a second factor
    page = client.get(reverse("reminders:preferences"))
    assert b"daily digest of your caseload" in page.content
    assert_valid_html(page.content, name="preferences for an adviser")
    assert b"daily digest" not in client_for(parent).get(reverse("reminders:preferences")).content
    response = client.post(
        reverse("reminders:preferences"),
        {
            "deadline_reminders": "yes",
            "days_before": ["7"],
            "include_child_name": "yes",
            "adviser_digest": "no",
        },
    )
    assert response.status_code == 302
    prefs = Preferences.objects.get(user=adviser)
    assert (prefs.adviser_digest, prefs.days_before) == (False, [7])


def test_late_council_duties_and_passed_family_deadlines_are_in_the_digest(
    smtp, make_case, bedford, adviser
):
    from web.cases import services

    late = make_case(-30)  # the council's decision on assessing was due 30 days ago
    passed = make_case(-200)
    services.add_event(
        passed, by=passed.owner, kind="decision-notice-sent", day=TODAY - timedelta(days=100)
    )
    for case in (late, passed):
        shared(case, bedford, adviser)
    assert service.run(TODAY).digests_sent == 1
    body = digests(smtp, adviser.email)[0].get_body(("plain",)).get_content()
    [late_line] = [x for x in body.splitlines() if x.startswith(case_ref(late.public_id))]
    assert "Push: the council is 4 weeks late" in late_line
    [passed_line] = [x for x in body.splitlines() if x.startswith(case_ref(passed.public_id))]
    assert passed_line.count("Check: did the family do") == 1
    assert "Next:" not in passed_line  # a passed deadline is never the next one


def test_the_digest_stops_after_failures_in_a_row_like_reminders(
    smtp, make_case, make_user, parent, bedford
):
    """Issue 11: the digest's loop had no stop; now both go through one outbox delivery."""
    from web.reminders import outbox

    Preferences.objects.create(user=parent, deadline_reminders=False)  # digests only
    people = [
        member(make_user, f"adviser{i}@bedford.example", bedford)
        for i in range(outbox.MAX_CONSECUTIVE_FAILURES + 2)
    ]
    for person in people:
        shared(make_case(5), bedford, person)
    smtp.refuse = "451 4.3.0 Try again later"
    result = service.run(TODAY)
    assert result.stopped_early and result.digests_failed == outbox.MAX_CONSECUTIVE_FAILURES
    assert Digest.objects.filter(attempts=1).count() == outbox.MAX_CONSECUTIVE_FAILURES
    assert Digest.objects.filter(attempts=0).count() == 2  # left for the next run
    assert Digest.objects.filter(status=Digest.PENDING).count() == len(people)
    smtp.refuse = None
    assert service.run(TODAY).digests_sent == len(people)


@pytest.mark.django_db
def test_a_long_digest_lists_the_first_cases_and_sends_to_the_caseload_for_the_rest(adviser):
    """An organisation admin with thousands of shared cases: the first MOST_LINES (today's
    first, as given), then how many more and the caseload's address."""
    from web.reminders.digest import MOST_LINES, Line, message_for

    lines = [
        Line(case_ref=f"REF{i:04d}", text="Next: a deadline.", case_url=f"{BASE_URL}/c/{i}")
        for i in range(MOST_LINES + 7)
    ]
    body = message_for(adviser, lines, TODAY).body
    listed = [line for line in body.splitlines() if line.startswith("REF")]
    assert listed == [f"REF{i:04d}: Next: a deadline. {BASE_URL}/c/{i}" for i in range(MOST_LINES)]
    assert "And 7 more. See them all on your caseload:" in body
    assert reverse("advisers:caseload") in body
    short = message_for(adviser, lines[:3], TODAY).body
    assert "more. See them all" not in short and short.count("REF") == 3
