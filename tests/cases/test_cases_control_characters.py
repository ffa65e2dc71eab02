"""Issue 12, finding 11: control characters pasted from Word are dropped on input, and the
chronology DOCX opens whatever is already stored."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from tests.personas import add_event, client_for
from web.cases.models import Event

pytestmark = pytest.mark.django_db

PASTED = "Meeting\x0bwith the SENCO\x00\x07\x1f done\x0c"


def test_pasted_control_characters_are_dropped_when_an_event_is_saved(owner, case):
    client = client_for(owner)
    response = add_event(
        client, case, kind="note", what=PASTED, who="Ms\x01 Brown", date=date(2027, 1, 1)
    )
    assert response.status_code == 302
    note = Event.objects.get(case=case, kind="note")
    assert note.what == "Meeting\nwith the SENCO done" and note.who == "Ms Brown"


def test_the_docx_chronology_opens_with_control_characters_already_stored(owner, case):
    from docx import Document

    # Stored as if saved before input was cleaned (PostgreSQL refuses NUL itself: not that one).
    stored = PASTED.replace("\x00", "")
    Event.objects.create(case=case, kind="note", date=case.events.get().date, what=stored)
    case.child_name = "Sam\x08"
    case.save()
    client = client_for(owner)
    response = client.get(reverse("cases:chronology_docx", args=[case.public_id]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    response.close()
    text = "\n".join(c.text for row in Document(io.BytesIO(body)).tables[0].rows for c in row.cells)
    assert "with the SENCO done" in text and "\x07" not in text
