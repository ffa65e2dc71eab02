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


# Loggers whose messages we write ourselves or know carry no content: the service's own, Django's
# (its request logger gets DropRequestFilter), gunicorn's, and django-axes' sign-in notes.
OWN_LOGGERS = ("web", "django", "gunicorn", "axes")

# The task queue's progress notes ("Starting worker", a task's id and state) carry no content and
# are how an operator sees the workers run; its errors quote job tracebacks, so they are withheld.
PROGRESS_LOGGERS = ("django_tasks", "django_tasks_db")


class ThirdPartyFilter(logging.Filter):
    """Nothing from a document or an answer reaches a log (issue 12, finding 6).

    Libraries that read what people upload or type (pypdf, python-docx, WeasyPrint, fontTools,
    PIL) quote it in their warnings: a malformed PDF made pypdf log a child's name and
    diagnosis, thousands of lines of it. Their records below ERROR are dropped; at ERROR and
    above, only the logger's name and the level remain, never the message, arguments or
    traceback text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        name = record.name
        top = name.split(".", 1)[0]
        if top in OWN_LOGGERS:
            return True
        if record.levelno < logging.ERROR:
            return top in PROGRESS_LOGGERS
        record.msg = "a message from %s was withheld: it may quote a document or an answer"
        record.args = (name,)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
