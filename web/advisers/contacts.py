"""The contact log: recording a contact and correcting it, each in one transaction.

A contact that is not internal also writes a note on the case's timeline (what the parent has
always seen of an adviser's notes); an internal one, or an enquiry without a case, does not.
Correcting a contact keeps that note in step: its words and date follow, it appears if the
contact stops being internal and goes if it becomes internal. What happens to the note is
written in the case's audit trail by the case's services.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from web.cases import services as case_services
from web.cases.models import NOTE, Case, Event

from .models import Contact, Membership

FIELDS = ("kind", "date", "minutes", "outcome", "concern", "stage", "what", "internal", "follow_up")


def author_label(membership: Membership) -> str:
    """The author as the organisation's record names them: display name and address."""
    name = f"{membership.display_name}, " if membership.display_name else ""
    return f"{name}{membership.user.email}"


def record(membership: Membership, data: dict[str, Any], case: Case | None = None) -> Contact:
    """A new contact by this adviser, on `case` or (None) an enquiry."""
    fields = {name: data[name] for name in FIELDS}
    if case is not None:
        fields.update(council=case.council, setting=case.setting)
    else:
        fields.update(council=data.get("council") or "", setting=data.get("setting") or "")
    with transaction.atomic():
        contact = Contact(
            organisation_id=membership.organisation_id,
            author_id=membership.user_id,
            author_label=author_label(membership),
            case=case,
            **fields,
        )
        _sync_note(contact, by=membership.user)
        contact.full_clean()
        contact.save()
    return contact


def correct(contact: Contact, data: dict[str, Any], *, by: Any) -> Contact:
    """The author's correction. Who wrote it and on which case never change."""
    if contact.author_id is None or contact.author_id != by.pk:
        raise PermissionError("only the author corrects a contact")
    with transaction.atomic():
        for name in FIELDS:
            setattr(contact, name, data[name])
        if contact.case_id is None:
            contact.council = data.get("council") or ""
            contact.setting = data.get("setting") or ""
        _sync_note(contact, by=by)
        contact.full_clean()
        contact.save()
    return contact


def _sync_note(contact: Contact, *, by: Any) -> None:
    """Make the timeline note match the contact (inside the caller's transaction)."""
    event: Event | None = contact.event
    if contact.case is None or contact.internal:
        contact.event = None
        if event is not None:
            case_services.delete_event(event, by=by, audit_what="a note (deleted)")
        return
    if event is None:
        contact.event = case_services.add_event(
            contact.case, by=by, kind=NOTE, day=contact.date, what=contact.what, audit_what="a note"
        )
    else:
        case_services.update_event(
            event,
            by=by,
            kind=NOTE,
            day=contact.date,
            who=event.who,
            what=contact.what,
            audit_what="a note (corrected)",
        )


def visible_to(membership: Membership, case: Case) -> list[Contact]:
    """The organisation's contacts on a case, internal ones included (never shown to the
    parent): for the case as its advisers and admin see it."""
    return list(
        Contact.objects.of(membership.organisation_id).filter(case=case).order_by("-date", "-id")
    )
