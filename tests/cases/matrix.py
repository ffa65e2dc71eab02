"""The case-file permission matrix: every URL of a case, what its owner gets, and the world the
checks run in (the `world` fixture, tests/conftest.py). Used by tests/cases and tests/advisers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from tests.personas import client_for, new_case, pdf_bytes, stored_files, upload
from web.cases.models import Case, Document, Event
from web.jobs.files import request_file

# name -> extra URL arguments after the case id
CASE_URLS = {
    "dashboard": (),
    "edit": (),
    "event_new": (),
    "event_edit": ("event",),
    "event_delete": ("event",),
    "document_new": (),
    "document": ("document",),
    "document_delete": ("document",),
    "document_edit": ("document",),
    "calendar": (),
    "calendar_feed": (),
    "chronology_pdf": (),
    "chronology_docx": (),
    "export": (),
    # A chronology or export made on the queue (web/jobs): its page and its download.
    "prepared_file": ("prepared",),
    "prepared_download": ("prepared",),
    "close": (),
    "delete": (),
    # Letters drafted from the case (web/letters/case_views.py): the letter type, a page.
    "letter_start": ("letter",),
    "letter_page": ("letter", "letter_page"),
    "letter_check": ("letter",),
    "letter_download": ("letter", "ext"),
    "letter_save": ("letter",),
    "letter_notes": ("letter",),
    "letter_notes_download": ("letter", "ext"),
}
NOT_HTML = {
    "document",
    "calendar",
    "chronology_pdf",
    "chronology_docx",
    "export",
    "prepared_download",
    "close",
    "letter_download",
    "letter_save",
    "letter_notes_download",
}
# What the owner gets for a GET (downloads are 200 too; a letter with no answers yet goes to
# its first page).
OWNER_GET = {
    **dict.fromkeys(CASE_URLS, 200),
    "close": 405,
    "letter_start": 302,
    "letter_check": 302,
    "letter_download": 302,
    "letter_save": 405,
    "letter_notes": 302,
    "letter_notes_download": 302,
}


def make_world(owner: Any, other: Any) -> dict[str, Any]:
    """The case-file matrix's world: the owner's case with an event, a document and a prepared
    chronology, and another parent's case."""
    case = new_case(owner)
    event = case.events.get()
    client_for(owner).post(
        reverse("cases:document_new", args=[case.public_id]),
        {"document": upload("a.pdf", pdf_bytes(1)), "event": str(event.pk)},
    )
    # The other parent has a case of their own, with an event and a document.
    theirs = new_case(
        other,
        "Jo",
        born=date(2014, 1, 1),
        setting="academy",
        council="england",
        concern="plan-contents",
        events=[("draft-plan-issued", date(2026, 11, 1))],
    )
    prepared = request_file(case, "chronology.pdf")  # made at once: jobs run in tests' requests
    return {
        "case": case,
        "prepared": prepared.public_id,
        "event": event,
        "document": Document.objects.get(case=case),
        "theirs": theirs,
        "letter": "mediation-adviser",  # open for this case: mediation is available
        "letter_page": "you",
        "ext": "pdf",
    }


def url_for(name: str, world: dict[str, Any], case: Case | None = None) -> str:
    case = case or world["case"]
    extra = [getattr(world[a], "pk", world[a]) for a in CASE_URLS[name]]
    return reverse(f"cases:{name}", args=[case.public_id, *extra])


def snapshot(world: dict[str, Any], root: Any) -> tuple[Any, ...]:
    case = Case.objects.get(pk=world["case"].pk)
    return (
        case.child_name,
        case.closed_at,
        case.calendar_token_hash,
        list(Event.objects.filter(case=case).values_list("kind", "date", "who", "what")),
        list(Document.objects.filter(case=case).values_list("title", "dated", "storage_name")),
        stored_files(root),
    )


POST_DATA = {
    "child_name": "Changed",
    "title": "Changed",
    "kind": "note",
    "what": "x",
    "date-day": "1",
    "date-month": "1",
    "date-year": "2027",
    "action": "create",
    "documents": "delete",
}
