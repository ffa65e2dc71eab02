"""Plan and send deadline reminders, each exactly once.

`run(today)` does both steps; `manage.py send_reminders` calls it from cron or a systemd timer.

1. **Plan**: for every open case of a person with a confirmed address who wants reminders,
   derive the deadlines with the engine and insert one row per reminder now due, keyed on
   (case, deadline id, due date, days before). Inserts ignore conflicts, so two workers planning
   at once make each row once. Pending rows no longer wanted are cancelled (the deadline moved,
   was met, passed, or the case was closed); a cancelled row wanted again (the case reopened, a
   date changed back) becomes pending again. A sent row is never touched.

   Only the nearest reminder is made: on a deadline 5 days away with 14, 7 and 2 days chosen,
   that is the 7-day one; the 14-day one is not sent late, and after the 7-day one the next is
   the 2-day one. A missed run is caught up on the next; nothing is sent after the due date.

2. **Send**: a case's pending rows due today or earlier are taken in one transaction with
   SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL), so rows another worker holds are skipped and
   rows it has sent are no longer pending; they go out as one e-mail. The case is checked again (events may have changed
   since planning), then the e-mail goes to the backend, and only when the backend has accepted
   it are the rows marked sent, in the same transaction. A failure leaves it pending with the
   error's class and code (no address, no name) for the next run. SQLite has no SKIP LOCKED:
   there a file lock lets one run at a time (`REMINDERS_LOCK_FILE`), and claiming and marking
   are short transactions of their own with the e-mail sent between them, each retried while
   the web holds the database's write lock (issue 12: a "database is locked" after the mail
   server had accepted an e-mail left it pending, and the next run sent it again).

   If a worker dies between the backend accepting an e-mail and its commit, that one e-mail is
   sent again on the next run: the only way to never send twice is to risk never sending, and a
   missed tribunal deadline costs far more than a repeated reminder.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.mail import get_connection
from django.db import OperationalError, connection, transaction
from django.db.models import Prefetch
from django.utils import timezone

from send_redress import DeadlineResult
from web.accounts.models import User
from web.cases.deadlines import assessment_for
from web.cases.models import NOTE, Case, Event

from . import emails
from .models import Preferences, Reminder
from .outbox import MAX_CONSECUTIVE_FAILURES, Delivery, cancel, claim, describe_error, record_sent
from .outbox import record_failed as _mark_failed

__all__ = ["MAX_CONSECUTIVE_FAILURES", "Result", "describe_error", "plan", "run", "send_due"]

log = logging.getLogger("web.reminders")

Key = tuple[str, date, int]  # deadline id, due date, days before
T = TypeVar("T")


@dataclass
class Result:
    planned: int = 0
    revived: int = 0
    cancelled: int = 0
    sent: int = 0
    """Reminders sent (one e-mail may carry several deadlines of a case)."""
    emails: int = 0
    failed: int = 0
    skipped: int = 0
    """Rows another worker held or had already sent."""
    digests_sent: int = 0
    digests_failed: int = 0
    stopped_early: bool = False
    locked_out: bool = False


def wanted_days_before(deadline: DeadlineResult, offsets: Sequence[int], today: date) -> int | None:
    """Which reminder is due now for this deadline: the nearest one whose day has come."""
    if deadline.met_on is not None or deadline.due < today:
        return None
    ready = [o for o in offsets if deadline.due - timedelta(days=o) <= today]
    return min(ready) if ready else None


def reason_not_wanted(
    key: Key,
    case: Case,
    prefs: Preferences,
    deadlines: dict[str, DeadlineResult],
    today: date,
) -> str | None:
    """Why a reminder should not be sent (any more), or None if it should."""
    deadline_id, due, days_before = key
    if case.closed_at is not None:
        return "closed"
    owner: Any = case.owner
    if not (owner.is_active and owner.email_verified):
        return "no-address"
    if not prefs.deadline_reminders:
        return "unsubscribed"
    deadline = deadlines.get(deadline_id)
    if deadline is None:
        return "gone"
    if deadline.met_on is not None:
        return "met"
    if deadline.due != due:
        return "moved"
    if due < today:
        return "passed"
    if wanted_days_before(deadline, prefs.offsets(), today) != days_before:
        return "superseded"
    return None


def _prefs(user: User) -> Preferences:
    try:
        return user.reminder_preferences
    except Preferences.DoesNotExist:
        return Preferences(user=user)


def _deadlines(
    case: Case, events: Iterable[Event] | None, today: date
) -> dict[str, DeadlineResult]:
    return {d.id: d for d in assessment_for(case, events, today).deadlines}


def _events_of(case_id: int) -> list[Event]:
    # With case_id among the fields: `case.events.only("kind", "date")` (what assessment_for
    # does when given no events) loads each event's deferred case_id again, one query each.
    return list(
        Event.objects.filter(case_id=case_id).exclude(kind=NOTE).only("case_id", "kind", "date")
    )


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def plan(today: date, result: Result | None = None, batch_size: int = 500) -> Result:
    result = result or Result()
    now = timezone.now()
    # Cases that cannot have reminders at all: cancel what is pending for them.
    for reason, query in (
        ("closed", {"case__closed_at__isnull": False}),
        ("no-address", {"case__owner__is_active": False}),
        ("no-address", {"case__owner__email_verified": False}),
    ):
        result.cancelled += Reminder.objects.filter(status=Reminder.PENDING, **query).update(
            status=Reminder.CANCELLED, cancel_reason=reason, cancelled_at=now
        )
    case_ids = list(
        Case.objects.filter(
            closed_at__isnull=True, owner__is_active=True, owner__email_verified=True
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    events = Event.objects.exclude(kind=NOTE).only("case_id", "kind", "date")
    for ids in _batches(case_ids, batch_size):
        cases = (
            Case.objects.filter(id__in=ids)
            .select_related("owner", "owner__reminder_preferences")
            .prefetch_related(Prefetch("events", queryset=events))
            .order_by()
        )
        existing: dict[tuple[int, str, date, int], tuple[int, str]] = {}
        pending_by_case: dict[int, list[tuple[int, str, date, int]]] = {}
        for r in Reminder.objects.filter(case_id__in=ids).values(
            "id", "case_id", "deadline_id", "due", "days_before", "status"
        ):
            key = (r["case_id"], r["deadline_id"], r["due"], r["days_before"])
            existing[key] = (r["id"], r["status"])
            if r["status"] == Reminder.PENDING:
                pending_by_case.setdefault(r["case_id"], []).append(key)
        wanted: set[tuple[int, str, date, int]] = set()
        cancel: dict[str, list[int]] = {}
        for case in cases:
            prefs = _prefs(case.owner)
            deadlines = _deadlines(case, case.events.all(), today)
            if prefs.deadline_reminders:
                offsets = prefs.offsets()
                for d in deadlines.values():
                    days_before = wanted_days_before(d, offsets, today)
                    if days_before is not None:
                        wanted.add((case.pk, d.id, d.due, days_before))
            for key in pending_by_case.get(case.pk, ()):
                if key not in wanted:
                    not_wanted = reason_not_wanted(key[1:], case, prefs, deadlines, today)
                    cancel.setdefault(not_wanted or "superseded", []).append(existing[key][0])
        new = [
            Reminder(
                case_id=case_id,
                deadline_id=deadline_id,
                due=due,
                days_before=days_before,
                send_on=due - timedelta(days=days_before),
            )
            for (case_id, deadline_id, due, days_before) in sorted(wanted - existing.keys())
        ]
        if new:
            Reminder.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
            result.planned += len(new)
        revive = [
            existing[k][0] for k in wanted if k in existing and existing[k][1] == Reminder.CANCELLED
        ]
        if revive:
            result.revived += Reminder.objects.filter(
                id__in=revive, status=Reminder.CANCELLED
            ).update(status=Reminder.PENDING, cancel_reason="", cancelled_at=None)
        for reason, row_ids in cancel.items():
            result.cancelled += Reminder.objects.filter(
                id__in=row_ids, status=Reminder.PENDING
            ).update(status=Reminder.CANCELLED, cancel_reason=reason, cancelled_at=now)
    return result


def _claim(case_id: int, today: date) -> list[Reminder]:
    """The case's pending reminders due by today that no other worker holds, locked until
    this transaction ends (PostgreSQL); on SQLite the run's file lock does the job."""
    return list(
        claim(
            Reminder.objects.filter(case_id=case_id, status=Reminder.PENDING, send_on__lte=today)
            .select_related("case", "case__owner", "case__owner__reminder_preferences")
            .order_by("due", "id")
        )
    )


