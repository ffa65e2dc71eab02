"""The "Check a plan" pages: a visitor's plan checked in memory and thrown away, a scan read on
the queue with its progress, a case's plan checked and its result saved, the letter, the API."""

from __future__ import annotations

import base64
import io
import json
import logging
import re
from pathlib import Path

import jsonschema
import pytest
from django.test import Client

from tests.personas import pdf_bytes
from tests.plans.corpus import build, plans, to_pdf, to_scan
from web.plans.models import PlanScan, SavedPlanCheck

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).parents[3] / "send_redress/schema/plan-check-output.schema.json").read_text(
        "utf-8"
    )
)
PLAN_TEXT = """Draft EHC plan
Date of issue: 25 January 2027
Section B: Special educational needs
Sam has difficulty with expressive language.
Section F: Special educational provision
Sam will have access to speech and language therapy as appropriate.
Sam will receive a phonics programme for 20 minutes daily from a trained teaching assistant.
"""


def corpus(prefix: str):
    return next(p for p in plans() if p.name.startswith(prefix))


def stored(root) -> list[str]:
    return [p.name for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_the_page_says_plainly_what_happens_to_the_plan(client, assert_valid_html):
    response = client.get("/check-a-plan/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "It is not sent anywhere else" in page and "We do not keep it" in page
    assert "sessionid" not in response.cookies
    assert_valid_html(page)


def test_pasted_words_are_checked_and_nothing_is_kept_or_logged(
    client, document_root, caplog, assert_valid_html
):
    caplog.set_level(logging.DEBUG)
    response = client.post("/check-a-plan/", {"text": PLAN_TEXT, "kind": "unknown"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "access to speech and language therapy as appropriate" in page
    assert (
        "&#34;access to&#34;, &#34;as appropriate&#34;" in page
        or '"access to", "as appropriate"' in page
    )
    # The engine's date, on the same page as the letter.
    assert "Send your comments on the draft by 8 February 2027" in page
    assert 'action="/check-a-plan/letter/"' in page
    assert response["Cache-Control"] == "private, no-store"
    assert "sessionid" not in response.cookies
    assert stored(document_root) == []
    assert PlanScan.objects.count() == 0 and SavedPlanCheck.objects.count() == 0
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "speech and language" not in logged and "phonics" not in logged
    assert_valid_html(page)


def test_an_uploaded_word_plan_with_a_table_is_checked(client):
    upload = io.BytesIO(build(corpus("04-")))
    upload.name = "plan.docx"
    page = client.post("/check-a-plan/", {"plan": upload}).content.decode()
    assert "The final plan names no school or type of school" in page
    assert "Access to a radio aid" in page
    assert "Download the letter" not in page  # representations are for a draft


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: b"%PDF-1.4 broken", "The PDF seems to be damaged"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Word file (.doc)"),
        (lambda: _encrypted(), "protected with a password"),
        (lambda: pdf_bytes(300), "The file has 300 pages"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message_not_a_500(client, make, words):
    upload = io.BytesIO(make())
    upload.name = "plan.pdf"
    response = client.post("/check-a-plan/", {"plan": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert words in page and "govuk-error-summary" in page


def test_no_file_and_no_words_is_an_error_with_a_summary(client):
    page = client.post("/check-a-plan/", {"text": "  "}).content.decode()
    assert (
        "Choose the plan&#39;s file, or paste its words" in page
        or "Choose the plan's file, or paste its words" in page
    )


def test_a_scan_is_read_on_the_queue_then_its_bytes_are_gone(
    client, document_root, assert_valid_html
):
    upload = io.BytesIO(build(corpus("07-")))
    upload.name = "scan.pdf"
    response = client.post("/check-a-plan/", {"plan": upload})
    assert response.status_code == 302
    scan = PlanScan.objects.get()
    # The test settings run jobs at once: read page by page, with the progress saved.
    assert scan.status == "done" and scan.pages_done == scan.pages_total >= 1
    assert scan.storage_name == "" and stored(document_root) == []
    page = client.get(response["Location"]).content.decode()
    assert "access to speech and language therapy" in page.lower()
    assert "We keep these results for 1 hour" in page
    assert_valid_html(page)
    # Only the browser that sent it can see it.
    assert Client().get(response["Location"]).status_code == 404


def test_a_scan_still_being_read_shows_its_progress(client):
    key_client = client
    key_client.get("/check-a-plan/")
    session = key_client.session
    session["plans_scan_secret"] = "s3cret"
    session.save()
    import hashlib

    scan = PlanScan.objects.create(
        owner_key=hashlib.sha256(b"s3cret").hexdigest(),
        status="reading",
        pages_done=2,
        pages_total=5,
        options={"today": "2027-02-01"},
    )
    page = key_client.get(f"/check-a-plan/scans/{scan.public_id}/").content.decode()
    assert "Read 2 of 5 pages." in page and "Check if it is ready" in page


def test_the_letter_lists_only_the_findings_the_parent_kept(client):
    page = client.post("/check-a-plan/", {"text": PLAN_TEXT}).content.decode()
    findings = [
        json.loads(html_unescape(v)) for v in re.findall(r'name="finding" value="([^"]+)"', page)
    ]
    assert findings
    vague = next(f for f in findings if f["check"] == "f-vague-words")
    other = next(f for f in findings if f["check"] != "f-vague-words")
    forged = {**other, "key": "ffffffffffff", "check": "no-such-check"}
    response = client.post(
        "/check-a-plan/letter/",
        {
            "finding": [json.dumps(f) for f in findings] + [json.dumps(forged)],
            "keep": [vague["key"], forged["key"]],
            "child_name": "Sam",
            "sender_name": "Alex Example",
            "format": "text",
            "comments_due": "2027-02-08",
            "plan_dated": "2027-01-25",
        },
    )
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="representations-on-the-draft-plan.txt"'
    )
    letter = response.content.decode()
    assert "Representations on the draft EHC plan: Sam" in letter
    assert "which end on 8 February 2027" in letter
    assert '"access to", "as appropriate"' in letter
    assert letter.count("The draft says:") == 1
    docx = client.post(
        "/check-a-plan/letter/",
        {"finding": [json.dumps(vague)], "keep": [vague["key"]], "format": "docx"},
    )
    assert docx.content[:2] == b"PK"


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_a_plan_saved_to_a_case_is_checked_and_the_result_saved_with_it(
    owner_client, other_client, case, owner, assert_valid_html
):
    from web.cases import documents, services

    data = build(corpus("05-"))
    checked = documents.check(io.BytesIO(data), "draft-plan.pdf", len(data))
    document = services.add_document(case, checked, io.BytesIO(data), by=owner)
    listing = owner_client.get(f"/cases/{case.public_id}/plans/")
    assert "draft-plan.pdf" in listing.content.decode()
    assert_valid_html(listing.content.decode())
    response = owner_client.post(
        f"/cases/{case.public_id}/plans/{document.pk}/check/", {"kind": "unknown"}
    )
    saved = SavedPlanCheck.objects.get()
    assert response["Location"] == f"/cases/{case.public_id}/plans/checks/{saved.pk}/"
    assert saved.document == document and saved.result["plan"]["kind"] == "draft"
    jsonschema.validate(saved.result, SCHEMA)
    page = owner_client.get(response["Location"]).content.decode()
    assert "regular movement breaks" in page and "is saved with the document" in page
    assert_valid_html(page)
    assert other_client.get(response["Location"]).status_code == 404
    owner_client.post(f"/cases/{case.public_id}/plans/checks/{saved.pk}/delete/")
    assert SavedPlanCheck.objects.count() == 0


def test_the_api_checks_a_plan_sent_as_text_or_as_a_file(client):
    answer = client.post(
        "/api/v1/check-plan",
        {"text": PLAN_TEXT, "today": "2027-02-01"},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    data = answer.json()
    jsonschema.validate(data, SCHEMA)
    assert data["dates"][0]["due"] == "2027-02-08"
    pdf = base64.b64encode(
        to_pdf("Section F: Special educational provision\nSam will have regular help.\n")
    ).decode()
    answer = client.post("/api/v1/check-plan", {"file": pdf}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["plan"]["format"] == "pdf"


def test_the_api_refuses_what_it_cannot_check_with_problems(client):
    scan = base64.b64encode(to_scan(to_pdf("Section F: Provision\nSam will have help.\n"))).decode()
    answer = client.post("/api/v1/check-plan", {"file": scan}, content_type="application/json")
    assert answer.status_code == 422 and "scan" in answer.json()["problems"][0]
    answer = client.post(
        "/api/v1/check-plan",
        {"text": "x", "file": "y", "kind": "maybe"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json()["problems"] == [
        "input: give the plan as text or as file (base64), not both or neither",
        "kind: 'maybe' is not draft or final",
        "file: not base64",
    ]
    assert client.get("/api/v1/check-plan").status_code == 405
    assert "/api/v1/check-plan" in client.get("/api/v1/openapi.json").json()["paths"]


def _encrypted() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(to_pdf("Section F: Provision\nHelp.\n"))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_scanned_plan_saved_to_a_case_is_read_on_the_queue_and_saved_with_it(
    owner_client, case, owner, document_root
):
    from web.cases import documents, services

    data = build(corpus("07-"))
    checked = documents.check(io.BytesIO(data), "scanned-draft.pdf", len(data))
    document = services.add_document(case, checked, io.BytesIO(data), by=owner)
    before = stored(document_root)
    response = owner_client.post(
        f"/cases/{case.public_id}/plans/{document.pk}/check/", {"kind": "draft"}
    )
    assert response.status_code == 302 and "/plans/scans/" in response["Location"]
    saved_page = owner_client.get(response["Location"])
    saved = SavedPlanCheck.objects.get()
    assert saved_page["Location"] == f"/cases/{case.public_id}/plans/checks/{saved.pk}/"
    assert saved.result["plan"]["format"] == "pdf-ocr"
    assert PlanScan.objects.count() == 0
    assert stored(document_root) == before  # the case's own file, nothing else


def test_a_scan_too_long_to_read_is_refused_before_it_is_queued(client, document_root):
    upload = io.BytesIO(pdf_bytes(61))  # blank pages: no text layer, so a scan
    upload.name = "scan.pdf"
    page = client.post("/check-a-plan/", {"plan": upload}).content.decode()
    assert "This scan has more than 60 pages" in page
    assert PlanScan.objects.count() == 0 and stored(document_root) == []
