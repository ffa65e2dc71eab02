"""Writes that span rows, each in one transaction. Files are written before the transaction
and removed if it fails; files of deleted rows are set aside inside the deleting transaction
and removed once it has committed (`_deleting_files`).

Each change to a case writes its line in the case's audit trail (web.cases.audit) in the
same transaction, naming who made it (`by`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import audit, documents
from .deadlines import refresh_next_deadline
from .models import Case, DeadlineMark, Document, Event


def create_case(owner: Any, *, events: Iterable[tuple[str, date]] = (), **fields: Any) -> Case:
    with transaction.atomic():
        case = Case.objects.create(owner=owner, **fields)
        Event.objects.bulk_create(
            Event(case=case, kind=kind, date=day, author=owner) for kind, day in events
        )
        refresh_next_deadline(case)
    return case


def add_document(
    case: Case,
    checked: documents.Checked,
    upload: IO[bytes],
    *,
    by: Any,
    event: Event | None = None,
    title: str = "",
    dated: date | None = None,
    audit_what: str = "a new document",
) -> Document:
    """Keep an uploaded file. `title` is what the parent calls it (the file's name when
    empty); `dated` the date written on it, if they gave it; `audit_what` how the case's
    trail names the change."""
    storage_name = documents.store(upload)
    try:
        with transaction.atomic():
            document = _document_row(
                case, checked, storage_name, by=by, event=event, title=title, dated=dated
            )
            Case.objects.filter(pk=case.pk).update(updated_at=document.uploaded_at)
            audit.changed(by, case, audit_what)
    except BaseException:
        documents.remove([storage_name])
        raise
    return document


class TooManyEvents(ValueError):
    """The case holds CASES_MAX_EVENTS entries already."""


def too_many_events_message() -> str:
    limit = settings.CASES_MAX_EVENTS
    return (
        f"This case already has {limit:,} entries, the most one case can hold. "
        "Delete entries you do not need, or start a new case"
    )


def has_room_for_an_event(case: Case) -> bool:
    return Event.objects.filter(case=case).count() < settings.CASES_MAX_EVENTS


def add_event(
    case: Case,
    *,
    by: Any,
    kind: str,
    day: date,
    who: str = "",
    what: str = "",
    upload: tuple[documents.Checked, IO[bytes]] | None = None,
    audit_what: str = "a new event",
) -> Event:
    """Add an event; `audit_what` is how the case's trail names the change."""
    if not has_room_for_an_event(case):
        raise TooManyEvents(too_many_events_message())
    storage_name = documents.store(upload[1]) if upload else None
    try:
        with transaction.atomic():
            event = Event.objects.create(
                case=case, kind=kind, date=day, who=who, what=what, author=by
            )
            if upload and storage_name:
                _document_row(case, upload[0], storage_name, by=by, event=event)
            case.save(update_fields=["updated_at"])
            refresh_next_deadline(case)
            audit.changed(by, case, audit_what)
    except BaseException:
        if storage_name:
            documents.remove([storage_name])
        raise
    return event


def update_event(
    event: Event,
    *,
    by: Any,
    kind: str,
    day: date,
    who: str,
    what: str,
    upload: tuple[documents.Checked, IO[bytes]] | None = None,
    audit_what: str = "an event",
) -> Event:
    """Change an event and, optionally, attach one more document: one transaction."""
    storage_name = documents.store(upload[1]) if upload else None
    try:
        with transaction.atomic():
            event.kind, event.date, event.who, event.what = kind, day, who, what
            event.save()
            if upload and storage_name:
                _document_row(event.case, upload[0], storage_name, by=by, event=event)
            event.case.save(update_fields=["updated_at"])
            refresh_next_deadline(event.case)
            audit.changed(by, event.case, audit_what)
    except BaseException:
        if storage_name:
            documents.remove([storage_name])
        raise
    return event


def mark_deadline(
    case: Case, *, deadline_id: str, due: date, state: str, reason: str, by: Any, by_label: str
) -> DeadlineMark:
    """A person says this deadline (for this due date) needs no more action; the caseload's
    cache follows in the same transaction."""
    with transaction.atomic():
        mark, _ = DeadlineMark.objects.update_or_create(
            case=case,
            deadline_id=deadline_id,
            due=due,
            defaults={"state": state, "reason": reason, "by": by, "by_label": by_label},
        )
        case.save(update_fields=["updated_at"])
        refresh_next_deadline(case)
        audit.changed(by, case, "a deadline (marked dealt with or not applicable)")
    return mark


