"""The contact log (issue 18 item 4, issue 20 item 1): a contact with its type, date, time,
outcome, issue, stage, internal flag and follow-up; enquiries without a case; and "correct
your own note", which nobody but the note's author can do."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.personas import CASES_TODAY as TODAY
from tests.personas import client_for, new_case, signed_in_with_code
from web.advisers.models import Contact, Share
from web.cases import services
from web.cases.models import NOTE, AuditEntry, Event

from .conftest import contact_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(owner, adviser, bedford):
    case = new_case(owner)
    Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    return case


def note_url(case) -> str:
    return reverse("advisers:note_new", args=[case.public_id])


def test_a_contact_on_a_case_is_recorded_and_its_note_reaches_the_parent(
    owner, adviser, shared, assert_valid_html
):
    alex = signed_in_with_code(adviser)
    page = alex.get(note_url(shared)).content.decode()
    assert_valid_html(page, name="contact-form")
    assert "Internal: only your service sees it" in page
    response = alex.post(note_url(shared), contact_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    contact = Contact.objects.get()
    assert (contact.kind, contact.date, contact.minutes, contact.outcome) == (
        "call",
        date(2027, 1, 25),
        20,
        "mediation",
    )
    assert (contact.concern, contact.stage, contact.council, contact.setting) == (
        "refused-assessment",
        "mediation",
        "bedford",
        "maintained-school",
    )
    assert contact.follow_up == date(2027, 2, 8) and not contact.internal
    assert contact.author == adviser and "alex@bedford.example" in contact.author_label
    note = Event.objects.get(case=shared, kind=NOTE)
    assert contact.event == note and note.date == date(2027, 1, 25) and note.author == adviser
    dashboard = client_for(owner).get(reverse("cases:dashboard", args=[shared.public_id]))
    assert "Talked through mediation" in dashboard.content.decode()
    trail = AuditEntry.objects.filter(case=shared, what="a note", action="change")
    assert trail.count() == 1


def test_an_internal_contact_is_seen_by_the_organisation_only(owner, adviser, org_admin, shared):
    alex = signed_in_with_code(adviser)
    form = contact_form(what="Mum sounded very low today", internal="on")
    assert alex.post(note_url(shared), form).status_code == 302
    assert Contact.objects.get().internal and Contact.objects.get().event is None
    assert not Event.objects.filter(case=shared, kind=NOTE).exists()
    parent = client_for(owner)
    for name in ("cases:dashboard", "cases:chronology_pdf"):
        body = parent.get(reverse(name, args=[shared.public_id]))
        content = b"".join(body.streaming_content) if body.streaming else body.content
        assert b"very low" not in content
    for person in (adviser, org_admin):
        case_page = signed_in_with_code(person).get(
            reverse("advisers:case", args=[shared.public_id])
        )
        html = case_page.content.decode()
        assert "Mum sounded very low today" in html and "Internal" in html


def test_the_sharing_page_tells_the_parent_about_internal_notes(owner, shared):
    html = client_for(owner).get(reverse("advisers:sharing", args=[shared.public_id])).content
    assert "only the service sees those, and you will not" in html.decode()


def test_an_enquiry_needs_no_case_and_no_child(adviser, assert_valid_html):
    alex = signed_in_with_code(adviser)
    page = alex.get(reverse("advisers:enquiry_new")).content.decode()
    assert_valid_html(page, name="enquiry-form")
    form = contact_form(kind="email", council="luton", setting="academy", outcome="signposted")
    response = alex.post(reverse("advisers:enquiry_new"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    contact = Contact.objects.get()
    assert contact.case is None and contact.event is None
    assert (contact.kind, contact.council, contact.setting) == ("email", "luton", "academy")
    log = alex.get(reverse("advisers:contacts")).content.decode()
    assert "Enquiry." in log and "Talked through mediation" not in log  # the note stays out


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"date-day": "2", "date-month": "2"},
            "The date of the contact must be today or in the past",
        ),
        ({"date-day": "", "date-month": "", "date-year": ""}, "Enter the date of the contact"),
        (
            {"follow_up-day": "24", "follow_up-month": "1"},
            "The follow-up date must be on or after 25 January 2027, the date of the contact",
        ),
        ({"follow_up-day": "31", "follow_up-month": "2"}, "The follow-up date must be a real date"),
        ({"minutes": "0"}, "The time spent must be at least 1 minute"),
        ({"minutes": "half an hour"}, "Enter the time spent as a number of minutes, like 20"),
        ({"outcome": "won"}, "Select the outcome"),
        ({"concern": "not-a-concern"}, "Select the issue"),
        ({"stage": "no-such-route"}, "Select the stage reached"),
        ({"kind": "fax"}, "Select the type of contact"),
        ({"what": ""}, "Enter the note"),
    ],
)
def test_a_wrong_answer_gets_its_message_and_saves_nothing(adviser, shared, changes, message):
    response = signed_in_with_code(adviser).post(note_url(shared), contact_form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contact.objects.exists()


def test_a_follow_up_may_be_later_than_today_but_the_contact_may_not(adviser, shared):
    alex = signed_in_with_code(adviser)
    form = contact_form(**{"date-day": "1", "date-month": "2", "follow_up-year": "2028"})
    assert alex.post(note_url(shared), form).status_code == 302
    assert Contact.objects.get().date == TODAY
    assert Contact.objects.get().follow_up == date(2028, 2, 8)


@pytest.fixture
def contact(adviser, shared):
    alex = signed_in_with_code(adviser)
    assert alex.post(note_url(shared), contact_form()).status_code == 302
    return Contact.objects.get()


def edit_url(contact) -> str:
    return reverse("advisers:contact_edit", args=[contact.pk])


def test_the_author_corrects_their_own_note(owner, adviser, shared, contact):
    alex = signed_in_with_code(adviser)
    assert (
        "Correct this note"
        in alex.get(reverse("advisers:case", args=[shared.public_id])).content.decode()
    )
    assert alex.get(edit_url(contact)).status_code == 200
    fixed = contact_form(what="Talked through mediation and the certificate", minutes="35")
    assert alex.post(edit_url(contact), fixed).status_code == 302
    contact.refresh_from_db()
    assert contact.minutes == 35 and contact.author == adviser
    assert contact.event.what == "Talked through mediation and the certificate"
    assert Event.objects.filter(case=shared, kind=NOTE).count() == 1
    corrected = AuditEntry.objects.filter(case=shared, what="a note (corrected)")
    assert corrected.get().actor.startswith("alex@bedford.example")


def test_marking_a_note_internal_takes_it_off_the_parents_timeline_and_back(
    adviser, shared, contact
):
    alex = signed_in_with_code(adviser)
    assert alex.post(edit_url(contact), contact_form(internal="on")).status_code == 302
    assert not Event.objects.filter(case=shared, kind=NOTE).exists()
    assert alex.post(edit_url(contact), contact_form()).status_code == 302
    contact.refresh_from_db()
    assert Event.objects.get(case=shared, kind=NOTE) == contact.event


@pytest.mark.parametrize("persona", ["owner", "colleague", "org_admin", "stranger", "site_admin"])
def test_nobody_but_the_author_can_change_a_note(
    request, persona, owner, colleague, org_admin, stranger, site_admin, shared, contact
):
    people = {
        "owner": owner,
        "colleague": colleague,
        "org_admin": org_admin,
        "stranger": stranger,
        "site_admin": site_admin,
    }
    person = people[persona]
    client = client_for(person) if persona == "owner" else signed_in_with_code(person)
    before = list(Contact.objects.values_list("what", "minutes", "internal", "updated_at"))
    event_before = list(Event.objects.values_list("what", "date"))
    assert client.get(edit_url(contact)).status_code == 404
    assert client.post(edit_url(contact), contact_form(what="Rewritten")).status_code == 404
    assert list(Contact.objects.values_list("what", "minutes", "internal", "updated_at")) == before
    assert list(Event.objects.values_list("what", "date")) == event_before
    if persona == "org_admin":
        page = client.get(reverse("advisers:case", args=[shared.public_id])).content.decode()
        assert "Talked through mediation" in page and "Correct this note" not in page


def test_after_the_family_stops_sharing_the_record_stays_but_cannot_be_changed(
    owner, adviser, shared, contact
):
    Share.objects.filter(case=shared).update(revoked_at=timezone.now())
    alex = signed_in_with_code(adviser)
    assert alex.get(edit_url(contact)).status_code == 404
    assert Contact.objects.filter(pk=contact.pk, case=shared).exists()
    services.delete_case(shared)
    kept = Contact.objects.get(pk=contact.pk)
    assert kept.case is None and kept.event is None and kept.concern == "refused-assessment"


def test_follow_ups_due_by_a_day_for_an_organisation(adviser, colleague, bedford, luton, shared):
    def make(author, org, follow_up, **extra):
        return Contact.objects.create(
            organisation=org,
            author=author,
            author_label=str(author),
            kind="call",
            date=date(2027, 1, 4),
            minutes=5,
            outcome="signposted",
            concern="refused-assessment",
            what="x",
            follow_up=follow_up,
            **extra,
        )

    due_early = make(adviser, bedford, date(2027, 1, 30))
    due_today = make(colleague, bedford, TODAY, case=shared)
    make(adviser, bedford, date(2027, 2, 2))  # tomorrow
    make(adviser, bedford, None)
    make(adviser, luton, date(2027, 1, 30))  # another organisation's
    assert list(Contact.objects.follow_ups_due(bedford.pk, TODAY)) == [due_early, due_today]
    mine = Contact.objects.follow_ups_due(bedford.pk, TODAY, author_id=adviser.pk)
    assert list(mine) == [due_early]
    assert Contact.objects.follow_ups_due(bedford.pk, date(2027, 2, 2)).count() == 3
