"""Acting for the family with their consent (issue 18 item 3): the assigned adviser records an
event, marks a deadline, drafts a letter; each is in the audit trail and the parent sees who
did it. A colleague not assigned, another organisation and a stranger cannot. Once the family
stops sharing, the adviser gets a plain page with their organisation's record, no content."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.letters.cases import CASES
from tests.personas import client_for, new_case, shows, signed_in_with_code
from web.advisers import services as adviser_services
from web.advisers.models import Share
from web.cases.deadlines import facts_for
from web.cases.models import AuditEntry, Case, DeadlineMark, Document, Event
from web.letters.questions import pages_for
from web.letters.testing import page_data

pytestmark = pytest.mark.django_db

LETTER = "mediation-adviser"  # mediation is open after a refusal to assess
DETAILS = CASES[LETTER]["letter"]


@pytest.fixture
def shared(owner, bedford, adviser):
    """Sam's case: the council refused to assess on 11 December 2026; assigned to Alex."""
    case = new_case(
        owner,
        events=[
            ("assessment-requested", date(2026, 11, 2)),
            ("decision-notice-sent", date(2026, 12, 11)),
        ],
    )
    Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    return case


def url(name, case):
    return reverse(f"advisers:{name}", args=[case.public_id])


def changes(case):
    return list(AuditEntry.objects.filter(case=case, action="change").values_list("actor", "what"))


