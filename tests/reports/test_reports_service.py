"""A service's report (issue 20 item 2): organisation admins only, every one in the report log,
the figures right on the page, in the CSV and in the XLSX, with a fixed number of queries."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.personas import client_for, shows, signed_in_with_code
from web.advisers.models import Contact, Share
from web.reports import figures
from web.reports.models import ReportLog

from .conftest import clock_case

pytestmark = pytest.mark.django_db

# The whole of January to March 2027 (today in the tests is 1 February 2027).
QUARTER = {"start-day": "1", "start-month": "1", "start-year": "2027", "end-day": "31", "end-month": "3", "end-year": "2027"}  # fmt: skip


def contact(org, author, day, **fields):
    values = {
        "kind": "call",
        "minutes": 30,
        "outcome": "signposted",
        "concern": "refused-assessment",
        "council": "bedford",
        "setting": "maintained-school",
        "what": "private words",
    }
    values.update(fields)
    return Contact.objects.create(
        organisation=org, author=author, author_label="x", date=day, **values
    )


@pytest.fixture
def contacts(bedford, luton, adviser, owner):
    case = clock_case(owner)  # its decision was missed in October 2026
    Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    made = [
        contact(
            bedford, adviser, date(2027, 1, 5), case=case, stage="mediation", outcome="mediation"
        ),
        contact(bedford, adviser, date(2027, 1, 20), kind="email", case=case),
        contact(bedford, adviser, date(2027, 1, 31), kind="meeting", council="luton", setting=""),
        contact(bedford, adviser, date(2026, 12, 31)),  # before the period
        contact(luton, adviser, date(2027, 1, 10)),  # another service's
    ]
    return case, made


def test_the_figures(bedford, contacts):
    report = figures.service_report(
        bedford.pk, "Bedford SENDIASS", date(2027, 1, 1), date(2027, 3, 31), date(2027, 2, 1)
    )
    tables = {t.id: dict(t.rows) for t in report.tables}
    assert tables["month"] == {"January 2027": 3, "February 2027": 0, "March 2027": 0}
    assert tables["quarter"] == {"January to March 2027": 3}
    assert tables["channel"] == {"Phone call": 1, "Email": 1, "Meeting": 1, "Visit": 0}
    outcomes = {k: v for k, v in tables["outcome"].items() if v}
    assert outcomes == {"Mediation": 1, "Signposted elsewhere": 2} and len(tables["outcome"]) == 7
    assert tables["stage"] == {"Contact the mediation adviser": 1, "Not recorded": 2}
    assert tables["council"] == {"Bedford Borough Council": 2, "Luton Borough Council": 1}
    assert tables["setting"]["Not recorded"] == 1
    assert (
        report.totals.contacts,
        report.totals.minutes,
        report.totals.cases,
        report.totals.enquiries,
    ) == (3, 90, 1, 1)
    assert report.clocks == ()  # the missed decision was due in October 2026, before the period
    autumn = figures.service_report(
        bedford.pk, "B", date(2026, 10, 1), date(2026, 12, 31), date(2027, 2, 1)
    )
    missed = [r for r in autumn.clocks if r.clock == "Council decides whether to assess"]
    assert [(r.council, r.met, r.late, r.missed) for r in missed] == [
        ("Bedford Borough Council", 0, 0, 1)
    ]


def test_a_case_no_longer_shared_leaves_the_clock_figures(bedford, contacts):
    case, _ = contacts
    Share.objects.filter(case=case).update(revoked_at="2027-01-30T10:00:00Z")
    autumn = figures.service_report(
        bedford.pk, "B", date(2026, 10, 1), date(2026, 12, 31), date(2027, 2, 1)
    )
    assert autumn.clocks == ()
    # The service's own contact record stays in its counts.
    assert autumn.totals.contacts == 1


@pytest.mark.parametrize("persona", ["owner", "adviser", "colleague", "stranger", "site_admin"])
def test_only_an_organisation_admin_sees_a_report(request, persona, contacts):
    person = request.getfixturevalue(persona)
    client = client_for(person) if persona == "owner" else signed_in_with_code(person)
    for name in ("reports:service", "reports:service_csv", "reports:service_xlsx"):
        assert client.get(reverse(name), QUARTER).status_code == 404
    assert not ReportLog.objects.exists()


def test_the_admin_s_report_page_csv_and_xlsx(org_admin, contacts, assert_valid_html):
    from openpyxl import load_workbook

    lead = signed_in_with_code(org_admin)
    page = lead.get(reverse("reports:service"), QUARTER)
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert_valid_html(html, name="service report")
    assert html.count('<svg class="app-chart"') == 9  # 8 groupings and the missed clocks
    assert "Phone call: 1</text>" in html and ">Phone call</th>" in html
    assert "private words" not in html and not shows(html, "Sam")
    csv_text = lead.get(reverse("reports:service_csv"), QUARTER).content.decode()
    assert "Contacts by channel,Contacts\r\nPhone call,1\r\n" in csv_text
    xlsx = lead.get(reverse("reports:service_xlsx"), QUARTER)
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert [list(r) for r in book["Channel"].iter_rows(values_only=True)] == [
        ["Channel", "Contacts"],
        ["Phone call", 1],
        ["Email", 1],
        ["Meeting", 1],
        ["Visit", 0],
    ]
    assert book["Channel"]._charts  # a bar chart beside the figures
    assert list(ReportLog.objects.order_by("id").values_list("format", "start", "end")) == [
        ("page", date(2027, 1, 1), date(2027, 3, 31)),
        ("csv", date(2027, 1, 1), date(2027, 3, 31)),
        ("xlsx", date(2027, 1, 1), date(2027, 3, 31)),
    ]
    assert (
        ReportLog.objects.first().actor
        == "lead@bedford.example (organisation admin, Bedford SENDIASS)"
    )


def test_without_a_period_the_report_is_for_the_last_whole_quarter(org_admin, contacts):
    html = signed_in_with_code(org_admin).get(reverse("reports:service")).content.decode()
    assert "report for 1 October 2026 to 31 December 2026" in html
    assert "Council decides whether to assess" in html


def test_a_wrong_period_is_explained(org_admin, contacts):
    lead = signed_in_with_code(org_admin)
    wrong = {**QUARTER, "end-year": "2026"}
    response = lead.get(reverse("reports:service"), wrong)
    assert response.status_code == 400
    assert "The end date must be on or after the start date" in response.content.decode()
    assert not ReportLog.objects.exists()


def test_the_report_log_cannot_be_edited(org_admin, contacts):
    signed_in_with_code(org_admin).get(reverse("reports:service"), QUARTER)
    entry = ReportLog.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        ReportLog.objects.filter(pk=entry.pk).update(actor="someone else")


def test_the_number_of_queries_does_not_grow_with_the_data(bedford, adviser, owner, contacts):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            figures.service_report(
                bedford.pk, "B", date(2026, 1, 1), date(2027, 3, 31), date(2027, 2, 1)
            )
        return len(captured)

    few = queries()
    for i in range(30):
        case = clock_case(owner, late_by=i % 5 - 1, council="luton" if i % 2 else "bedford")
        Share.objects.create(case=case, organisation=bedford, adviser=adviser)
        contact(
            bedford, adviser, date(2026, 1 + i % 12, 1), case=case, kind="visit", concern="delay"
        )
    assert queries() == few == 5
