"""The advisers' daily digest: one line per case that needs them, to plan a day from (issue 18).

The cases are the caseload's (`web.advisers.caseload`): an adviser's assigned, still shared,
open cases; everything shared with the organisation for its admin. A case is in the digest when
its next deadline is within `SOON_DAYS` (today included), a council duty is late ("push"), a
family deadline has passed unmet ("check"), or a follow-up from the contact log is due; each line names the case by
the reference the caseload shows, in the caseload's order, in an adviser's words, and flags a
case nobody is assigned to. The e-mail names no child: the adviser signs in, with their second
factor, to see more.

Exactly once per person per day, through the one outbox (`web.reminders.outbox`): a (user, day)
unique row, claimed with SKIP LOCKED (the file lock on SQLite, held by `service.run`), marked
sent only when the backend accepted it; a failure leaves it pending for the next run that day,
and failures in a row stop the run as they do for reminders. A digest not sent by the end of
its day is cancelled: yesterday's list is no use today. Nothing is sent on a day with nothing
to do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from send_redress import SOON_DAYS
from web.advisers import caseload as cl
from web.advisers.models import Membership

from . import emails, tokens
from .models import Digest, preferences_for
from .outbox import Delivery, cancel, claim, record_failed, record_sent

log = logging.getLogger("web.reminders")

MOST_LINES = 100
"""An e-mail lists this many cases at most, today's first; the rest are on the caseload (an
organisation's admin with thousands of shared cases once got a 9,000-line e-mail)."""


@dataclass(frozen=True)
class Line:
    case_ref: str
    text: str
    case_url: str
    unassigned: bool = False


def lines_for(user: Any, today: date) -> list[Line]:
    """One line per case that needs the adviser today, in the caseload's order."""
    membership = Membership.objects.filter(user=user).first()
    if membership is None:
        return []
    shares = cl.filtered(cl.fresh(membership, today), cl.Filters(), today)
    follow_ups = cl.follow_ups_due(membership, today)
    by_case: dict[int, list[str]] = {}
    for contact in follow_ups:
        if contact.case_id:
            by_case.setdefault(contact.case_id, []).append(cl.follow_up_words(contact, today))
    wanted = (
        cl.status_q("soon", today)
        | cl.status_q("council-late", today)
        | cl.status_q("family-passed", today)
        | Q(case_id__in=list(by_case))
    )
    rows = (
        cl.ordered(shares.filter(wanted))
        .select_related("case")
        .only("id", "adviser_id", "case__public_id", *(f"case__{n}" for n in cl.CACHE_COLUMNS))
    )
    found: list[Line] = []
    listed: set[int] = set()
    for share in rows:
        case = share.case
        listed.add(case.pk)
        parts = []
        if case.next_deadline and (case.next_deadline - today).days <= SOON_DAYS:
            parts.append(
                "Next: " + cl.next_words(case.next_deadline_kind, case.next_deadline, today)
            )
        if case.council_late_since:
            parts.append(cl.push_words(case.council_late_kind, case.council_late_since, today))
        if case.family_passed_on:
            parts.append(cl.check_words(case.family_passed_kind, case.family_passed_on))
        parts += by_case.get(case.pk, [])
        unassigned = membership.is_admin and share.adviser_id is None
        if unassigned:
            parts.append("Not assigned to an adviser.")
        found.append(
            Line(
                case_ref=cl.case_ref(case.public_id),
                text=" ".join(p if p.endswith(".") else p + "." for p in parts),
                case_url=emails.absolute(reverse("advisers:case", args=[case.public_id])),
                unassigned=unassigned,
            )
        )
    # Follow-ups on enquiries, and on cases no longer shared: the contact, not the case.
    for contact in follow_ups:
        if contact.case_id in listed:
            continue
        found.append(
            Line(
                case_ref="Contact",
                text=cl.follow_up_words(contact, today),
                case_url=emails.absolute(reverse("advisers:contacts")),
            )
        )
    return found


def message_for(user: Any, lines: list[Line], today: date) -> EmailMessage:
    cases = len(lines)
    unassigned = sum(1 for line in lines if line.unassigned)
    subject = f"Your caseload today: {cases} case{'s' if cases != 1 else ''} to look at"
    unsubscribe = emails.unsubscribe_url(user.pk, tokens.DIGEST)
    preferences = emails.absolute(reverse("reminders:preferences"))
    body = [
        f"The cases you can see that need you: a deadline in the next {SOON_DAYS} days, "
        "a council duty that is late, a family deadline that has passed, or a follow-up due. "
        "Today's first. Closed cases are left out.",
    ]
    if unassigned:
        body.append(f"{unassigned} of them {'is' if unassigned == 1 else 'are'} not assigned.")
    body.append("")
    body += [f"{line.case_ref}: {line.text} {line.case_url}" for line in lines[:MOST_LINES]]
    if cases > MOST_LINES:
        caseload = emails.absolute(reverse("advisers:caseload"))
        body += ["", f"And {cases - MOST_LINES:,} more. See them all on your caseload:\n{caseload}"]
    body += [
        "",
        "---",
        f"This is your daily digest from SEND Redress for {emails.on(today)}.",
        f"Change your email choices:\n{preferences}",
        f"Stop the daily digest:\n{unsubscribe}",
    ]
    return EmailMessage(
        subject=subject,
        body="\n".join(body) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=emails.list_unsubscribe_headers(unsubscribe),
    )


def _wants_digest(user: Any) -> bool:
    return bool(user.is_active and user.email_verified and preferences_for(user).adviser_digest)


def plan(today: date) -> tuple[int, int]:
    """Make today's rows; cancel older ones never sent. Returns (made, cancelled)."""
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


def send(today: date, delivery: Delivery) -> tuple[int, int]:
    """Send today's pending digests through the run's outbox delivery. Returns (sent, failed)."""
    sent = failed = 0
    ids = list(
        Digest.objects.filter(status=Digest.PENDING, day=today)
        .order_by("id")
        .values_list("id", flat=True)
    )
    for digest_id in ids:
        with transaction.atomic():
            query = Digest.objects.filter(id=digest_id, status=Digest.PENDING)
            digest = claim(query.select_related("user")).first()
            if digest is None:
                continue
            user: Any = digest.user
            reason = None if _wants_digest(user) else "unsubscribed"
            lines = [] if reason else lines_for(user, today)
            if not reason and not lines:
                reason = "nothing-due"
            if reason:
                cancel(digest, reason)
                continue
            message = message_for(user, lines, today)
            message.extra_headers["X-Send-Redress-Reference"] = f"digest-{digest.pk}"
            described = delivery.send(message)
            if described is not None:
                record_failed([digest], described)
                failed += 1
                log.warning(
                    "digest %s not sent (attempt %s): %s; it stays pending for the next run",
                    digest.pk,
                    digest.attempts,
                    described,
                )
                if delivery.stopped:
                    break
                continue
            record_sent(Digest, [digest.pk], message, cases=len(lines))
            sent += 1
    return sent, failed


__all__ = ["Line", "lines_for", "message_for", "plan", "send"]
