"""A Django e-mail backend that sends through GOV.UK Notify with its official client.

Notify sends from its own templates: make one e-mail template whose subject is `((subject))`
and whose message is `((body))`, and set SEND_REDRESS_NOTIFY_TEMPLATE_ID to its id and
SEND_REDRESS_NOTIFY_API_KEY to a key. A `List-Unsubscribe` header on the message becomes
Notify's `one_click_unsubscribe_url` (Notify then adds the RFC 8058 headers itself), and an
`X-Send-Redress-Reference` header becomes Notify's `reference`.

`send_messages` raises on any failure unless `fail_silently`: a reminder is marked sent only
when Notify has answered 201 with a notification id (kept as `message.provider_id`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.notifications import NotificationsAPIClient


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(
        self,
        fail_silently: bool = False,
        api_key: str | None = None,
        template_id: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.api_key = api_key or settings.NOTIFY_API_KEY
        self.template_id = template_id or settings.NOTIFY_TEMPLATE_ID
        self.base_url = base_url or settings.NOTIFY_BASE_URL
        self.timeout = timeout or getattr(settings, "EMAIL_TIMEOUT", None) or 30
        self.client: NotificationsAPIClient | None = None

    def open(self) -> bool:
        if self.client is not None:
            return False
        self.client = NotificationsAPIClient(
            self.api_key, base_url=self.base_url, timeout=self.timeout
        )
        return True

    def close(self) -> None:
        if self.client is not None:
            self.client.request_session.close()
            self.client = None

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        created = self.open()
        sent = 0
        try:
            for message in email_messages:
                try:
                    self._send(message)
                except Exception:
                    if not self.fail_silently:
                        raise
                else:
                    sent += 1
        finally:
            if created:
                self.close()
        return sent

    def _send(self, message: EmailMessage) -> None:
        assert self.client is not None
        headers = {k.lower(): v for k, v in message.extra_headers.items()}
        unsubscribe = headers.get("list-unsubscribe", "").strip().lstrip("<").rstrip(">")
        ids = []
        for address in message.recipients():
            response = self.client.send_email_notification(
                email_address=address,
                template_id=self.template_id,
                personalisation={"subject": message.subject, "body": message.body},
                reference=headers.get("x-send-redress-reference") or None,
                one_click_unsubscribe_url=unsubscribe or None,
            )
            if not isinstance(response, dict) or not response.get("id"):
                raise RuntimeError("GOV.UK Notify gave no notification id")
            ids.append(str(response["id"]))
        # An attribute of ours on Django's EmailMessage, read by outbox.provider_id.
        message.provider_id = ",".join(ids)  # type: ignore[attr-defined]
