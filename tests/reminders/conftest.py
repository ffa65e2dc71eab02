"""Fixtures for the reminder tests: a real SMTP server that can be told to refuse, parents
and cases whose deadlines fall where a test wants them."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

TODAY = date(2027, 2, 1)
PASSWORD = "correct horse battery staple"
BASE_URL = "https://send-redress.test"


@pytest.fixture(autouse=True)
def _reminder_settings(settings: Any, tmp_path: Any) -> None:
    settings.SEND_REDRESS_TODAY = TODAY
    settings.SERVICE_BASE_URL = BASE_URL
    settings.REMINDERS_LOCK_FILE = tmp_path / "send_reminders.lock"
    settings.REMINDERS_EMAIL_BACKEND = None
    settings.PASSWORD_HASHERS = ["web.accounts.testing.FastArgon2PasswordHasher"]


@dataclass
class Inbox:
    """What a local aiosmtpd server received. Set `refuse` to an SMTP reply such as
    "451 4.3.0 Try again later" and it refuses every message with it; `delay` slows each one."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse: str | None = None
    delay: float = 0.0
    refused: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse:
            self.refused += 1
            return self.refuse
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def bodies(self) -> list[str]:
        return [m.get_body(("plain",)).get_content() for m in self.messages]  # type: ignore[union-attr]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from web.accounts.models import User

    def make(email: str, *, verified: bool = True) -> Any:
        return User.objects.create_user(email, PASSWORD, email_verified=verified)

    return make


@pytest.fixture
def parent(make_user: Callable[..., Any]) -> Any:
    return make_user("parent@example.com")


def requested_for(due: date) -> date:
    """The assessment request date that puts the council's 6-week decision on `due`."""
    return due - timedelta(weeks=6)


@pytest.fixture
def make_case(parent: Any) -> Callable[..., Any]:
    """A case whose council decision on an assessment falls `days` after TODAY."""
    from web.cases import services

    def make(days: int = 7, *, owner: Any = None, child_name: str = "Sam Jones") -> Any:
        return services.create_case(
            owner or parent,
            child_name=child_name,
            child_date_of_birth=date(2015, 3, 27),
            setting="maintained-school",
            council="bedford",
            concern="refused-assessment",
            events=[("assessment-requested", requested_for(TODAY + timedelta(days=days)))],
        )

    return make


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while not predicate() and time.monotonic() < end:
        time.sleep(0.01)
    return predicate()


@pytest.fixture(scope="session")
def assert_valid_html() -> Iterator[Callable[..., None]]:
    from web import testing

    yield testing.assert_valid_html
    testing.vnu.stop()


@pytest.fixture(scope="session")
def assert_readable() -> Callable[..., float]:
    from web import testing

    return testing.assert_readable


def client_for(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
