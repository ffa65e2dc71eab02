"""A small local stand-in for the GOV.UK Notify API, on 127.0.0.1, for the real client to talk to.

It speaks the shape of POST /v2/notifications/email: a Bearer JWT signed (HS256) with the API
key's secret and issued by its service id, a JSON body with email_address, template_id and
personalisation, and a 201 answer with the notification's id, content and template. It checks
the token and the body as Notify does, and can be told to fail (`fail_with`: an HTTP status).
"""

from __future__ import annotations

import functools
import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer

SERVICE_ID = "8b3aa916-ec82-434e-b0c5-d5d9b371d6a3"
SECRET = "2e5b4b6a-9f6d-4e38-a1b0-0c4f3e1d9a77"
API_KEY = f"send_redress_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


@dataclass
class NotifyServer:
    requests: list[dict[str, Any]] = field(default_factory=list)
    fail_with: int | None = None
    server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> NotifyServer:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, error: str, message: str) -> None:
                self._answer(
                    status,
                    {"status_code": status, "errors": [{"error": error, "message": message}]},
                )

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                if self.path != "/v2/notifications/email":
                    return self._error(404, "NotFound", "Not found")
                auth = self.headers.get("Authorization", "")
                if not auth.startswith("Bearer "):
                    return self._error(
                        401, "AuthError", "Unauthorized: authentication token must be provided"
                    )
                token = auth.removeprefix("Bearer ")
                try:
                    if get_token_issuer(token) != SERVICE_ID:
                        return self._error(403, "AuthError", "Invalid token: service not found")
                    decode_jwt_token(token, SECRET)
                except Exception:  # noqa: BLE001 - any bad token is a 403, as Notify says
                    return self._error(403, "AuthError", "Invalid token: signature")
                if self.headers.get("Content-Type") != "application/json":
                    return self._error(400, "BadRequestError", "Content-Type must be JSON")
                body = json.loads(raw)
                outer.requests.append({"body": body, "headers": dict(self.headers)})
                if outer.fail_with:
                    return self._error(outer.fail_with, "Exception", "Internal server error")
                if body.get("template_id") != TEMPLATE_ID:
                    return self._error(400, "BadRequestError", "Template not found")
                if (
                    not isinstance(body.get("email_address"), str)
                    or "@" not in body["email_address"]
                ):
                    return self._error(
                        400, "ValidationError", "email_address Not a valid email address"
                    )
                personalisation = body.get("personalisation") or {}
                missing = {"subject", "body"} - personalisation.keys()
                if missing:
                    return self._error(
                        400,
                        "BadRequestError",
                        f"Missing personalisation: {', '.join(sorted(missing))}",
                    )
                notification_id = str(uuid.uuid4())
                self._answer(
                    201,
                    {
                        "id": notification_id,
                        "reference": body.get("reference"),
                        "content": {
                            "subject": personalisation["subject"],
                            "body": personalisation["body"],
                            "from_email": "send.redress@notifications.service.gov.uk",
                            "one_click_unsubscribe_url": body.get("one_click_unsubscribe_url"),
                        },
                        "uri": f"{outer.base_url}/v2/notifications/{notification_id}",
                        "template": {
                            "id": TEMPLATE_ID,
                            "version": 1,
                            "uri": f"{outer.base_url}/v2/template/{TEMPLATE_ID}",
                        },
                        "scheduled_for": None,
                    },
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # A short poll: shutdown() waits up to one poll interval (0.5 s by default) per test.
        serve = functools.partial(self.server.serve_forever, poll_interval=0.01)
        threading.Thread(target=serve, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
