"""Consent, assignment, notes, the caseload and the audit trail, end to end: a parent shares a
case with Bedford SENDIASS, the admin assigns it, the adviser (with 2FA) sees it by deadline,
the parent revokes it and the adviser can no longer open it, and the parent sees the visits."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.personas import client_for, new_case, share_page, shows, signed_in_with_code
from web.advisers.models import Share
from web.cases import services
from web.cases.models import AuditEntry, Case

from .conftest import contact_form

pytestmark = pytest.mark.django_db


def test_the_whole_story(owner, adviser, org_admin, bedford, assert_valid_html, assert_readable):
    case = new_case(owner)
    parent = client_for(owner)
    html = parent.get(share_page(case)).content.decode()
    assert "Bedford SENDIASS" in html
    assert_valid_html(html, name="sharing")
    assert_readable(html, name="sharing")
    response = parent.post(share_page(case), {"organisation": str(bedford.pk)})
    assert response.status_code == 302
    share = Share.objects.get(case=case)
    assert share.organisation == bedford and share.adviser is None

    # Not yet assigned: the adviser does not see it; the organisation admin does.
    alex = signed_in_with_code(adviser)
    assert str(case.public_id) not in alex.get(reverse("advisers:caseload")).content.decode()
    lead = signed_in_with_code(org_admin)
    html = lead.get(reverse("advisers:caseload")).content.decode()
    assert str(case.public_id) in html
    assert_valid_html(html, name="caseload (admin)")
    assign_url = reverse("advisers:assign", args=[case.public_id])
    assert_valid_html(lead.get(assign_url).content.decode(), name="assign")
    assert lead.post(assign_url, {"adviser": str(adviser.pk)}).status_code == 302
    assert Share.objects.get(pk=share.pk).adviser == adviser

    # Assigned: the adviser sees it in the caseload, with its deadline, and opens it.
    html = alex.get(reverse("advisers:caseload")).content.decode()
    assert str(case.public_id) in html and "11 February 2027" in html
    assert_valid_html(html, name="caseload (adviser)")
    assert_readable(html, name="caseload")
    page = alex.get(reverse("advisers:case", args=[case.public_id]))
    assert page.status_code == 200
    assert_valid_html(page.content.decode(), name="adviser case")
    chronology = alex.get(reverse("cases:chronology_docx", args=[case.public_id]))
    assert chronology.status_code == 200
    assert b"".join(chronology.streaming_content)[:2] == b"PK"

    # A note, marked as an adviser's on the parent's timeline.
    note_url = reverse("advisers:note_new", args=[case.public_id])
    assert_valid_html(alex.get(note_url).content.decode(), name="note form")
    assert alex.post(note_url, contact_form(what="Call the SENCO")).status_code == 302
    dashboard = parent.get(reverse("cases:dashboard", args=[case.public_id])).content.decode()
    assert "Note from an adviser" in dashboard and "Call the SENCO" in dashboard

    # The parent revokes: the next request is refused.
    parent.post(share_page(case), {"revoke": str(share.pk)})
    gone = alex.get(reverse("advisers:case", args=[case.public_id]))
    assert gone.status_code == 410 and b"stopped sharing" in gone.content and not shows(gone, "Sam")
    assert alex.get(reverse("cases:dashboard", args=[case.public_id])).status_code == 404
    assert str(case.public_id) not in alex.get(reverse("advisers:caseload")).content.decode()
    assert lead.get(assign_url).status_code == 404

    # The parent sees who looked.
    trail = parent.get(reverse("advisers:audit", args=[case.public_id])).content.decode()
    assert "alex@bedford.example (adviser, Bedford SENDIASS)" in trail
    assert "lead@bedford.example (organisation admin, Bedford SENDIASS)" in trail
    assert "Looked at the case" in trail and "Changed a note" in trail
    assert_valid_html(trail, name="audit trail")
    assert_readable(trail, name="audit trail")


def test_every_view_and_change_is_recorded(owner, document_root):
    case = new_case(owner)
    client = client_for(owner)
    client.get(reverse("cases:dashboard", args=[case.public_id]))
    client.post(
        reverse("cases:event_new", args=[case.public_id]),
        {"kind": "note", "what": "x", "date-day": "1", "date-month": "1", "date-year": "2027"},
    )
    entries = list(AuditEntry.objects.filter(case=case).order_by("id"))
    assert [(e.action, e.what, e.is_owner) for e in entries] == [
        ("view", "the case", True),
        ("change", "a new event", True),
    ]
    assert entries[0].actor_id == owner.pk and entries[0].at is not None


def test_the_trail_cannot_be_edited(owner):
    case = new_case(owner)
    client_for(owner).get(reverse("cases:dashboard", args=[case.public_id]))
    entry = AuditEntry.objects.get(case=case)
    with pytest.raises(Exception, match="cannot be changed"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor="someone else")
    assert AuditEntry.objects.get(pk=entry.pk).actor == "The parent"


def test_deleting_the_case_deletes_its_trail(owner, document_root):
    case = new_case(owner)
    client = client_for(owner)
    client.get(reverse("cases:dashboard", args=[case.public_id]))
    assert client.post(reverse("cases:delete", args=[case.public_id])).status_code == 302
    assert not AuditEntry.objects.exists() and not Case.objects.exists()


def test_one_active_share_per_organisation(owner, bedford):
    case = new_case(owner)
    Share.objects.create(case=case, organisation=bedford)
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.create(case=case, organisation=bedford)


def test_sharing_needs_a_choice(owner, bedford):
    case = new_case(owner)
    response = client_for(owner).post(share_page(case), {"organisation": ""})
    assert "Select who to share the case with" in response.content.decode()
    response = client_for(owner).post(share_page(case), {"organisation": "999999"})
    assert "Select who to share the case with" in response.content.decode()
    assert not Share.objects.exists()


def test_revoking_someone_elses_share_is_not_found(owner, other, bedford):
    mine, theirs = new_case(owner), new_case(other, name="Jo")
    share = Share.objects.create(case=theirs, organisation=bedford)
    response = client_for(owner).post(share_page(mine), {"revoke": str(share.pk)})
    assert response.status_code == 404
    assert Share.objects.get(pk=share.pk).revoked_at is None


def test_an_admin_cannot_assign_to_another_organisations_adviser(
    owner, bedford, org_admin, stranger
):
    case = new_case(owner)
    Share.objects.create(case=case, organisation=bedford)
    lead = signed_in_with_code(org_admin)
    response = lead.post(
        reverse("advisers:assign", args=[case.public_id]), {"adviser": str(stranger.pk)}
    )
    assert response.status_code == 200 and "Select an adviser" in response.content.decode()
    assert Share.objects.get(case=case).adviser is None


def test_an_adviser_removed_from_the_organisation_loses_access(owner, bedford, adviser):
    case = new_case(owner)
    Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    alex = signed_in_with_code(adviser)
    url = reverse("advisers:case", args=[case.public_id])
    assert alex.get(url).status_code == 200
    adviser.membership.delete()
    assert alex.get(url).status_code == 404


def caseload_world(owner, bedford, adviser, colleague):
    """Five cases with different deadlines and concerns, four shared with Bedford."""
    overdue = new_case(owner, "Ava", events=[("decision-notice-sent", date(2026, 10, 1))])
    soon = new_case(owner, "Ben", events=[("decision-notice-sent", date(2026, 12, 11))])
    later = new_case(
        owner, "Cal", concern="refused-plan", events=[("assessment-requested", date(2027, 1, 20))]
    )
    nothing = new_case(owner, "Dee", events=[])
    private = new_case(owner, "Eve")
    for case in (later, nothing, soon, overdue):
        Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    Share.objects.create(case=private, organisation=bedford, adviser=colleague)
    return overdue, soon, later, nothing, private


def names(html, wanted):
    return sorted((html.index(f">{n}<"), n) for n in wanted if f">{n}<" in html)


def test_the_caseload_is_ordered_by_deadline_and_filters(owner, bedford, adviser, colleague):
    overdue, soon, later, nothing, private = caseload_world(owner, bedford, adviser, colleague)
    for case in (soon, later):
        case.refresh_from_db()
        assert case.next_deadline is not None
    # Ava's appeal deadline has passed: a flag to check, not her next deadline.
    overdue.refresh_from_db()
    assert overdue.next_deadline is None and overdue.family_passed_on == date(2026, 12, 1)
    alex = signed_in_with_code(adviser)
    html = alex.get(reverse("advisers:caseload")).content.decode()
    order = [n for _, n in names(html, ["Ava", "Ben", "Cal", "Dee", "Eve"])]
    assert order == ["Ben", "Cal", "Ava", "Dee"]
    assert 'data-count="total">4<' in html
    assert 'data-count="family-passed">1<' in html and 'data-count="soon">1<' in html
    assert 'data-count="council-late">0<' in html and 'data-count="today">0<' in html

    def shown(query):
        page = alex.get(reverse("advisers:caseload") + query).content.decode()
        return [n for _, n in names(page, ["Ava", "Ben", "Cal", "Dee", "Eve"])]

    assert shown("?status=family-passed") == ["Ava"]
    assert shown("?status=soon") == ["Ben"]
    assert shown("?status=none") == ["Dee"]
    assert shown("?concern=refused-plan") == ["Cal"]
    assert shown("?status=bogus&concern=bogus") == ["Ben", "Cal", "Ava", "Dee"]
    assert shown("?sort=child") == ["Ava", "Ben", "Cal", "Dee"]


def test_the_admin_filters_by_adviser(owner, bedford, adviser, colleague, org_admin):
    caseload_world(owner, bedford, adviser, colleague)
    lead = signed_in_with_code(org_admin)
    page = lead.get(reverse("advisers:caseload") + f"?adviser={colleague.pk}").content.decode()
    assert [n for _, n in names(page, ["Ava", "Ben", "Eve"])] == ["Eve"]
    page = lead.get(reverse("advisers:caseload") + "?adviser=0").content.decode()
    assert "No cases match" in page


def test_an_event_change_moves_the_case_in_the_caseload(owner, bedford, adviser, colleague):
    overdue, soon, *_ = caseload_world(owner, bedford, adviser, colleague)
    event = soon.events.get()
    services.update_event(event, by=owner, kind=event.kind, day=date(2026, 9, 1), who="", what="")
    soon.refresh_from_db()
    # Its appeal deadline is now in the past: no next deadline, a family deadline to check.
    assert soon.next_deadline is None and soon.family_passed_on == date(2026, 11, 2)
    services.delete_event(event, by=owner)
    soon.refresh_from_db()
    assert soon.next_deadline is None and soon.family_passed_on is None


def test_the_csv_has_no_childs_name(owner, bedford, adviser, colleague):
    caseload_world(owner, bedford, adviser, colleague)
    alex = signed_in_with_code(adviser)
    response = alex.get(reverse("advisers:caseload_csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["reference", "concern", "council"]
    assert len(rows) == 5
    assert [r[10] for r in rows[1:]] == ["soon", "later", "none", "none"]
    assert [r[11] for r in rows[1:]] == ["", "", "2026-12-01", ""]
    for name in ("Ava", "Ben", "Cal", "Dee", "Sam", "2015-03-27"):
        assert name not in text
    filtered = b"".join(alex.get(reverse("advisers:caseload_csv") + "?status=family-passed"))
    assert len(list(csv.reader(io.StringIO(filtered.decode())))) == 2


def test_the_caseload_pages(owner, bedford, adviser, settings):
    from web.advisers import caseload

    for i in range(caseload.PAGE_SIZE + 3):
        Share.objects.create(
            case=new_case(owner, f"Child{i:03d}"), organisation=bedford, adviser=adviser
        )
    alex = signed_in_with_code(adviser)
    first = alex.get(reverse("advisers:caseload")).content.decode()
    assert first.count('data-case="') == caseload.PAGE_SIZE and "Next page" in first
    second = alex.get(reverse("advisers:caseload") + "?page=2").content.decode()
    assert second.count('data-case="') == 3 and "Previous page" in second


def test_the_caseload_takes_a_fixed_number_of_queries(
    owner, bedford, adviser, colleague, org_admin, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    caseload_world(owner, bedford, adviser, colleague)
    lead = signed_in_with_code(org_admin)
    with CaptureQueriesContext(connection) as small:
        lead.get(reverse("advisers:caseload"))
    for i in range(20):
        Share.objects.create(case=new_case(owner, f"More{i}"), organisation=bedford)
    with CaptureQueriesContext(connection) as big:
        lead.get(reverse("advisers:caseload"))
    assert len(big) == len(small) <= 11, [q["sql"] for q in big]


def test_the_today_view_and_the_digest_take_a_fixed_number_of_queries(
    owner, bedford, adviser, colleague, org_admin
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.personas import CASES_TODAY as TODAY
    from web.reminders.digest import lines_for

    caseload_world(owner, bedford, adviser, colleague)
    lead = signed_in_with_code(org_admin)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert lead.get(reverse("advisers:today")).status_code == 200
        with CaptureQueriesContext(connection) as digest:
            lines_for(org_admin, TODAY)
        return len(page), len(digest)

    small = count()
    for i in range(20):
        Share.objects.create(case=new_case(owner, f"More{i}"), organisation=bedford)
    assert count() == small


def test_the_parent_finds_sharing_and_the_trail_on_the_dashboard(owner, assert_valid_html):
    case = new_case(owner)
    html = client_for(owner).get(reverse("cases:dashboard", args=[case.public_id])).content
    html = html.decode()
    assert share_page(case) in html
    assert reverse("advisers:audit", args=[case.public_id]) in html
    assert_valid_html(html, name="dashboard with adviser links")


def test_the_csv_carries_no_formulas(owner, bedford, make_user):
    from tests.personas import member

    tricky = member(make_user, "=cmd@bedford.example", bedford)
    Share.objects.create(case=new_case(owner), organisation=bedford, adviser=tricky)
    text = b"".join(signed_in_with_code(tricky).get(reverse("advisers:caseload_csv"))).decode()
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[4] == "'=cmd@bedford.example"
    assert row[9] == "10"  # days left stay numbers


def test_a_new_session_key_after_the_second_factor(adviser):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.personas import totp_code

    client = client_for(adviser)
    before = client.session.session_key
    device = TOTPDevice.objects.create(user=adviser, name="phone", confirmed=True)
    client.post(reverse("advisers:two_factor_verify"), {"code": totp_code(device)})
    assert client.session.session_key != before
    assert client.get(reverse("advisers:caseload")).status_code == 200


def test_the_adviser_sees_documents_and_deadlines(owner, bedford, adviser, document_root):
    from tests.personas import pdf_bytes, upload

    case = new_case(owner)
    event = case.events.get()
    parent = client_for(owner)
    for data in ({"event": str(event.pk)}, {}):
        parent.post(
            reverse("cases:document_new", args=[case.public_id]),
            {"document": upload("letter.pdf", pdf_bytes(1)), **data},
        )
    Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    html = signed_in_with_code(adviser).get(reverse("advisers:case", args=[case.public_id]))
    text = html.content.decode()
    assert text.count("letter.pdf") == 2 and "Other documents" in text
    assert "11 February 2027" in text  # the tribunal deadline, from the engine
