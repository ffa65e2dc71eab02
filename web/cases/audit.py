"""The audit trail: who looked at or changed a case, when, and what.

The services that change a case (web.cases.services, and those of the apps built on cases)
write `changed(...)` in the same transaction as the change; the pages that show a case
write `looked_at(...)` when they read it for someone (`web.cases.views.case_view`'s
`reads`). So the trail says what was done in words its writer chose, whatever the URL, and
a change made off the web (a command, the queue) is written too.

Who someone is comes from the relations the apps built on cases define (a second parent's
`Carer`, an adviser's `Membership`), read by name so that cases imports neither app.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from .models import CHANGE, VIEW, AuditEntry, Case


def membership_of(user: Any) -> Any:
    """The adviser's `web.advisers` Membership (organisation included), or None."""
    try:
        return user.membership
    except (ObjectDoesNotExist, AttributeError):
        return None


def actor_label(user: Any, case: Case) -> tuple[str, bool]:
    """How the parent sees this person in the trail, and whether it is the parent."""
    if case.owner_id == user.pk:
        return "The parent", True
    if case.carers.filter(user_id=user.pk).exists():
        return f"{user.email} (second parent or carer)", False
    membership = membership_of(user)
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
        case=case, actor_id=user.pk, actor=label, is_owner=is_owner, action=action, what=what[:200]
    )


def looked_at(user: Any, case: Case, what: str) -> AuditEntry:
    """`user` read `what` of the case ("the case", "a document: Plan 2026")."""
    return record(user, case, action=VIEW, what=what)


def changed(user: Any, case: Case, what: str) -> AuditEntry:
    """`user` changed `what` of the case ("an event", "who the case is shared with")."""
    return record(user, case, action=CHANGE, what=what)


VISIT_GAP_MINUTES = 30
"""Entries by one person less than this apart are one visit on the parent's page."""


def visits(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    """The trail as the parent reads it (issue 18): one line per visit, not one per page. A
    visit is one person's entries with less than VISIT_GAP_MINUTES between them; it says who
    once, when it began and ended, and what they looked at or changed, each thing once.
    `entries` are newest first, as the model orders them."""
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
