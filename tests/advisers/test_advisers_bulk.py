"""The benchmark's data builder and the cache rebuild, at a small scale: the same code path as
the 10,000-case benchmark (bench/caseload.py), which `make test` never runs."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.personas import signed_in_with_code
from web.advisers.models import Membership, Organisation, Share
from web.cases.deadlines import cache_values, focus_for
from web.cases.models import Case, Event

pytestmark = pytest.mark.django_db


def built() -> Organisation:
    out = io.StringIO()
    call_command("build_caseload_bench", "--cases=40", "--events=410", "--advisers=3", stdout=out)
    assert "next deadlines" in out.getvalue()
    return Organisation.objects.get(name="Bench SENDIASS")


def test_it_builds_the_caseload_with_the_engines_deadlines():
    org = built()
    assert Case.objects.count() == 40 and Event.objects.count() == 410
    assert Share.objects.filter(organisation=org).count() == 40
    assert Share.objects.filter(organisation=org, adviser=None).count() == 2
    assert Membership.objects.filter(organisation=org).count() == 4
    for case in Case.objects.all():
        # The bulk rebuild stores what the engine's focus gives for each case, one by one.
        expected = cache_values(focus_for(case)[1])
        assert {name: getattr(case, name) for name in expected} == expected
    assert Case.objects.exclude(next_deadline=None).exists()
    with pytest.raises(CommandError):
        call_command("build_caseload_bench", "--cases=1", "--events=1")


def test_refresh_deadlines_rebuilds_a_stale_cache():
    built()
    Case.objects.update(next_deadline=date(2000, 1, 1), next_deadline_kind="stale")
    out = io.StringIO()
    call_command("refresh_deadlines", stdout=out)
    assert out.getvalue().strip() == "40 cases refreshed"
    assert not Case.objects.filter(next_deadline_kind="stale").exists()


def test_the_organisation_admin_sees_the_whole_caseload():
    org = built()
    admin = Membership.objects.get(organisation=org, role="admin").user
    client = signed_in_with_code(admin)
    html = client.get(reverse("advisers:caseload")).content.decode()
    assert 'data-count="total">40<' in html and 'data-count="unassigned">2<' in html
    csv_text = b"".join(client.get(reverse("advisers:caseload_csv")).streaming_content)
    assert len(csv_text.decode().strip().splitlines()) == 41
    assert b"Child " not in csv_text
