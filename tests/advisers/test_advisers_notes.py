"""Issue 12, finding 8: an adviser's note keeps its author and its words. The parent cannot
change or delete it, and the chronology says who wrote each entry."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from tests.personas import client_for, new_case, signed_in_with_code
from web.advisers.models import Membership, Share
from web.cases.models import NOTE, Event

from .conftest import contact_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def noted(owner, adviser, bedford):
    Membership.objects.filter(user=adviser).update(display_name="Alex Smith")
    case = new_case(owner)
    Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    alex = signed_in_with_code(adviser)
    url = reverse("advisers:note_new", args=[case.public_id])
    form = contact_form(what="Ask the SENCO for the provision map")
    assert alex.post(url, form).status_code == 302
    return case, Event.objects.get(case=case, kind=NOTE)


def test_the_parent_cannot_rewrite_or_delete_an_advisers_note(owner, adviser, noted):
    case, note = noted
    parent = client_for(owner)
    edit = reverse("cases:event_edit", args=[case.public_id, note.pk])
    delete = reverse("cases:event_delete", args=[case.public_id, note.pk])
    assert parent.get(edit).status_code == 404
    form = {
        "kind": NOTE,
        "what": "Rewritten",
        "date-day": "1",
        "date-month": "1",
        "date-year": "2027",
    }
    assert parent.post(edit, form).status_code == 404
    assert parent.post(delete).status_code == 404
    note.refresh_from_db()
    assert note.what == "Ask the SENCO for the provision map" and note.author == adviser
    dashboard = parent.get(reverse("cases:dashboard", args=[case.public_id])).content.decode()
    assert "Ask the SENCO" in dashboard and edit not in dashboard and delete not in dashboard
    # The parent's own entries can still be changed.
    own = Event.objects.filter(case=case).exclude(pk=note.pk).get()
    assert reverse("cases:event_edit", args=[case.public_id, own.pk]) in dashboard
    assert parent.get(reverse("cases:event_edit", args=[case.public_id, own.pk])).status_code == 200


def test_the_chronology_says_who_wrote_each_entry(owner, noted):
    from docx import Document

    case, _ = noted
    response = client_for(owner).get(reverse("cases:chronology_docx", args=[case.public_id]))
    body = b"".join(response.streaming_content)
    response.close()
    table = Document(io.BytesIO(body)).tables[0]
    details = {row.cells[1].text: row.cells[2].text for row in table.rows[1:]}
    assert details["Note"].startswith("Written by Alex Smith, adviser at Bedford SENDIASS\n")
    assert not any(
        text.startswith("Written by") for label, text in details.items() if label != "Note"
    )
