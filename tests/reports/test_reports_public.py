"""Council accountability (issue 20 item 3): a parent's separate consent, and public figures
from consenting cases only, with no figure drawn from fewer than 10 cases."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.personas import client_for, signed_in_with_code
from web.advisers.models import Share
from web.reports import publication
from web.reports.clocks import LATE, MET, MISSED, outcome
from web.reports.figures import quarter_of
from web.reports.models import PublicConsent
from web.reports.services import give_public_consent, withdraw_public_consent

from .conftest import clock_case

TODAY = date(2027, 2, 1)
CLOCKS = ["assessment-decision", "no-plan-decision", "draft-plan"]


# A clock: which one, its due date (some still to come: today is 1 February 2027) and when it
# was met, if ever. Few clocks and quarters, so that many cells reach 10 and some do not.
clock_rows = st.lists(
    st.tuples(
        st.sampled_from(CLOCKS[:2]),
        st.integers(0, 240),
        st.one_of(st.none(), st.integers(-20, 90)),
    ).map(
        lambda t: (
            t[0],
            date(2026, 7, 1) + timedelta(days=t[1]),
            None if t[2] is None else date(2026, 7, 1) + timedelta(days=t[1] + t[2]),
        )
    ),
    max_size=150,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(clock_rows)
def test_no_published_figure_comes_from_fewer_than_10_cases(rows):
    """Each published count, and each lateness figure, is recounted from the input: at least
    10 cases stand behind it; and a hidden count is really under 10."""
    published = publication.publish(rows, TODAY)
    for row in published:
        behind = [
            outcome(due, met_on, TODAY)
            for clock, due, met_on in rows
            if clock == row.clock and quarter_of(due) == (row.year, row.quarter)
        ]
        for status, shown in ((MET, row.met), (LATE, row.late), (MISSED, row.missed)):
            real = behind.count(status)
            assert shown == real if real >= 10 else shown is None
        if row.late_median is not None:
            assert behind.count(LATE) >= 10 and row.late_spread is not None
        assert any(v is not None for v in (row.met, row.late, row.missed))
    # Nothing is published that no row stood behind, and no total that could undo a hidden cell.
    assert all(not hasattr(row, "total") for row in published)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(clock_rows, st.integers(0, 400), st.integers(0, 400))
def test_the_figures_change_only_when_a_quarter_begins(rows, first, second):
    """Two days of one quarter publish the same figures: a clock falling due, or a council
    acting, shows only from the next quarter, so no day's change points to one family."""
    day, other = date(2026, 7, 1) + timedelta(days=first), date(2026, 7, 1) + timedelta(days=second)
    if quarter_of(day) == quarter_of(other):
        assert publication.publish_as_at(rows, day) == publication.publish_as_at(rows, other)
    start = publication.as_at(day)
    assert start <= day and quarter_of(start) == quarter_of(day) and start.day == 1
    for row in publication.publish_as_at(rows, day):
        assert (row.year, row.quarter) < quarter_of(day)  # only quarters that have ended


def test_a_quarter_counts_its_clocks_as_they_stood_when_it_ended():
    """Due in October, met in January: 'not done' on the figures of 1 January to 31 March,
    'late' from 1 April."""
    due = date(2026, 10, 13)
    rows = [("assessment-decision", due, date(2027, 1, 20)) for _ in range(10)]
    (in_february,) = publication.publish_as_at(rows, date(2027, 2, 1))
    assert (in_february.late, in_february.missed) == (None, 10)
    (in_april,) = publication.publish_as_at(rows, date(2027, 4, 2))
    assert (in_april.late, in_april.missed) == (10, None)


def test_lateness_median_and_spread():
    due = date(2026, 10, 13)
    rows = [("assessment-decision", due, due + timedelta(days=d)) for d in range(1, 13)]
    (row,) = publication.publish(rows, TODAY)
    assert (row.met, row.late, row.missed) == (None, 12, None)
    assert row.late_median == 6.5 and row.late_spread == (3.75, 9.25)


pytestmark_db = pytest.mark.django_db


def consenting_cases(owner, count, *, late_by=None, council="bedford"):
    cases = [
        clock_case(owner, late_by=late_by, council=council, name=f"Child{i}") for i in range(count)
    ]
    for case in cases:
        give_public_consent(case, by=case.owner)
    return cases


def page(council="bedford") -> str:
    return client_for_visitor().get(reverse("reports:council", args=[council])).content.decode()


def client_for_visitor():
    from django.test import Client

    return Client()