def update_document(document: Document, *, by: Any, title: str, dated: date | None) -> Document:
    """Change what a document is called and the date on it (issue 15)."""
    with transaction.atomic():
        document.title, document.dated = title, dated
        document.save(update_fields=["title", "dated"])
        Case.objects.filter(pk=document.case_id).update(updated_at=timezone.now())
        audit.changed(by, document.case, "a document's name or date")
    return document


def update_details(case: Case, *, by: Any, **fields: Any) -> None:
    """Change the child's details, the council or the concern: the deadlines may move."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(case, name, value)
        case.save()
        refresh_next_deadline(case)
        audit.changed(by, case, "the child's details")


def set_calendar_feed(case: Case, *, by: Any, token_hash: str) -> None:
    """Give the case's private calendar feed a new token (its hash), or none to turn it off."""
    with transaction.atomic():
        case.calendar_token_hash = token_hash
        case.save(update_fields=["calendar_token_hash"])
        audit.changed(by, case, "the calendar feed")


def close_case(case: Case, *, by: Any, reopen: bool = False) -> None:
    """Close the case (its reminders stop and its calendar empties), or open it again."""
    with transaction.atomic():
        case.closed_at = None if reopen else timezone.now()
        case.save(update_fields=["closed_at", "updated_at"])
        audit.changed(by, case, "whether the case is open")


def _document_row(
    case: Case,
    checked: documents.Checked,
    storage_name: str,
    *,
    by: Any,
    event: Event | None,
    title: str = "",
    dated: date | None = None,
) -> Document:
    return Document.objects.create(
        case=case,
        event=event,
        title=title or checked.title,
        dated=dated,
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        pages=checked.pages,
        storage_name=storage_name,
        uploaded_by=by,
    )


@contextmanager
def _deleting_files() -> Iterator[list[str]]:
    """A transaction that deletes rows and, with them, the files named in the list it gives.

    The files are set aside (renamed) inside the transaction, after the rows are deleted: if
    the disk refuses, the OSError rolls the deletion back, so rows and files go together or
    not at all (issue 12: a read-only disk lost the row and kept the file). They are removed
    once the transaction commits, and put back if it does not."""
    names: list[str] = []
    moved: list[str] = []
    try:
        with transaction.atomic():
            yield names
            moved = documents.set_aside(names)  # undoes its own work if it fails
            transaction.on_commit(lambda: documents.remove_set_aside(moved))
    except BaseException:
        documents.restore(moved)
        raise


def delete_document(document: Document, *, by: Any) -> None:
    with _deleting_files() as files:
        files.append(document.storage_name)
        document.delete()
        audit.changed(by, document.case, "a document (delete)")


def delete_event(
    event: Event, *, by: Any, with_documents: bool = False, audit_what: str = "an event (delete)"
) -> None:
    """Delete an event; its documents stay on the case unless `with_documents`."""
    with _deleting_files() as files:
        if with_documents:
            files.extend(event.documents.values_list("storage_name", flat=True))
            Document.objects.filter(event=event).delete()
        event.delete()
        refresh_next_deadline(event.case)
        audit.changed(by, event.case, audit_what)


def delete_case(case: Case) -> None:
    with _deleting_files() as files:
        files.extend(Document.objects.filter(case=case).values_list("storage_name", flat=True))
        Document.objects.filter(case=case).delete()
        Event.objects.filter(case=case).delete()
        case.delete()


@contextmanager
def deleting_cases_of(user: Any) -> Iterator[None]:
    """Delete every case the account owns, with their files, in a transaction that the
    caller finishes (web.accounts deletes the account itself inside it): all of it goes,
    or none."""
    with _deleting_files() as files:
        files.extend(
            Document.objects.filter(case__owner=user).values_list("storage_name", flat=True)
        )
        Document.objects.filter(case__owner=user).delete()
        Event.objects.filter(case__owner=user).delete()
        Case.objects.filter(owner=user).delete()
        yield
