"""The audit trail: every view and change of a case, by whom and when.

`record_request` runs in `web.cases.views.case_view`, which every case URL passes through, so
no page can forget it. The advisers' own services (share, revoke, assign) record too.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseBase

from web.cases.models import Case, Document

from .models import CHANGE, VIEW, AuditEntry, Membership

# URL name -> what the parent reads ("Looked at the case", "Changed an event"...).
WHAT = {
    "dashboard": "the case",
    "edit": "the child's details",
    "event_new": "a new event",
    "event_edit": "an event",
    "event_delete": "an event (delete)",
    "document_new": "a new document",
    "document": "a document",
    "document_delete": "a document (delete)",
    "calendar": "the deadlines calendar file",
    "calendar_feed": "the calendar feed",
    "chronology_pdf": "the chronology (PDF)",
    "chronology_docx": "the chronology (Word)",
    "export": "everything in the case (ZIP)",
    "close": "whether the case is open",
    "delete": "the case (delete)",
    "case": "the case",
    "note_new": "a note",
    "sharing": "who the case is shared with",
    "assign": "which adviser has the case",
    "audit": "who has looked at the case",
    "event_for_family": "a new event, for the family",
    "mark_deadline": "a deadline (marked dealt with or not applicable)",
    "letter_start": "a letter",
    "letter_page": "a letter",
    "letter_check": "a letter",
    "letter_download": "a letter (download)",
    "letter_save": "a letter (saved to the case)",
    "public_statistics": "whether the case counts in public statistics",
    "sharing_family": "who else in the family can see the case",
    "leave": "whether they can see the case (stopped)",
}


def actor_label(user: Any, case: Case) -> tuple[str, bool]:
    """How the parent sees this person in the trail, and whether it is the parent."""
    if case.owner_id == user.pk:
        return "The parent", True
    from web.family.models import Carer

    if Carer.objects.filter(case_id=case.pk, user_id=user.pk).exists():
        return f"{user.email} (second parent or carer)", False
    membership = Membership.objects.filter(user_id=user.pk).select_related("organisation").first()
    if membership is None:
        return str(user), False
    # Always the account's own address (issue 12): a display name alone is free text that
    # anyone granting memberships could set to another adviser's name.
    role = membership.get_role_display().lower()
    name = f"{membership.display_name}, " if membership.display_name else ""
    return f"{name}{user.email} ({role}, {membership.organisation.name})", False


def record(user: Any, case: Case, *, action: str, what: str) -> AuditEntry:
    label, is_owner = actor_label(user, case)
    return AuditEntry.objects.create(
        case=case, actor_id=user.pk, actor=label, is_owner=is_owner, action=action, what=what
    )


def record_request(request: HttpRequest, case: Case, response: HttpResponseBase) -> None:
    """After a case view: a successful POST (a redirect) is a change; anything else a view."""
    match = request.resolver_match
    name = match.url_name if match else ""
    changed = request.method == "POST" and 300 <= response.status_code < 400
    if changed and not Case.objects.filter(pk=case.pk).exists():
        return  # the parent deleted the case, and its trail with it
    what = WHAT.get(name or "", name or "the case")
    document_id = match.kwargs.get("document_id") if match else None
    if document_id is not None and not changed:
        # Which document (issue 18): its title, as the parent named it.
        title = Document.objects.filter(case=case, pk=document_id).values_list("title", flat=True)
        what = f"{what}: {title[0]}"[:200] if title else what
    record(request.user, case, action=CHANGE if changed else VIEW, what=what)


VISIT_GAP_MINUTES = 30
"""Entries by one person less than this apart are one visit on the parent's page."""


def visits(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    """The trail as the parent reads it (issue 18): one line per visit, not one per page. A
    visit is one person's entries with less than VISIT_GAP_MINUTES between them; it says who
    once, when it began and ended, and what they looked at or changed, each thing once.
    `entries` are newest first, as the model orders them."""
    from datetime import timedelta

    gap = timedelta(minutes=VISIT_GAP_MINUTES)
    found: list[dict[str, Any]] = []
    for entry in entries:
        last = found[-1] if found else None
        if last and last["actor"] == entry.actor and last["start"] - entry.at < gap:
            last["start"] = entry.at
            last["items"].insert(0, (entry.action, entry.what))
        else:
            found.append(
                {
                    "actor": entry.actor,
                    "start": entry.at,
                    "end": entry.at,
                    "items": [(entry.action, entry.what)],
                }
            )
    for visit in found:
        seen: list[tuple[str, str]] = []
        for item in visit["items"]:
            if item not in seen:
                seen.append(item)
        visit["looked"] = [what for action, what in seen if action == VIEW]
        visit["changed"] = [what for action, what in seen if action == CHANGE]
    return found
