"""Issue 12, finding 6: nothing from an uploaded document reaches the log, through the logging
the service really configures (settings.LOGGING), for a malformed PDF that makes pypdf quote
its text."""

from __future__ import annotations

import io
import logging
import logging.config

import pytest

from tests.personas import post_document
from web.cases.models import Document

pytestmark = pytest.mark.django_db

SECRET = b"Sam Smith has autism"
# pypdf warns "Expecting a NameObject for key but found 'Sam Smith has autism'" and
# "Ignoring page tree entry that is not a dictionary: Sam Smith has autism".
MALFORMED = (
    b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R (" + SECRET + b") 3>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[(" + SECRET + b")]/Count 1>>endobj\n"
    b"trailer<</Root 1 0 R>>\nstartxref\n99999\n%%EOF\n"
)


@pytest.fixture
def service_log(settings):
    """The console handler of settings.LOGGING, writing into a buffer."""
    logging.config.dictConfig(settings.LOGGING)
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    buffer = io.StringIO()
    old = handler.setStream(buffer)
    yield buffer
    handler.setStream(old)


def test_a_malformed_pdf_leaves_no_text_in_the_log(owner_client, case, document_root, service_log):
    response = post_document(owner_client, case, "report.pdf", MALFORMED)
    assert response.status_code == 302 and Document.objects.get().kind == "pdf"
    assert "Sam Smith" not in service_log.getvalue()


def test_the_service_still_logs_its_own_records_and_third_party_errors(service_log):
    logging.getLogger("web.cases").warning("kept")
    logging.getLogger("pypdf._reader").warning("Sam Smith, dropped")
    logging.getLogger("weasyprint").error("Sam Smith, withheld")
    text = service_log.getvalue()
    assert "kept" in text and "Sam Smith" not in text
    assert "a message from weasyprint was withheld" in text


def test_the_queues_progress_notes_are_logged_but_its_errors_withheld(service_log):
    # The test above's handler is shared by every logger that names it, django_tasks' included.
    for handler in logging.getLogger("django_tasks_db").handlers:
        handler.setStream(service_log)
    logging.getLogger("django_tasks_db").info("Starting worker worker_id=%s", "a")
    logging.getLogger("django_tasks.backends").error("Task failed: %s", SECRET.decode())
    logged = service_log.getvalue()
    assert "Starting worker worker_id=a" in logged
    assert "a message from django_tasks.backends was withheld" in logged
    assert SECRET.decode() not in logged
