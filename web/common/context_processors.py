from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        # GOV.UK's template.html puts cspNonce on its inline script; ours use it too.
        "cspNonce": getattr(request, "csp_nonce", ""),
        "service": {
            "name": "SEND Redress",
            "contact_email": settings.SERVICE_CONTACT_EMAIL,
            "source_url": settings.SERVICE_SOURCE_URL,
        },
    }
