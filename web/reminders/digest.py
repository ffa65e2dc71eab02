"""The advisers' daily digest: their caseload's deadlines in the next 14 days, one e-mail a day.

The caseload is the advisers app's (`web.advisers.caseload.base`): an adviser's assigned, still
shared cases; everything shared with the organisation for its admin. Closed cases and deadlines
the events show as met are left out. The e-mail names no child: each case is a short reference
and a link (the adviser signs in, with their second factor, to see more).

Exactly once per person per day, as reminders are: a (user, day) unique row, taken with SKIP
LOCKED (the file lock on SQLite, held by `service.run`), marked sent only when the backend
accepted it; a failure leaves it pending for the next run that day. A digest not sent by the
end of its day is cancelled: yesterday's list is no use today. Nothing is sent on a day with no
deadlines in the window.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from send_redress import SOON_DAYS
from web.cases.deadlines import assessment_for

from . import emails, tokens
from .models import Digest
from .service import _events_of

log = logging.getLogger("web.reminders")

WINDOW_DAYS = SOON_DAYS  # the one "soon" window: send_redress.SOON_DAYS


@dataclass(frozen=True)
class Entry:
    due: date
    days_left: int
    name: str
    whose: str
    case_ref: str
    case_url: str


def case_ref(public_id: Any) -> str:
    return str(public_id).replace("-", "")[:8].upper()


def entries_for(user: Any, today: date) -> list[Entry]:
    from web.advisers.caseload import base
    from web.advisers.models import Membership

    membership = Membership.objects.filter(user=user).first()
    if membership is None:
        return []
    shares = (
        base(membership)
        .filter(case__closed_at__isnull=True)
        .select_related("case")
        .order_by("case_id")
    )
    end = today + timedelta(days=WINDOW_DAYS)
    found: list[Entry] = []
    for share in shares:
        case = share.case
        for d in assessment_for(case, _events_of(case.pk), today).deadlines:
            if d.met_on is None and today <= d.due <= end:
                found.append(
                    Entry(
                        due=d.due,
                        days_left=(d.due - today).days,
                        name=d.name,
                        whose="for the parent" if d.whose == "parent" else "for the council",
                        case_ref=case_ref(case.public_id),
                        case_url=emails.absolute(reverse("advisers:case", args=[case.public_id])),
                    )
                )
    return sorted(found, key=lambda e: (e.due, e.case_ref, e.name))


def message_for(user: Any, entries: list[Entry], today: date) -> EmailMessage:
    cases = len({e.case_ref for e in entries})
    subject = (
        f"Your caseload: {len(entries)} deadline{'s' if len(entries) != 1 else ''} "
        f"in the next {WINDOW_DAYS} days"
    )
    unsubscribe = emails.unsubscribe_url(user.pk, tokens.DIGEST)
    preferences = emails.absolute(reverse("reminders:preferences"))
    lines = [
        f"Deadlines in the next {WINDOW_DAYS} days for the cases you can see "
        f"({cases} case{'s' if cases != 1 else ''}), nearest first. "
        "Deadlines already met and closed cases are left out.",
        "",
    ]
    for e in entries:
        lines += [
            f"{emails.on(e.due)} ({emails.when(e.days_left)})",
            f"{e.name} ({e.whose})",
            f"Case {e.case_ref}: {e.case_url}",
            "",
        ]
    lines += [
        "---",
        f"This is your daily digest from SEND Redress for {emails.on(today)}.",
        f"Change your email choices:\n{preferences}",
        f"Stop the daily digest:\n{unsubscribe}",
    ]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=emails.list_unsubscribe_headers(unsubscribe),
    )


def _wants_digest(user: Any) -> bool:
    from .service import _prefs

    return bool(user.is_active and user.email_verified and _prefs(user).adviser_digest)


def plan(today: date) -> tuple[int, int]:
    """Make today's rows; cancel older ones never sent. Returns (made, cancelled)."""
    from web.advisers.models import Membership

    now = timezone.now()
    cancelled = Digest.objects.filter(status=Digest.PENDING, day__lt=today).update(
        status=Digest.CANCELLED, cancel_reason="stale", cancelled_at=now
    )
    members = (
        Membership.objects.filter(user__is_active=True, user__email_verified=True)
        .filter(
            Q(user__reminder_preferences__isnull=True)
            | Q(user__reminder_preferences__adviser_digest=True)
        )
        .values_list("user_id", flat=True)
    )
    rows = [Digest(user_id=user_id, day=today) for user_id in members]
    Digest.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows), cancelled


def send(today: date, backend: Any) -> tuple[int, int]:
    """Send today's pending digests. Returns (sent, failed)."""
    sent = failed = 0
    ids = list(
        Digest.objects.filter(status=Digest.PENDING, day=today)
        .order_by("id")
        .values_list("id", flat=True)
    )
    for digest_id in ids:
        with transaction.atomic():
            query = Digest.objects.filter(id=digest_id, status=Digest.PENDING).select_related(
                "user"
            )
            if connection.features.has_select_for_update_skip_locked:
                query = query.select_for_update(skip_locked=True, of=("self",))
            digest = query.first()
            if digest is None:
                continue
            user: Any = digest.user
            reason = None if _wants_digest(user) else "unsubscribed"
            entries = [] if reason else entries_for(user, today)
            if not reason and not entries:
                reason = "nothing-due"
            if reason:
                digest.status, digest.cancel_reason = Digest.CANCELLED, reason
                digest.cancelled_at = timezone.now()
                digest.save(update_fields=["status", "cancel_reason", "cancelled_at"])
                continue
            message = message_for(user, entries, today)
            message.extra_headers["X-Send-Redress-Reference"] = f"digest-{digest.pk}"
            digest.attempts += 1
            try:
                backend.open()
                if backend.send_messages([message]) != 1:
                    raise RuntimeError("the backend did not accept the message")
            except Exception as error:  # noqa: BLE001 - any failure leaves it pending
                from .service import describe_error

                digest.last_error = describe_error(error)[:200]
                digest.save(update_fields=["attempts", "last_error"])
                failed += 1
                log.warning(
                    "digest %s not sent (attempt %s): %s; it stays pending for the next run",
                    digest.pk,
                    digest.attempts,
                    digest.last_error,
                )
                with contextlib.suppress(Exception):
                    backend.close()
                continue
            digest.status, digest.sent_at = Digest.SENT, timezone.now()
            digest.cases = len({e.case_ref for e in entries})
            digest.last_error = ""
            digest.provider_id = str(
                getattr(message, "provider_id", "") or message.extra_headers["Message-ID"]
            )[:200]
            digest.save(
                update_fields=[
                    "status",
                    "sent_at",
                    "cases",
                    "attempts",
                    "last_error",
                    "provider_id",
                ]
            )
            sent += 1
    return sent, failed
