"""Checking a plan for the web pages and the API: read it, check it, and give the page what it
shows. Nothing here logs the plan or its findings; a problem is a message for the person."""

from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from send_redress.plans import (
    MAX_OCR_PAGES,
    SECTION_NAMES,
    PlanReadError,
    PlanText,
    check_plan,
    ocr_available,
    ocr_pdf,
    pdf_page_count,
    read_plan,
    read_text,
    to_jsonable,
)
from web.cases import audit, documents
from web.cases.models import Case, Document
from web.common.retry import retried

from .models import DONE, FAILED, READING, PlanScan, SavedPlanCheck

SESSION_KEY = "plans_scan_secret"


@dataclass(frozen=True)
class Options:
    today: date
    kind: str | None = None
    dated: date | None = None

    def jsonable(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "kind": self.kind,
            "dated": self.dated.isoformat() if self.dated else None,
        }

    @classmethod
    def from_jsonable(cls, data: dict[str, Any]) -> Options:
        return cls(
            date.fromisoformat(data["today"]),
            data.get("kind"),
            date.fromisoformat(data["dated"]) if data.get("dated") else None,
        )


class NeedsOcr(Exception):
    """A scan: the caller queues it (`queue_scan`)."""


def check(plan: PlanText, options: Options) -> dict[str, Any]:
    return to_jsonable(
        check_plan(plan, today=options.today, kind=options.kind, dated=options.dated)
    )


def check_bytes(data: bytes, options: Options) -> dict[str, Any]:
    """The check-plan JSON of a file; raises PlanReadError, or NeedsOcr for a scan."""
    try:
        plan = read_plan(data)
    except PlanReadError as error:
        if error.code == "scanned":
            if not ocr_available():
                raise PlanReadError(
                    "ocr-unavailable",
                    "This PDF is a scan, and this server cannot read scans. Paste the plan's words instead, or upload a PDF made from the council's own file.",
                ) from None
            if pdf_page_count(data) > MAX_OCR_PAGES:  # refused now, not after a wait
                raise PlanReadError(
                    "too-long",
                    f"This scan has more than {MAX_OCR_PAGES} pages. We can read scans of up to {MAX_OCR_PAGES} pages. Upload the plan on its own, without the reports.",
                ) from None
            raise NeedsOcr from None
        raise
    return check(plan, options)


def check_text(text: str, options: Options) -> dict[str, Any]:
    return check(read_text(text), options)


def save_check(
    case: Case, document: Document, result: dict[str, Any], *, by: Any
) -> SavedPlanCheck:
    """Keep a plan's check with the case, beside the plan it read."""
    with transaction.atomic():
        saved = SavedPlanCheck.objects.create(case=case, document=document, result=result)
        audit.changed(by, case, f"a plan check: {document.title}")
    return saved


def delete_check(case: Case, check_id: int, *, by: Any) -> None:
    with transaction.atomic():
        deleted, _ = SavedPlanCheck.objects.filter(case=case, pk=check_id).delete()
        if deleted:
            audit.changed(by, case, "a plan check (delete)")


def visitor_key(request: HttpRequest, *, create: bool) -> str | None:
    """The hash of this browser's secret for its scans (made when first needed)."""
    secret = request.session.get(SESSION_KEY)
    if secret is None:
        if not create:
            return None
        secret = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = secret
    return hashlib.sha256(secret.encode()).hexdigest()


def case_key(case: Case) -> str:
    return hashlib.sha256(f"case:{case.public_id}".encode()).hexdigest()


def queue_scan(
    *,
    data: bytes | None,
    document: Document | None,
    case: Case | None,
    owner_key: str,
    options: Options,
) -> PlanScan:
    """Keep a visitor's scan until the worker reads it (a case's is stored already), and queue
    the job in the same transaction as its row."""
    PlanScan.remove_expired()
    name = documents.store(io.BytesIO(data), generated=True) if data is not None else ""
    try:
        with transaction.atomic():
            scan = PlanScan.objects.create(
                owner_key=owner_key,
                storage_name=name,
                case=case,
                document=document,
                options=options.jsonable(),
            )
            read_scan.enqueue(scan.pk)
    except BaseException:
        if name:
            documents.remove([name])
        raise
    scan.refresh_from_db()  # with a backend that runs jobs at once, it is read already
    return scan


def _give_up(scan_id: int) -> None:
    scan = PlanScan.objects.filter(pk=scan_id).first()
    if scan is not None and scan.status != DONE:
        _forget_bytes(scan)
        PlanScan.objects.filter(pk=scan_id).update(
            status=FAILED,
            storage_name="",
            problem="Sorry, we could not read this scan. Please try again later.",
        )


def _forget_bytes(scan: PlanScan) -> None:
    if scan.storage_name:
        documents.remove([scan.storage_name])


@retried(queue_name="files", on_give_up=_give_up)
def read_scan(scan_id: int) -> None:
    """Read the scan by OCR (page by page, saving the progress), check it, keep the result and
    remove the visitor's bytes. Does nothing for a scan that is gone or done."""
    scan = PlanScan.objects.select_related("document").filter(pk=scan_id).first()
    if scan is None or scan.status == DONE:
        return
    name = scan.document.storage_name if scan.document is not None else scan.storage_name
    with documents.open_stored(name) as handle:
        data = handle.read()
    PlanScan.objects.filter(pk=scan_id).update(status=READING)

    def progress(done: int, total: int) -> None:
        PlanScan.objects.filter(pk=scan_id).update(pages_done=done, pages_total=total)

    try:
        result = check(ocr_pdf(data, progress), Options.from_jsonable(scan.options))
        update = {"status": DONE, "result": result, "problem": ""}
    except PlanReadError as error:
        update = {"status": FAILED, "problem": error.message[:300]}
    if scan.document is None:
        _forget_bytes(scan)
        update["storage_name"] = ""
    PlanScan.objects.filter(pk=scan_id).update(**update)
    PlanScan.remove_expired()  # other visitors' results past their hour


def page_context(result: dict[str, Any]) -> dict[str, Any]:
    """The result grouped for the page: findings by section, dates, what was found."""
    by_section: dict[str, list[dict[str, Any]]] = {}
    for finding in result["findings"]:
        by_section.setdefault(finding["section"], []).append(finding)
    groups = [
        {"section": s, "name": SECTION_NAMES[s], "findings": f} for s, f in by_section.items()
    ]
    comments = next((d for d in result["dates"] if d["id"] == "draft-plan-comments"), None)
    return {
        "result": result,
        "groups": groups,
        "comments_due": date.fromisoformat(comments["due"]) if comments else None,
        "dates": [{**d, "due": date.fromisoformat(d["due"])} for d in result["dates"]],
        "dated": date.fromisoformat(result["plan"]["dated"]) if result["plan"]["dated"] else None,
        "missing_sections": [s for s in SECTION_NAMES if s not in result["plan"]["sections_found"]],
    }
