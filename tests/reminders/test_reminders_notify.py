"""The GOV.UK Notify backend, through the official client, against a local Notify-shaped server."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.mail import EmailMessage
from notifications_python_client.errors import HTTPError

from web.reminders import service
from web.reminders.models import Reminder
from web.reminders.notify import NotifyEmailBackend

from .conftest import BASE_URL, TODAY
from .notify_server import API_KEY, TEMPLATE_ID, NotifyServer


@pytest.fixture
def notify(settings: Any) -> Iterator[NotifyServer]:
    server = NotifyServer().start()
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_BASE_URL = server.base_url
    settings.REMINDERS_EMAIL_BACKEND = "web.reminders.notify.NotifyEmailBackend"
    # Django's own e-mail would fail loudly if reminders went there instead.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.django_db
def test_reminders_go_through_notify_once(notify, make_case):
    case = make_case(7)
    result = service.run(TODAY)
    assert (result.emails, result.failed) == (1, 0)
    [request] = notify.requests
    body = request["body"]
    assert body["email_address"] == "parent@example.com"
    assert body["template_id"] == TEMPLATE_ID
    assert (
        body["personalisation"]["subject"] == "A SEND deadline is in 7 days: Monday 8 February 2027"
    )
    assert f"{BASE_URL}/cases/{case.public_id}/" in body["personalisation"]["body"]
    assert body["one_click_unsubscribe_url"].startswith(f"{BASE_URL}/reminders/unsubscribe/")
    row = Reminder.objects.get()
    assert body["reference"] == f"reminder-{row.pk}"
    assert request["headers"]["User-agent"].startswith("NOTIFY-API-PYTHON-CLIENT/")
    assert row.status == Reminder.SENT
    assert len(row.provider_id) == 36  # Notify's notification id
    service.run(TODAY)
    assert len(notify.requests) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", [500, 429, 400])
def test_a_notify_failure_leaves_it_pending_and_the_next_run_retries(
    notify, make_case, caplog, status
):
    make_case(7)
    notify.fail_with = status
    with caplog.at_level(logging.WARNING, logger="web.reminders"):
        result = service.run(TODAY)
    assert (result.emails, result.failed) == (0, 1)
    row = Reminder.objects.get()
    assert (row.status, row.last_error) == (Reminder.PENDING, f"HTTPError {status}")
    assert "parent@example.com" not in caplog.text and "Sam" not in caplog.text
    notify.fail_with = None
    assert service.run(TODAY).emails == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Reminder.SENT, 2)
    assert len(notify.requests) == 2


@pytest.mark.django_db
def test_notify_unreachable_leaves_it_pending(notify, make_case, settings):
    from tests.mail import free_port

    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{free_port()}"
    make_case(7)
    result = service.run(TODAY)
    assert result.failed == 1
    assert Reminder.objects.get().last_error.startswith("HTTP")


def test_a_bad_key_is_refused_by_the_server(notify):
    backend = NotifyEmailBackend(api_key=API_KEY.replace("2e5b", "0000"))
    message = EmailMessage("Subject", "Body", to=["parent@example.com"])
    with pytest.raises(HTTPError) as raised:
        backend.send_messages([message])
    assert raised.value.status_code == 403
    assert (
        NotifyEmailBackend(
            api_key=API_KEY.replace("2e5b", "0000"), fail_silently=True
        ).send_messages([message])
        == 0
    )


def test_the_backend_sends_any_django_message(notify):
    backend = NotifyEmailBackend()
    message = EmailMessage("Hello", "Plain text", to=["a@example.com", "b@example.com"])
    assert backend.send_messages([message]) == 1
    assert [r["body"]["email_address"] for r in notify.requests] == [
        "a@example.com",
        "b@example.com",
    ]
    assert "one_click_unsubscribe_url" not in notify.requests[0]["body"]
    assert message.provider_id.count(",") == 1  # type: ignore[attr-defined]
