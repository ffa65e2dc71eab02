"""Exactly once with two workers at once: runs in make test's PostgreSQL pass.

Two threads, each with its own database connection (Django's connections are per thread), run
the whole of send_reminders at the same moment against one real SMTP server that is slowed a
little so that their runs overlap. Every reminder must arrive exactly once.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, connections

from web.reminders import service
from web.reminders.models import Reminder

from .conftest import TODAY

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def together(workers: int, job) -> list[service.Result]:
    barrier = threading.Barrier(workers)
    results: list[service.Result] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            results.append(job())
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def test_the_database_has_skip_locked():
    assert connection.vendor == "postgresql"
    assert connection.features.has_select_for_update_skip_locked


def test_two_workers_at_once_send_each_reminder_exactly_once(smtp, make_case, make_user):
    cases = [make_case(7, owner=make_user(f"parent{i}@example.com")) for i in range(40)]
    smtp.delay = 0.01
    results = together(2, lambda: service.run(TODAY))
    assert sum(r.emails for r in results) == len(cases)
    received = Counter(m["To"] for m in smtp.messages)
    assert len(received) == len(cases)
    assert set(received.values()) == {1}
    assert all(r.failed == 0 for r in results)
    # Both did work: the rows one held were skipped by the other, not sent twice.
    assert sum(r.skipped for r in results) > 0 or all(r.emails for r in results)
    assert Reminder.objects.filter(status=Reminder.SENT).count() == len(cases)
    assert Reminder.objects.count() == len(cases)

    # And both again, a day later in the same window: nothing new.
    again = together(2, lambda: service.run(TODAY + timedelta(days=1)))
    assert sum(r.emails for r in again) == 0
    assert len(smtp.messages) == len(cases)


def test_two_workers_while_the_server_refuses_then_accepts(smtp, make_case, make_user):
    for i in range(10):
        make_case(2, owner=make_user(f"parent{i}@example.com"))
    smtp.refuse = "451 4.3.0 Try again later"
    together(2, lambda: service.run(TODAY))
    assert smtp.messages == []
    assert Reminder.objects.filter(status=Reminder.PENDING).count() == 10
    smtp.refuse = None
    smtp.delay = 0.01
    results = together(2, lambda: service.run(TODAY))
    assert sum(r.emails for r in results) == 10
    assert set(Counter(m["To"] for m in smtp.messages).values()) == {1}
    assert len(smtp.messages) == 10


def test_a_row_another_worker_holds_is_skipped(smtp, make_case):
    """While one transaction holds a case's reminders, a worker skips them (SKIP LOCKED) rather
    than wait or send; once released, they are sent once."""
    make_case(7)
    service.plan(TODAY)
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        from django.db import transaction

        try:
            with transaction.atomic():
                list(Reminder.objects.select_for_update())
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    try:
        result = service.send_due(TODAY)
    finally:
        release.set()
        holder.join(10)
    assert (result.emails, result.skipped) == (0, 1)
    assert service.send_due(TODAY).emails == 1
    assert len(smtp.messages) == 1


def test_two_workers_send_each_advisers_digest_once(smtp, make_case, make_user):
    from web.advisers import services
    from web.advisers.models import Membership, Organisation
    from web.cases.deadlines import refresh_next_deadline

    organisation = Organisation.objects.create(name="Bedford SENDIASS")
    for i in range(10):
        adviser = make_user(f"adviser{i}@bedford.example")
        membership = Membership.objects.create(user=adviser, organisation=organisation)
        share = services.share(case := make_case(20 + i), organisation, by=case.owner)
        services.assign(share, membership, by=adviser)
        # The first deadline is 20 days or more away; a decision notice adds two at 7 days.
        share.case.events.create(kind="decision-notice-sent", date=TODAY - timedelta(days=55))
        # The digest reads the caseload's cache, which the case services keep; this raw
        # insert bypasses them, so the cache is refreshed here as they would.
        refresh_next_deadline(share.case)
    smtp.delay = 0.01
    results = together(2, lambda: service.run(TODAY))
    assert sum(r.digests_sent for r in results) == 10
    to_advisers = Counter(m["To"] for m in smtp.messages if m["To"].endswith("@bedford.example"))
    assert len(to_advisers) == 10 and set(to_advisers.values()) == {1}
