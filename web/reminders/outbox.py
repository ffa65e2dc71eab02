"""One outbox for every e-mail sent from a row: deadline reminders and advisers' digests
(issue 11). Each row (`models.Outgoing`) is pending, then sent or cancelled; these helpers are
the one way to claim rows, send their e-mail and record what happened, so the two senders
cannot drift apart (the digest once lacked the stop after repeated failures).

- `claim(query)`: the rows no other worker holds, locked to the end of the transaction
  (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL; on SQLite one run at a time holds a file
  lock, `service.single_runner`).
- `Delivery.send(message)`: hand one e-mail to the backend; None when it was accepted, else the
  error's class and code. After MAX_CONSECUTIVE_FAILURES in a row `stopped` is set: the server
  is down, and the rest waits for the next run.
- `record_sent`, `record_failed`, `cancel`: write the outcome on the rows.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import connection
from django.db.models import F, Model, QuerySet
from django.utils import timezone

log = logging.getLogger("web.reminders")

MAX_CONSECUTIVE_FAILURES = 5
"""Stop a run after this many failures in a row: the server is down; the next run retries."""

M = TypeVar("M", bound=Model)


def claim(query: QuerySet[M]) -> QuerySet[M]:
    """`query`'s rows, locked until this transaction ends and skipped by other workers."""
    if connection.features.has_select_for_update_skip_locked:
        return query.select_for_update(skip_locked=True, of=("self",))
    return query


def describe_error(error: BaseException) -> str:
    """The error's class and code: what an operator needs, without the address or the text
    (an SMTP refusal may quote the recipient; a Notify error may quote the request)."""
    name = type(error).__name__
    code = getattr(error, "smtp_code", None) or getattr(error, "status_code", None)
    if code is None and isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = {c for c, _ in error.recipients.values()}
        code = ",".join(str(c) for c in sorted(codes))
    return f"{name} {code}" if code else name


class Delivery:
    """One run's e-mails through one backend, counting failures in a row."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.failures_in_a_row = 0
        self.stopped = False

    def send(self, message: Any) -> str | None:
        """None if the backend accepted `message`; otherwise what went wrong (no address)."""
        try:
            self.backend.open()  # once per run; again after a failure closed it
            if self.backend.send_messages([message]) != 1:
                raise RuntimeError("the backend did not accept the message")
        except Exception as error:  # noqa: BLE001 - any failure leaves the rows pending
            with contextlib.suppress(Exception):
                self.backend.close()
            self.failures_in_a_row += 1
            if self.failures_in_a_row >= MAX_CONSECUTIVE_FAILURES:
                log.warning(
                    "stopping after %s failures in a row; the rest wait for the next run",
                    self.failures_in_a_row,
                )
                self.stopped = True
            return describe_error(error)[:200]
        self.failures_in_a_row = 0
        return None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.backend.close()


def provider_id(message: Any) -> str:
    """The id to keep for a sent e-mail: GOV.UK Notify's, or the Message-ID we sent."""
    return str(getattr(message, "provider_id", "") or message.extra_headers["Message-ID"])[:200]


def record_sent(model: type[Model], ids: Iterable[int], message: Any, **also: Any) -> int:
    """Mark these rows sent (those still pending), one more attempt each."""
    return model._default_manager.filter(id__in=list(ids), status="pending").update(
        status="sent",
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        last_error="",
        provider_id=provider_id(message),
        **also,
    )


def record_failed(rows: Iterable[Any], described: str) -> None:
    """One more attempt, and why it failed; the rows stay pending for the next run."""
    for row in rows:
        row.attempts += 1
        row.last_error = described
        row.save(update_fields=["attempts", "last_error"])


def cancel(row: Any, reason: str) -> None:
    row.status = "cancelled"
    row.cancel_reason = reason
    row.cancelled_at = timezone.now()
    row.save(update_fields=["status", "cancel_reason", "cancelled_at"])