def test_the_adviser_records_the_certificate_and_the_deadlines_follow(shared, owner, adviser):
    alex = signed_in_with_code(adviser)
    before = Case.objects.get(pk=shared.pk)
    assert before.next_deadline_kind == "mediation-adviser-contact"
    page = alex.get(url("event_for_family", shared))
    assert page.status_code == 200 and "marked as added by you" in page.content.decode()
    response = alex.post(
        url("event_for_family", shared),
        {
            "kind": "mediation-requested",
            "date-day": "20",
            "date-month": "1",
            "date-year": "2027",
            "who": "",
            "what": "The family rang the mediation adviser; I was with them",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(case=shared, kind="mediation-requested")
    assert event.author == adviser
    after = Case.objects.get(pk=shared.pk)
    assert after.next_deadline_kind != "mediation-adviser-contact"  # met: the cache moved on
    assert ("alex@bedford.example (adviser, Bedford SENDIASS)", "a new event, for the family") in (
        changes(shared)
    )
    # The parent sees who added it.
    html = client_for(owner).get(reverse("cases:dashboard", args=[shared.public_id])).content
    assert "added by alex@bedford.example (adviser, Bedford SENDIASS)" in html.decode()


def test_the_adviser_marks_a_deadline_dealt_with_and_the_parent_sees_why(shared, owner, adviser):
    alex = signed_in_with_code(adviser)
    empty = alex.post(url("mark_deadline", shared), {"deadline": "tribunal-appeal"})
    assert empty.status_code == 200 and "Enter the reason" in empty.content.decode()
    response = alex.post(
        url("mark_deadline", shared),
        {
            "deadline": "mediation-adviser-contact",
            "state": "not-applicable",
            "reason": "The family does not want to appeal",
        },
    )
    assert response.status_code == 302
    mark = DeadlineMark.objects.get(case=shared)
    assert (mark.deadline_id, mark.due, mark.by) == (
        "mediation-adviser-contact",
        date(2027, 2, 11),
        adviser,
    )
    case = Case.objects.get(pk=shared.pk)
    assert case.next_deadline_kind == "tribunal-appeal"  # the marked one no longer leads
    assert any(what.startswith("a deadline (marked") for _, what in changes(shared))
    html = client_for(owner).get(reverse("cases:dashboard", args=[shared.public_id])).content
    text = html.decode()
    assert "Not applicable" in text and "The family does not want to appeal" in text
    assert "Marked by alex@bedford.example (adviser, Bedford SENDIASS)" in text


def test_the_adviser_drafts_and_saves_a_letter_for_the_family(shared, adviser, document_root):
    alex = signed_in_with_code(adviser)
    case_page = alex.get(url("case", shared)).content.decode()
    start = reverse("cases:letter_start", args=[shared.public_id, LETTER])
    assert f'href="{start}"' in case_page
    facts = facts_for(shared, shared.events.all())
    for page in pages_for(LETTER, facts):
        page_url = reverse("cases:letter_page", args=[shared.public_id, LETTER, page])
        response = alex.post(page_url, page_data(LETTER, page, DETAILS, facts))
        assert response.status_code == 302, response.content.decode()[:2000]
    response = alex.post(reverse("cases:letter_save", args=[shared.public_id, LETTER]))
    assert response.status_code == 302
    saved = Document.objects.filter(case=shared)
    assert saved.count() == 2 and {d.uploaded_by for d in saved} == {adviser}
    assert any(what == "a letter (saved to the case)" for _, what in changes(shared))


@pytest.mark.parametrize("persona", ["colleague", "stranger", "org_admin", "other"])
def test_nobody_else_acts_for_the_family(shared, persona, request):
    user = request.getfixturevalue(persona)
    client = client_for(user) if persona == "other" else signed_in_with_code(user)
    for name in ("event_for_family", "mark_deadline"):
        assert client.get(url(name, shared)).status_code == 404
        response = client.post(
            url(name, shared),
            {"deadline": "tribunal-appeal", "state": "dealt-with", "reason": "x", "kind": "note"},
        )
        assert response.status_code == 404
    start = reverse("cases:letter_start", args=[shared.public_id, LETTER])
    assert client.get(start).status_code == 404
    assert not DeadlineMark.objects.exists()
    assert Event.objects.filter(case=shared).count() == 2


def test_stopped_sharing_shows_the_organisations_record_and_no_content(
    shared, adviser, colleague, stranger
):
    alex = signed_in_with_code(adviser)
    adviser_services.revoke(Share.objects.get(case=shared), by=shared.owner)
    response = alex.get(url("case", shared))
    assert response.status_code == 410
    html = response.content.decode()
    assert "The family has stopped sharing this case" in html
    assert str(shared.public_id).replace("-", "")[:8].upper() in html
    assert "alex@bedford.example" in html
    for content in ("Sam", "assess", "Bedford Borough", "2015"):
        assert content not in html
    # A colleague who never had the case, and another organisation, learn nothing.
    assert signed_in_with_code(colleague).get(url("case", shared)).status_code == 404
    assert signed_in_with_code(stranger).get(url("case", shared)).status_code == 404


def test_sharing_tells_the_organisations_admins(owner, bedford, org_admin, smtp):
    from tests.personas import share_page

    case = new_case(owner)
    response = client_for(owner).post(share_page(case), {"organisation": str(bedford.pk)})
    assert response.status_code == 302
    messages = [m for m in smtp.wait() if m["To"] == org_admin.email]
    ref = str(case.public_id).replace("-", "")[:8].upper()
    assert (
        messages and messages[0]["Subject"] == f"A family shared case {ref} with Bedford SENDIASS"
    )
    assert not shows(messages[0].get_body(("plain",)).get_content(), "Sam")


def test_a_hand_over_keeps_the_note_for_the_organisation_and_tells_the_family(
    shared, owner, adviser, colleague, org_admin, smtp
):
    lead = signed_in_with_code(org_admin)
    response = lead.post(
        url("assign", shared),
        {"adviser": str(colleague.pk), "note": "Tribunal bundle due; mum prefers calls"},
    )
    assert response.status_code == 302
    share = Share.objects.get(case=shared)
    assert share.adviser == colleague and share.handover_note.startswith("Tribunal bundle")
    sam = signed_in_with_code(colleague)
    page = sam.get(url("case", shared)).content.decode()
    assert "mum prefers calls" in page and "Only your organisation sees this note" in page
    sent = smtp.wait(2)
    to_family = [m for m in sent if m["To"] == owner.email]
    assert (
        to_family
        and "is now sam@bedford.example" in to_family[0].get_body(("plain",)).get_content()
    )
    assert all("mum prefers" not in m.get_body(("plain",)).get_content() for m in sent)
    # The family's own page never shows the organisation's note.
    dashboard = client_for(owner).get(reverse("cases:dashboard", args=[shared.public_id]))
    assert "mum prefers calls" not in dashboard.content.decode()


def test_who_has_looked_shows_one_line_per_visit_with_the_document(
    shared, owner, adviser, document_root, assert_valid_html
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    parent = client_for(owner)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    parent.post(
        reverse("cases:document_new", args=[shared.public_id]),
        {"document": SimpleUploadedFile("Decision letter.pdf", pdf, "application/pdf")},
    )
    document = Document.objects.get(case=shared)
    alex = signed_in_with_code(adviser)
    for _ in range(5):  # ten page views in one sitting
        alex.get(url("case", shared))
        response = alex.get(reverse("cases:document", args=[shared.public_id, document.pk]))
        b"".join(response.streaming_content)  # read to the end, which closes the file
    html = parent.get(reverse("advisers:audit", args=[shared.public_id])).content.decode()
    assert_valid_html(html, name="audit trail by visit")
    assert html.count("data-visit=") == 1
    assert html.count("alex@bedford.example (adviser, Bedford SENDIASS)") == 1  # once a visit
    assert "Looked at the case; a document: Decision letter.pdf" in html
    assert "organisation admin sees the cases shared" in html


def test_a_gap_of_half_an_hour_starts_a_new_visit():
    from datetime import datetime, timedelta

    from web.cases.audit import VISIT_GAP_MINUTES, visits

    start = datetime(2027, 2, 1, 9, 0)
    alex, lead = "Alex (adviser, Bedford)", "Lead (organisation admin, Bedford)"

    def entry(minutes, actor, what, action="view"):
        return AuditEntry(
            at=start + timedelta(minutes=minutes), actor=actor, action=action, what=what
        )

    newest_first = [
        entry(VISIT_GAP_MINUTES + 20, alex, "the case"),
        entry(19, alex, "an event", "change"),
        entry(10, alex, "the case"),
        entry(5, lead, "the case"),
        entry(0, alex, "the case"),
    ]
    found = visits(newest_first)
    assert [(v["actor"], v["looked"], v["changed"]) for v in found] == [
        (alex, ["the case"], []),
        (alex, ["the case"], ["an event"]),
        (lead, ["the case"], []),
        (alex, ["the case"], []),
    ]
    assert found[1]["start"] == start + timedelta(minutes=10)
    assert found[1]["end"] == start + timedelta(minutes=19)


def test_the_adviser_sees_the_email_address_only_when_the_family_chose_to_show_it(
    owner, bedford, adviser
):
    from tests.personas import share_page

    case = new_case(owner)
    parent = client_for(owner)
    parent.post(share_page(case), {"organisation": str(bedford.pk), "share_contact": "yes"})
    share = Share.objects.get(case=case)
    assert share.contact_shared
    Share.objects.filter(pk=share.pk).update(adviser=adviser)
    alex = signed_in_with_code(adviser)
    page = alex.get(url("case", case)).content.decode()
    assert f'href="mailto:{owner.email}"' in page
    Share.objects.filter(pk=share.pk).update(contact_shared=False)
    page = alex.get(url("case", case)).content.decode()
    assert owner.email not in page and "chose not to show their email address" in page


def test_a_follow_up_from_the_contact_log_is_in_today_and_in_the_digest(
    shared, adviser, bedford, smtp
):
    from tests.personas import CASES_TODAY as TODAY
    from web.advisers import contacts
    from web.reminders.digest import lines_for

    membership = adviser.membership
    data = {
        "kind": "call",
        "date": date(2027, 1, 25),
        "minutes": 20,
        "outcome": "resolved-early",
        "concern": "refused-assessment",
        "stage": "",
        "what": "Rang mum about the decision letter",
        "internal": True,
        "follow_up": TODAY,
    }
    contacts.record(membership, data, shared)
    contacts.record(membership, {**data, "follow_up": date(2027, 3, 1)}, shared)  # not yet
    alex = signed_in_with_code(adviser)
    page = alex.get(reverse("advisers:today")).content.decode()
    assert page.count("data-follow-up") == 1
    assert "Follow up: the phone call of 25 January 2027 (due today)." in page
    ref = str(shared.public_id).replace("-", "")[:8].upper()
    [line] = [x for x in lines_for(adviser, TODAY) if x.case_ref == ref]
    assert "Follow up: the phone call of 25 January 2027 (due today)." in line.text
    assert "Rang mum" not in line.text  # the note itself stays in the service


def test_the_advisers_case_page_says_when_the_council_met_a_clock_late(owner, bedford, adviser):
    """As the parent's page does: the request on 1 October, the decision on 11 December, after
    the 6 weeks. The adviser sees "Late: done on", not a plain "Done"."""
    case = new_case(
        owner,
        events=[
            ("assessment-requested", date(2026, 10, 1)),
            ("decision-notice-sent", date(2026, 12, 11)),
        ],
    )
    Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    html = signed_in_with_code(adviser).get(url("case", case)).content.decode()
    row = re.search(r'<tr [^>]*data-deadline-id="assessment-decision".*?</tr>', html, re.S)
    assert row and "Late:</strong> done on 11 December 2026" in row.group(0)