@dataclass
class _Prepared:
    to_send: list[Reminder]
    message: Any
    cancelled: int


def _prepare(case_id: int, today: date) -> _Prepared | None:
    """Claim the case's due reminders, cancel those no longer wanted, and write the e-mail.
    None when another worker holds them or has sent them already."""
    reminders = _claim(case_id, today)
    if not reminders:
        return None
    case = reminders[0].case
    owner: Any = case.owner
    prefs = _prefs(owner)
    deadlines = _deadlines(case, _events_of(case.pk), today)
    to_send: list[Reminder] = []
    cancelled = 0
    for reminder in reminders:
        key = (reminder.deadline_id, reminder.due, reminder.days_before)
        reason = reason_not_wanted(key, case, prefs, deadlines, today)
        if reason:
            cancel(reminder, reason)
            cancelled += 1
        else:
            to_send.append(reminder)
    message = None
    if to_send:
        message = emails.deadline_reminder(
            user_id=owner.pk,
            email=owner.email,
            case_public_id=case.public_id,
            child_name=case.child_name,
            include_child_name=prefs.include_child_name,
            deadlines=[deadlines[r.deadline_id] for r in to_send],
            today=today,
        )
        message.extra_headers["X-Send-Redress-Reference"] = f"reminder-{to_send[0].pk}"
    return _Prepared(to_send, message, cancelled)


