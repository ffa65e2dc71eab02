"""The benchmark's data builder (web.reports.bulk), small: what bench/reports.py measures."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from web.advisers.models import Contact, Organisation
from web.cases.models import Case
from web.reports import figures
from web.reports.models import CaseClock, PublicConsent

pytestmark = pytest.mark.django_db


def test_the_builder_makes_cases_contacts_clocks_and_consents():
    call_command(
        "build_reports_bench", "--cases=40", "--events=200", "--contacts=300", "--advisers=3"
    )
    org = Organisation.objects.get(name="Reports Bench SENDIASS")
    assert Case.objects.count() == 40 and Contact.objects.filter(organisation=org).count() == 300
    assert Contact.objects.filter(case__isnull=True).count() == 60
    assert CaseClock.objects.exists() and PublicConsent.objects.count() == 14
    year = figures.service_report(
        org.pk, org.name, date(2026, 2, 1), date(2027, 1, 31), date(2027, 2, 1)
    )
    assert 0 < year.totals.contacts < 300
    assert sum(n for _, n in year.tables[0].rows) == year.totals.contacts
