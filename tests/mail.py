"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, which Django reaches through its own
SMTP backend. Shared by the case-file and reminder tests (their conftests import `smtp`)."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Inbox:
    """What the server received. Set `refuse` to an SMTP reply such as
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

    def wait(self, count: int = 1, timeout: float = 5.0) -> list[EmailMessage]:
        """The messages so far, after waiting up to `timeout` seconds for `count` of them."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.messages

    def last_body(self) -> str:
        return self.wait()[-1].get_body(("plain",)).get_content()  # type: ignore[union-attr]

    def bodies(self) -> list[str]:
        return [m.get_body(("plain",)).get_content() for m in self.messages]  # type: ignore[union-attr]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    """A real SMTP server on a free port; Django's e-mail settings point at it."""
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