def _mark_sent(to_send: list[Reminder], message: Any) -> None:
    record_sent(Reminder, [r.pk for r in to_send], message)


def _is_locked(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "locked" in str(error)


def _retrying(job: Callable[..., T], *args: Any, tries: int) -> T:
    """Run `job` in its own transaction; on SQLite's "database is locked" (every web write
    held the lock past the busy timeout), wait a little longer each time and run it again."""
    for attempt in range(tries):
        try:
            with transaction.atomic():
                return job(*args)
        except OperationalError as error:
            if not _is_locked(error) or attempt == tries - 1:
                raise
            time.sleep(min(0.05 * 2**attempt, 2.0))
    raise AssertionError("unreachable")


PREPARE_TRIES = 8
MARK_TRIES = 60
"""A sent e-mail's rows are retried for minutes: an unmarked one would be sent again."""


def send_due(today: date, result: Result | None = None, email_connection: Any = None) -> Result:
    """Send what is pending, one e-mail per case (its reminders due today, together).

    PostgreSQL: each case's rows stay locked (SKIP LOCKED) from claim to marked sent, in one
    transaction, so a second worker skips them. SQLite (one run at a time, by file lock):
    claiming, and marking sent, are each a short transaction of their own, retried when the
    web holds the write lock; the e-mail goes out between them, holding no lock, so the web
    never waits for the mail server (issue 12, finding 4).
    """
    result = result or Result()
    backend = email_connection or get_connection(getattr(settings, "REMINDERS_EMAIL_BACKEND", None))
    delivery = Delivery(backend)
    try:
        _send_due(today, result, delivery)
    finally:
        delivery.close()
    return result


def _send_due(today: date, result: Result, delivery: Delivery) -> None:
    case_ids = list(
        Reminder.objects.filter(status=Reminder.PENDING, send_on__lte=today)
        .order_by("case_id")
        .values_list("case_id", flat=True)
        .distinct()
    )
    hold_locks = bool(connection.features.has_select_for_update_skip_locked)
    for case_id in case_ids:
        with transaction.atomic() if hold_locks else contextlib.nullcontext():
            try:
                if hold_locks:
                    prepared = _prepare(case_id, today)
                else:
                    prepared = _retrying(_prepare, case_id, today, tries=PREPARE_TRIES)
            except OperationalError as error:
                if not _is_locked(error):
                    raise
                log.warning("case %s: database busy; its reminders wait for the next run", case_id)
                result.failed += 1
                continue
            if prepared is None:
                result.skipped += 1
                continue
            result.cancelled += prepared.cancelled
            to_send, message = prepared.to_send, prepared.message
            if not to_send:
                continue
            described = delivery.send(message)
            if described is not None:
                if hold_locks:
                    _mark_failed(to_send, described)
                else:
                    _retrying(_mark_failed, to_send, described, tries=MARK_TRIES)
                result.failed += len(to_send)
                log.warning(
                    "reminders %s not sent (attempt %s): %s; they stay pending for the next run",
                    ",".join(str(r.pk) for r in to_send),
                    to_send[0].attempts,
                    described,
                )
                if delivery.stopped:
                    result.stopped_early = True
                    break
                continue
            if hold_locks:
                _mark_sent(to_send, message)
            else:
                try:
                    _retrying(_mark_sent, to_send, message, tries=MARK_TRIES)
                except OperationalError:
                    # Still locked after minutes: write it down outside the database, so
                    # that the next run marks these sent before it sends anything.
                    _journal_sent([r.pk for r in to_send])
                    raise
            result.sent += len(to_send)
            result.emails += 1


def _journal() -> Path:
    return Path(settings.REMINDERS_LOCK_FILE).with_suffix(".sent")


def _journal_sent(ids: list[int]) -> None:
    with open(_journal(), "a", encoding="ascii") as handle:
        handle.write(",".join(str(i) for i in ids) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    log.error("reminders %s were sent but could not be marked; written to the journal", ids)


def _replay_journal() -> None:
    """Mark sent what an earlier run sent but could not mark (SQLite, under the file lock)."""
    path = _journal()
    if not path.exists():
        return
    ids = [int(i) for line in path.read_text("ascii").split() for i in line.split(",") if i]
    Reminder.objects.filter(id__in=ids, status=Reminder.PENDING).update(
        status=Reminder.SENT, sent_at=timezone.now(), last_error="marked from the journal"
    )
    path.unlink()


@contextlib.contextmanager
def single_runner(path: Path) -> Iterator[bool]:
    """An exclusive, non-blocking lock on a file: True if this process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _run(today: date, result: Result, email_connection: Any) -> None:
    backend = email_connection or get_connection(getattr(settings, "REMINDERS_EMAIL_BACKEND", None))
    plan(today, result)
    delivery = Delivery(backend)  # one count of failures in a row for reminders and digests
    try:
        _send_due(today, result, delivery)
        if not apps.is_installed("web.advisers"):
            return
        from . import digest

        digest.plan(today)
        if delivery.stopped:
            log.warning("the daily digests wait for the next run: delivery is failing")
            return
        result.digests_sent, result.digests_failed = digest.send(today, delivery)
        result.stopped_early = delivery.stopped
    finally:
        delivery.close()


def run(today: date, email_connection: Any = None) -> Result:
    """Plan, then send reminders, then advisers' digests. On a database without SKIP LOCKED
    only one run at a time proceeds."""
    result = Result()
    if connection.features.has_select_for_update_skip_locked:
        _run(today, result, email_connection)
        return result
    with single_runner(Path(settings.REMINDERS_LOCK_FILE)) as mine:
        if not mine:
            result.locked_out = True
            log.info("another send_reminders is running on this database; this one stops")
            return result
        _replay_journal()
        _run(today, result, email_connection)
    return result
