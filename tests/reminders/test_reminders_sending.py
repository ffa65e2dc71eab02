"""send_reminders end to end: plan, send through a real SMTP server, read what arrived."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from tests.personas import new_case, shows
from web.reminders import service
from web.reminders.models import Preferences, Reminder

from .conftest import BASE_URL, TODAY, requested_for

pytestmark = pytest.mark.django_db


def run(today: date = TODAY) -> service.Result:
    return service.run(today)


def test_a_deadline_7_days_away_sends_one_email_once(smtp, make_case):
    case = make_case(7)
    first = run()
    assert (first.emails, first.sent, first.failed) == (1, 1, 0)
    [message] = smtp.messages
    assert message["To"] == "parent@example.com"
    assert message["Subject"] == "A SEND deadline is in 7 days: Monday 8 February 2027"
    body = smtp.bodies()[0]
    assert "a deadline in Sam’s case file" in body
    assert "Council decides whether to assess" in body
    assert "Date: Monday 8 February 2027 (in 7 days)" in body
    assert "What to do: This is a date the council must meet." in body
    assert f"{BASE_URL}/cases/{case.public_id}/" in body
    # Nothing sensitive: no surname, no council, no dates of events, no date of birth.
    for secret in ("Jones", "bedford", "Bedford", "2026", "2015"):
        assert secret not in body
    url = message["List-Unsubscribe"].strip().strip("<>")
    assert url.startswith(f"{BASE_URL}/reminders/unsubscribe/")
    assert url in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row = Reminder.objects.get()
    assert (row.status, row.days_before, row.due, row.attempts) == (
        Reminder.SENT,
        7,
        TODAY + timedelta(days=7),
        1,
    )
    assert row.provider_id == message["Message-ID"]

    again = run()
    assert (again.emails, again.sent, again.planned) == (0, 0, 0)
    assert len(smtp.messages) == 1


def test_reminders_at_14_7_2_and_0_days_then_nothing(smtp, make_case):
    make_case(14)
    sent_on = []
    for offset in range(17):
        day = TODAY + timedelta(days=offset)
        before = len(smtp.messages)
        run(day)
        run(day)  # twice a day changes nothing
        if len(smtp.messages) > before:
            assert len(smtp.messages) == before + 1
            sent_on.append(offset)
    assert sent_on == [0, 7, 12, 14]
    assert smtp.messages[-1]["Subject"] == "A SEND deadline is today, Monday 15 February 2027"
    assert sorted(Reminder.objects.values_list("days_before", flat=True)) == [0, 2, 7, 14]


def test_a_late_start_sends_only_the_nearest_reminder(smtp, make_case):
    make_case(5)  # 14 and 7 days have gone by: only the 7-day reminder, once
    run()
    assert len(smtp.messages) == 1
    assert list(Reminder.objects.values_list("days_before", flat=True)) == [7]
    assert "(in 5 days)" in smtp.bodies()[0]


def test_nothing_for_a_deadline_that_has_passed(smtp, make_case):
    make_case(-1)
    result = run()
    assert result.emails == 0
    assert not Reminder.objects.exists()


def test_two_deadlines_of_a_case_on_the_same_day_are_one_email(smtp, parent):

    new_case(parent, events=[("decision-notice-sent", date(2026, 12, 8))])
    result = run()
    assert (result.emails, result.sent) == (1, 2)
    body = smtp.bodies()[0]
    assert "a reminder about 2 deadlines in Sam’s case file" in body
    assert "Contact the mediation adviser" in body
    assert "This is a time limit for you." in body
    assert smtp.messages[0]["Subject"].startswith("SEND deadlines: the first is in 7 days")


def test_the_child_name_is_left_out_when_the_parent_says_so(smtp, make_case, parent):
    Preferences.objects.create(user=parent, include_child_name=False)
    make_case(7)
    run()
    body = smtp.bodies()[0]
    assert "your child’s case file" in body
    assert not shows(body, "Sam")


def test_days_before_follow_the_parents_choice(smtp, make_case, parent):
    Preferences.objects.create(user=parent, days_before=[28, 1])
    make_case(7)
    run()
    assert list(Reminder.objects.values_list("days_before", flat=True)) == [28]
    run(TODAY + timedelta(days=6))
    assert sorted(Reminder.objects.values_list("days_before", flat=True)) == [1, 28]
    assert len(smtp.messages) == 2


def test_no_reminders_when_turned_off_or_the_address_is_not_confirmed(
    smtp, make_case, make_user, parent
):
    Preferences.objects.create(user=parent, deadline_reminders=False)
    make_case(7)
    make_case(7, owner=make_user("unconfirmed@example.com", verified=False))
    result = run()
    assert result.emails == 0
    assert not Reminder.objects.exists()


def test_a_moved_deadline_cancels_the_old_reminder_and_follows_the_new_date(smtp, make_case):
    from web.cases import services

    case = make_case(7)
    smtp.refuse = "451 4.3.0 Try again later"
    run()
    old = Reminder.objects.get()
    assert old.status == Reminder.PENDING
    # The parent corrects the request date: the decision is now due in 2 days.
    event = case.events.get()
    services.update_event(
        event,
        by=case.owner,
        kind=event.kind,
        day=requested_for(TODAY + timedelta(days=2)),
        who="",
        what="",
    )
    smtp.refuse = None
    result = run()
    assert result.emails == 1
    old.refresh_from_db()
    assert (old.status, old.cancel_reason) == (Reminder.CANCELLED, "moved")
    new = Reminder.objects.get(status=Reminder.SENT)
    assert (new.due, new.days_before) == (TODAY + timedelta(days=2), 2)
    assert "Date: Wednesday 3 February 2027 (in 2 days)" in smtp.bodies()[0]
    # And back again: the cancelled key becomes wanted and is sent once.
    services.update_event(
        event, by=case.owner, kind=event.kind, day=requested_for(old.due), who="", what=""
    )
    run()
    old.refresh_from_db()
    assert old.status == Reminder.SENT
    assert len(smtp.messages) == 2


def test_a_deadline_moved_between_planning_and_sending_is_not_sent(smtp, make_case):
    case = make_case(7)
    service.plan(TODAY)
    case.events.update(date=requested_for(TODAY + timedelta(days=30)))
    result = service.send_due(TODAY)
    assert (result.emails, result.cancelled) == (0, 1)
    assert Reminder.objects.get().cancel_reason == "moved"
    assert smtp.messages == []


def test_a_met_deadline_stops_its_reminders(smtp, make_case):
    from web.cases import services

    case = make_case(7)
    smtp.refuse = "421 4.3.2 Service not available"
    run()
    services.add_event(case, by=case.owner, kind="decision-notice-sent", day=TODAY)
    smtp.refuse = None
    result = run()
    row = Reminder.objects.get(deadline_id="assessment-decision")
    assert (row.status, row.cancel_reason) == (Reminder.CANCELLED, "met")
    assert not any("Council decides" in b for b in smtp.bodies())
    # The decision notice starts the parent's own clocks: those are not due for weeks.
    assert result.emails == 0


def test_a_closed_case_stops_and_a_reopened_one_starts_again(smtp, make_case):
    from django.utils import timezone

    case = make_case(7)
    smtp.refuse = "451 4.3.0 Try again later"
    run()
    case.closed_at = timezone.now()
    case.save()
    smtp.refuse = None
    run()
    row = Reminder.objects.get()
    assert (row.status, row.cancel_reason) == (Reminder.CANCELLED, "closed")
    assert smtp.messages == []
    case.closed_at = None
    case.save()
    result = run()
    assert (result.revived, result.emails) == (1, 1)
    row.refresh_from_db()
    assert row.status == Reminder.SENT


@pytest.mark.parametrize(
    "reply, logged",
    [
        ("451 4.3.0 Mailbox busy, try again later", "SMTPDataError 451"),
        ("554 5.7.1 Message refused", "SMTPDataError 554"),
    ],
)
def test_a_refusing_smtp_server_leaves_it_pending_and_the_next_run_retries(
    smtp, make_case, caplog, reply, logged
):
    make_case(7)
    smtp.refuse = reply
    with caplog.at_level(logging.WARNING, logger="web.reminders"):
        result = run()
    assert (result.emails, result.sent, result.failed) == (0, 0, 1)
    assert smtp.refused == 1
    row = Reminder.objects.get()
    assert (row.status, row.attempts, row.last_error) == (Reminder.PENDING, 1, logged)
    [record] = [r for r in caplog.records if r.name == "web.reminders"]
    text = record.getMessage()
    assert logged in text and "stays pending" in text or "stay pending" in text
    for personal in ("parent@example.com", "Sam", "Jones", str(row.case.public_id)):
        assert personal not in text

    smtp.refuse = None
    result = run()
    assert (result.emails, result.failed) == (1, 0)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Reminder.SENT, 2, "")
    assert len(smtp.messages) == 1
    run()
    assert len(smtp.messages) == 1


def test_no_smtp_server_at_all_leaves_everything_pending(settings, make_case, caplog):
    from tests.mail import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    for _ in range(service.MAX_CONSECUTIVE_FAILURES + 2):
        make_case(7)
    with caplog.at_level(logging.WARNING, logger="web.reminders"):
        result = run()
    assert result.stopped_early
    assert result.failed == service.MAX_CONSECUTIVE_FAILURES
    assert Reminder.objects.filter(status=Reminder.PENDING).count() == Reminder.objects.count()
    assert "ConnectionRefusedError" in caplog.text


def test_the_command_prints_what_it_did_with_the_console_backend(make_case):
    make_case(7)
    out = StringIO()
    call_command("send_reminders", stdout=out, stderr=StringIO())
    assert "2027-02-01: 1 e-mails, 1 reminders sent, 0 failed" in out.getvalue()
    assert Reminder.objects.get().status == Reminder.SENT


def test_the_command_takes_a_date(smtp, make_case):
    make_case(9)
    out = StringIO()
    call_command("send_reminders", "--today", "2027-02-03", stdout=out)
    assert "2027-02-03: 1 e-mails" in out.getvalue()
    assert "(in 7 days)" in smtp.bodies()[0]


@pytest.mark.skipif(
    "connection.features.has_select_for_update_skip_locked",
    reason="the file lock is SQLite's single-writer path",
)
def test_on_sqlite_a_second_run_at_the_same_time_does_nothing(smtp, make_case, settings):
    assert not connection.features.has_select_for_update_skip_locked
    make_case(7)
    with service.single_runner(settings.REMINDERS_LOCK_FILE) as mine:
        assert mine
        result = run()
    assert result.locked_out and result.emails == 0
    assert run().emails == 1


def test_deleting_the_account_deletes_its_reminders(smtp, make_case, parent):
    from web.accounts import services

    make_case(7)
    run()
    services.delete_account(parent)
    assert not Reminder.objects.exists()
    assert not Preferences.objects.exists()


def test_describe_error_never_quotes_the_address():
    import smtplib

    refused = smtplib.SMTPRecipientsRefused({"parent@example.com": (550, b"no such user")})
    assert service.describe_error(refused) == "SMTPRecipientsRefused 550"
    assert service.describe_error(smtplib.SMTPDataError(451, b"x")) == "SMTPDataError 451"
    assert service.describe_error(ValueError("parent@example.com")) == "ValueError"


def test_result_counts_are_plain(make_case, smtp: Any):
    assert service.Result().sent == 0


def test_a_governors_duty_after_an_exclusion_is_reminded_as_the_schools(smtp, parent):
    """Issue 14: a new clock (15 school days for the governors) is reminded like any other, and
    the e-mail says whose duty it is. Excluded Fri 22 January 2027: 15 weekdays end Fri 12
    February 2027, 11 days after TODAY (1 February), so the 14-day reminder is due now."""

    new_case(
        parent,
        "Sam Jones",
        concern="exclusion",
        events=[("permanently-excluded", date(2027, 1, 22))],
    )
    result = run()
    assert result.sent == 1
    body = smtp.bodies()[0]
    assert "Governors decide whether to reinstate after a permanent exclusion" in body
    assert "Date: Friday 12 February 2027 (in 11 days)" in body
    assert "This is a date the school, its governors or the academy trust must meet." in body
    assert Reminder.objects.get().deadline_id == "reinstatement-permanent"
