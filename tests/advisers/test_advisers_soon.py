"""The caseload's "due soon" (send_redress.SOON_DAYS): a case whose next deadline is 14 days
away is due soon, one 15 days away is not; the count and the filter agree."""

from __future__ import annotations

from datetime import timedelta

import pytest

from send_redress import SOON_DAYS
from tests.personas import CASES_TODAY
from web.advisers import caseload as cl
from web.advisers.models import Membership, Share
from web.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("days", "soon"), [(0, True), (SOON_DAYS, True), (SOON_DAYS + 1, False)])
def test_due_soon_ends_on_the_last_day_of_the_window(case, adviser, bedford, days, soon):
    Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    Case.objects.filter(pk=case.pk).update(next_deadline=CASES_TODAY + timedelta(days=days))
    membership = Membership.objects.get(user=adviser)
    shares = cl.base(membership)
    assert cl.counts(shares, CASES_TODAY)["soon"] == int(soon)
    filters = cl.Filters.from_query({"status": "soon"}, membership, set())
    assert cl.filtered(shares, filters, CASES_TODAY).exists() is soon
