"""Keep what people type out of logs and error reports."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.views.debug import SafeExceptionReporterFilter


class DropRequestFilter(logging.Filter):
    """Removes the request object Django attaches to django.request/django.security records,
    so that no handler or formatter can reach its body, POST data, cookies or headers."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True


class NoRequestDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports (the DEBUG page, any mail handler someone adds) show no POST data, and
    outside DEBUG no local variables of any frame either."""

    def get_post_parameters(self, request: HttpRequest | None) -> dict[str, Any]:
        return {}

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> Any:
        if settings.DEBUG:
            return super().get_traceback_frame_variables(request, tb_frame)
        return []
