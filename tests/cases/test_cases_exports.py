"""Exports: the calendar file and private feed, the chronology (PDF/UA and DOCX), the ZIP of
everything, and deletion that really removes the files."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import (
    PASSWORD,
    docx_bytes,
    downloaded,
    new_case,
    pdf_bytes,
    stored_files,
    upload,
)
from web.accounts.models import User
from web.cases import services, views
from web.cases.models import Case, Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_case(owner_client, case):
    decision = services.add_event(
        case,
        by=case.owner,
        kind="decision-notice-sent",
        day=date(2026, 12, 11),
        who="Bedford SEN team",
        what="Refused to assess.",
    )
    url = reverse("cases:document_new", args=[case.public_id])
    for name, data, event, details in [
        (
            "decision letter.pdf",
            pdf_bytes(3),
            decision.pk,
            {
                "title": "Decision letter",
                "dated-day": "11",
                "dated-month": "12",
                "dated-year": "2026",
            },
        ),
        ("request.pdf", pdf_bytes(2), case.events.get(kind="assessment-requested").pk, {}),
        ("school report.docx", docx_bytes(), "", {}),
    ]:
        response = owner_client.post(
            url, {"document": upload(name, data), "event": str(event), **details}
        )
        assert response.status_code == 302
    return case


def test_calendar_file(owner_client, full_case):
    response = owner_client.get(reverse("cases:calendar", args=[full_case.public_id]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")
    body = response.content.decode()
    assert "BEGIN:VCALENDAR" in body and "DTSTART;VALUE=DATE:20270211" in body


def test_private_feed_can_be_made_replaced_and_turned_off(owner_client, full_case):
    page = reverse("cases:calendar_feed", args=[full_case.public_id])
    owner_client.post(page, {"action": "create"})
    html = owner_client.get(page).content.decode()
    first = re.search(r'data-feed-url="http://testserver(/calendar/[^"]+)"', html).group(1)
    assert len(first) > 40
    # Shown once only.
    assert "data-feed-url" not in owner_client.get(page).content.decode()
    visitor = Client()
    response = visitor.get(first)
    assert response.status_code == 200 and b"DTSTART;VALUE=DATE:20270211" in response.content
    full_case.refresh_from_db()
    assert full_case.calendar_token_hash and full_case.calendar_token_hash not in first

    owner_client.post(page, {"action": "create"})
    html = owner_client.get(page).content.decode()
    second = re.search(r'data-feed-url="http://testserver(/calendar/[^"]+)"', html).group(1)
    assert visitor.get(first).status_code == 404
    assert visitor.get(second).status_code == 200

    owner_client.post(page, {"action": "revoke"})
    assert visitor.get(second).status_code == 404
    assert visitor.get("/calendar/.ics").status_code == 404
    assert visitor.get("/calendar/" + "x" * 43 + ".ics").status_code == 404


def test_chronology_pdf_is_tagged_and_lists_events_documents_and_pages(owner_client, full_case):
    from pypdf import PdfReader

    response = owner_client.get(reverse("cases:chronology_pdf", args=[full_case.public_id]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(downloaded(response)))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    assert "Chronology: Sam" in text
    # Third person, with the child's full name, the council and the dates it covers.
    assert (
        "This chronology sets out the events about Sam, born 27 March 2015, and Bedford Borough"
        " Council." in text
    )
    assert "It covers 1 October 2026 to 11 December 2026." in text
    assert "1 October 2026" in text and "11 December 2026" in text
    assert "D1: request.pdf (pages 1 to 2)" in text
    assert "D2: Decision letter, 11 December 2026 (pages 3 to 5)" in text
    assert "D3: school report.docx" in text
    assert text.index("1 October 2026") < text.index("11 December 2026")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Chronology: Sam"
    assert reader.metadata.author == "owner@example.com"
    assert response["Content-Disposition"].endswith('filename="Chronology Sam 2027-02-01.pdf"')
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_chronology_docx(owner_client, full_case):
    from docx import Document as Docx

    response = owner_client.get(reverse("cases:chronology_docx", args=[full_case.public_id]))
    assert response["Content-Disposition"].endswith('filename="Chronology Sam 2027-02-01.docx"')
    doc = Docx(io.BytesIO(downloaded(response)))
    # Real metadata: the parent as author, the chronology's title, nothing of python-docx's.
    properties = doc.core_properties
    assert properties.title == "Chronology: Sam"
    assert properties.author == properties.last_modified_by == "owner@example.com"
    assert "python-docx" not in (properties.comments + properties.author + properties.subject)
    assert properties.subject.startswith("This chronology sets out the events about Sam")
    assert doc.paragraphs[1].text.endswith("It covers 1 October 2026 to 11 December 2026.")
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows[0] == ["Date", "Event", "Details", "Documents"]
    assert rows[1][0] == "1 October 2026"
    assert rows[2][:3] == [
        "11 December 2026",
        "The council sent its decision letter",
        "Who: Bedford SEN team\nRefused to assess.",
    ]
    assert rows[2][3] == "D2: Decision letter, 11 December 2026 (pages 3 to 5)"
    assert any("D3: school report.docx" in p.text for p in doc.paragraphs)


def test_export_zip_has_everything(owner_client, full_case, document_root):
    response = owner_client.get(reverse("cases:export", args=[full_case.public_id]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(downloaded(response)))
    data = json.loads(archive.read("case.json"))
    assert data["case"]["child_name"] == "Sam"
    assert [e["type"] for e in data["events"]] == ["assessment-requested", "decision-notice-sent"]
    assert data["events"][1]["documents"] == ["D2"]
    assert {(d["title"], d["dated"]) for d in data["documents"]} == {
        ("Decision letter", "2026-12-11"),
        ("request.pdf", None),
        ("school report.docx", None),
    }
    assert any(d["id"] == "tribunal-appeal" for d in data["assessment"]["deadlines"])
    for entry in data["documents"]:
        stored = Document.objects.get(sha256=entry["sha256"])
        assert archive.read(entry["file"]) == (document_root / stored.storage_name).read_bytes()


@pytest.mark.django_db(transaction=True)
def test_deleting_a_case_removes_its_files_and_leaves_others(
    owner_client, full_case, owner, document_root
):
    other_case = new_case(
        owner,
        "Jo",
        born=date(2012, 1, 1),
        setting="academy",
        council="england",
        concern="plan-contents",
    )
    owner_client.post(
        reverse("cases:document_new", args=[other_case.public_id]),
        {"document": upload("keep.pdf", pdf_bytes(1)), "event": ""},
    )
    assert len(stored_files(document_root)) == 4
    response = owner_client.post(reverse("cases:delete", args=[full_case.public_id]))
    assert response.status_code == 302
    assert not Case.objects.filter(pk=full_case.pk).exists()
    assert stored_files(document_root) == [Document.objects.get().storage_name]


@pytest.mark.django_db(transaction=True)
def test_deleting_the_account_removes_everything(owner_client, full_case, owner, document_root):
    wrong = owner_client.post(reverse("accounts:delete"), {"password": "not it at all"})
    assert "The password is not right" in wrong.content.decode()
    assert len(stored_files(document_root)) == 3
    response = owner_client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not Case.objects.exists() and not Document.objects.exists()
    assert stored_files(document_root) == []
    assert owner_client.get(reverse("cases:index")).status_code == 302


def test_the_feed_gives_a_webcal_link_and_stops_when_the_case_closes(
    owner_client, full_case, assert_valid_html
):
    """Issue 15 item 13: a link a phone can tap, UIDs unique to the case, and a closed case's
    feed empties (its reminders stop)."""
    from icalendar import Calendar

    page = reverse("cases:calendar_feed", args=[full_case.public_id])
    owner_client.post(page, {"action": "create"})
    html = owner_client.get(page).content.decode()
    assert_valid_html(html, name="calendar feed with its address")
    feed = re.search(r'data-feed-url="http://testserver(/calendar/[^"]+)"', html).group(1)
    assert f'href="webcal://testserver{feed}" data-webcal' in html
    body = Client().get(feed).content
    entries = Calendar.from_ical(body).walk("VEVENT")
    assert entries and all(str(e["SUMMARY"]).startswith("Deadline: ") for e in entries)
    uids = [str(e["UID"]) for e in entries]
    assert len(set(uids)) == len(uids)
    assert all(views.calendar_scope(full_case) in uid for uid in uids)
    assert str(full_case.public_id) not in body.decode()

    owner_client.post(reverse("cases:close", args=[full_case.public_id]), {"action": "close"})
    closed = Calendar.from_ical(Client().get(feed).content)
    assert closed.walk("VEVENT") == []
    assert str(closed["X-WR-CALNAME"]) == "SEND deadlines (case closed)"
    owner_client.post(reverse("cases:close", args=[full_case.public_id]), {"action": "reopen"})
    assert Calendar.from_ical(Client().get(feed).content).walk("VEVENT")


def test_two_cases_never_share_a_calendar_uid(owner, full_case):
    other = new_case(owner, "Jo", events=[("assessment-requested", date(2026, 10, 1))])
    from icalendar import Calendar

    client = Client()
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")

    def uids(case):
        body = client.get(reverse("cases:calendar", args=[case.public_id])).content
        return {str(e["UID"]) for e in Calendar.from_ical(body).walk("VEVENT")}

    assert uids(full_case) and uids(other)
    assert uids(full_case).isdisjoint(uids(other))
