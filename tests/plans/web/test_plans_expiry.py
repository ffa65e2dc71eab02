"""A visitor's scan results last an hour; a case's scans are the case's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from web.plans.models import PlanScan

pytestmark = pytest.mark.django_db


def test_a_visitors_scan_results_are_deleted_after_an_hour_but_a_cases_are_not(case):
    old = timezone.now() - timedelta(minutes=61)
    PlanScan.objects.create(owner_key="a", options={}, result={"x": 1}, created_at=old)
    fresh = PlanScan.objects.create(owner_key="b", options={}, result={"x": 1})
    kept = PlanScan.objects.create(owner_key="c", options={}, case=case, created_at=old)
    PlanScan.remove_expired()
    assert set(PlanScan.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}