def figures_csv(council="bedford") -> list[list[str]]:
    body = client_for_visitor().get(reverse("reports:council_csv", args=[council])).content.decode()
    return list(csv.reader(io.StringIO(body)))


@pytestmark_db
def test_only_consenting_cases_count_and_small_counts_are_hidden(owner, assert_valid_html):
    consenting_cases(owner, 10)  # missed
    consenting_cases(owner, 4, late_by=3)  # late
    for i in range(5):
        clock_case(owner, name=f"NoConsent{i}")  # missed, but the parents did not agree
    html = page()
    assert_valid_html(html, name="council clocks")
    assert "October to December 2026: Council decides whether to assess" in html
    assert 'data-as-at="2027-01-01">These figures are as they were on 1 January 2027.' in html
    rows = figures_csv()
    decision = [r for r in rows if r[2] == "Council decides whether to assess"]
    assert decision == [
        [
            "Bedford Borough Council",
            "October to December 2026",
            "Council decides whether to assess",
            "fewer than 10",
            "fewer than 10",
            "10",
            "fewer than 10",
            "fewer than 10",
            "fewer than 10",
        ]
    ]
    for text in ("Child", "NoConsent", "2026-", "13 October"):
        assert text not in html and text not in str(rows)


@pytestmark_db
def test_withdrawing_consent_removes_the_case_from_the_next_publication(owner):
    cases = consenting_cases(owner, 10)
    assert [r[5] for r in figures_csv()[1:] if r[2] == "Council decides whether to assess"] == [
        "10"
    ]
    withdraw_public_consent(cases[0], by=cases[0].owner)
    assert not [r for r in figures_csv()[1:] if r[2] == "Council decides whether to assess"]
    assert "Not enough families have agreed yet" in page()
    assert PublicConsent.objects.filter(case=cases[0], withdrawn_at__isnull=False).exists()


@pytestmark_db
def test_sharing_with_an_adviser_is_not_consent(owner, bedford, adviser):
    for case in [clock_case(owner, name=f"Shared{i}") for i in range(12)]:
        Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    assert len(figures_csv()) == 1  # the header only


@pytestmark_db
def test_the_parent_gives_and_withdraws_consent(owner, assert_valid_html):
    case = clock_case(owner)
    parent = client_for(owner)
    url = reverse("reports:public_statistics", args=[case.public_id])
    html = parent.get(url).content.decode()
    assert_valid_html(html, name="public statistics consent")
    assert "Your case does not count in the figures." in html
    assert "any number made from fewer than 10 families" in html
    assert parent.post(url, {"consent": "give"}).status_code == 302
    assert PublicConsent.objects.active().filter(case=case).count() == 1
    assert parent.post(url, {"consent": "give"}).status_code == 302  # again: still one
    assert PublicConsent.objects.active().filter(case=case).count() == 1
    assert "Stop counting my case" in parent.get(url).content.decode()
    assert parent.post(url, {"consent": "withdraw"}).status_code == 302
    assert not PublicConsent.objects.active().filter(case=case).exists()
    trail = case.audit_entries.filter(what="whether the case counts in public statistics")
    # Two changes: agreeing again changed nothing, so the trail does not say it did.
    assert trail.filter(action="change").count() == 2


@pytestmark_db
@pytest.mark.parametrize("persona", ["other", "adviser", "org_admin", "site_admin"])
def test_nobody_but_the_parent_can_consent(request, persona, owner, bedford, adviser):
    case = clock_case(owner)
    Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    person = request.getfixturevalue(persona)
    client = client_for(person) if persona == "other" else signed_in_with_code(person)
    url = reverse("reports:public_statistics", args=[case.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"consent": "give"}).status_code == 404
    assert not PublicConsent.objects.exists()


@pytestmark_db
def test_an_unknown_council_is_not_found():
    client = client_for_visitor()
    assert client.get(reverse("reports:council", args=["atlantis"])).status_code == 404
    assert client.get(reverse("reports:council_csv", args=["atlantis"])).status_code == 404
    assert "Bedford Borough Council" in client.get(reverse("reports:councils")).content.decode()


@pytestmark_db
def test_a_council_s_figures_take_one_query_however_many_cases(owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    consenting_cases(owner, 2)
    with CaptureQueriesContext(connection) as few:
        publication.council_rows("bedford", TODAY)
    consenting_cases(owner, 12, late_by=4)
    with CaptureQueriesContext(connection) as many:
        rows = publication.council_rows("bedford", TODAY)
    assert len(few) == len(many) == 1 and rows[0].late == 12
