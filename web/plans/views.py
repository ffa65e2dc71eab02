"""Check a plan: a page for anyone (upload or paste; checked in memory and thrown away), a scan's
page while the queue reads it, a case's plans, and the representations letter.

Nothing here writes the plan or a finding to a log, a URL or a cache: the pages are no-store, the
plan comes in a POST body, and a scan's address is a random id reachable only from the browser
(or case) that sent it.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from send_redress.letters import render as render_letter
from send_redress.plans import KeptFinding, PlanReadError, representations_letter
from web.cases import documents, uploads
from web.cases.models import Case, Document
from web.cases.views import case_view
from web.common.responses import no_store
from web.journey.clock import today

from . import services
from .forms import LetterForm, PlanForm, PlanOptionsForm
from .models import DONE, FAILED, PlanScan, SavedPlanCheck

PLAN_KINDS = ("pdf", "docx")


def _result_page(request: HttpRequest, result: dict[str, Any], **extra: Any) -> HttpResponse:
    findings = [
        {**f, "data": json.dumps({k: f[k] for k in ("key", "check", "section", "quote", "page")})}
        for f in result["findings"]
    ]
    context = services.page_context({**result, "findings": findings})
    context.update(letter_form=LetterForm(), **extra)
    return no_store(render(request, "plans/result.html", context))


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    now = today()
    post = request.method == "POST"
    form = PlanForm(request.POST if post else None, request.FILES if post else None, today=now)
    if post and uploads.too_large(request):
        form.is_valid()
        form.errors.pop("plan", None)
        form.add_error("plan", "The file must be smaller than 10MB")
    elif post and form.is_valid():
        kind, dated = form.option_values()
        options = services.Options(today=now, kind=kind, dated=dated)
        upload = form.cleaned_data.get("plan")
        try:
            if upload:
                data = upload.read()
                try:
                    result = services.check_bytes(data, options)
                except services.NeedsOcr:
                    key = services.visitor_key(request, create=True)
                    assert key is not None
                    scan = services.queue_scan(
                        data=data, document=None, case=None, owner_key=key, options=options
                    )
                    return redirect("plans:scan", scan.public_id)
            else:
                result = services.check_text(form.cleaned_data["text"], options)
        except PlanReadError as error:
            form.add_error("plan", error.message)
        else:
            return _result_page(request, result, visitor=True)
    return no_store(
        render(
            request,
            "plans/check.html",
            {"form": form, "kinds": PlanForm.base_fields["kind"].choices},
        )
    )


def _scan_for_visitor(request: HttpRequest, scan_id: uuid.UUID) -> PlanScan:
    PlanScan.remove_expired()
    key = services.visitor_key(request, create=False)
    scan = PlanScan.objects.filter(public_id=scan_id, case__isnull=True).first()
    if scan is None or key is None or scan.owner_key != key:
        raise Http404
    return scan


@require_safe
def scan(request: HttpRequest, scan_id: uuid.UUID) -> HttpResponse:
    found = _scan_for_visitor(request, scan_id)
    if found.status == DONE and found.result:
        return _result_page(request, found.result, visitor=True, scanned=True)
    return no_store(
        render(
            request,
            "plans/scan.html",
            {"scan": found, "failed": found.status == FAILED, "again_url": reverse("plans:check")},
        )
    )


@require_POST
def letter(request: HttpRequest) -> HttpResponse:
    """The representations letter from the findings the parent ticked, as a download."""
    form = LetterForm(request.POST)
    if not form.is_valid():  # the page's inputs hold no more than the form's limits
        raise BadRequest("letter details")
    kept_keys = set(request.POST.getlist("keep"))
    kept = []
    for raw in request.POST.getlist("finding")[:500]:
        try:
            data = json.loads(raw)
            if isinstance(data, dict) and data.get("key") in kept_keys:
                kept.append(KeptFinding.from_jsonable(data))
        except ValueError:
            continue  # not ours: a finding is only what the check gave
    letter_doc = representations_letter(
        kept,
        today=today(),
        child_name=form.cleaned_data["child_name"],
        sender_name=form.cleaned_data["sender_name"],
        council_name=form.cleaned_data["council_name"],
        school_wanted=form.cleaned_data["school_wanted"],
        plan_dated=_date_or_none(request.POST.get("plan_dated", "")),
        comments_due=_date_or_none(request.POST.get("comments_due", "")),
    )
    output = form.cleaned_data["format"] or "docx"
    body = render_letter(letter_doc, output)
    types = {
        "docx": documents.content_type("docx"),
        "pdf": "application/pdf",
        "text": "text/plain; charset=utf-8",
    }
    response = HttpResponse(body, content_type=types[output])
    extension = {"docx": "docx", "pdf": "pdf", "text": "txt"}[output]
    response["Content-Disposition"] = (
        f'attachment; filename="representations-on-the-draft-plan.{extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


# --- a case's plans ---------------------------------------------------------------------------


def _plan_document(case: Case, document_id: int) -> Document:
    document = Document.objects.filter(case=case, pk=document_id, kind__in=PLAN_KINDS).first()
    if document is None:
        raise Http404
    return document


@require_safe
@case_view(reads="the plans to check")
def case_plans(request: HttpRequest, case: Case) -> HttpResponse:
    docs = list(Document.objects.filter(case=case, kind__in=PLAN_KINDS))
    saved = list(SavedPlanCheck.objects.filter(case=case).select_related("document"))
    return no_store(
        render(
            request,
            "plans/case_plans.html",
            {
                "case": case,
                "documents": docs,
                "saved": saved,
                "form": PlanOptionsForm(today=today()),
                "kinds": PlanForm.base_fields["kind"].choices,
            },
        )
    )


@require_POST
@case_view(reads=None, change=True)
def case_check(request: HttpRequest, case: Case, document_id: int) -> HttpResponse:
    """Check a plan saved to the case; the result is shown, and saved only if the parent asks."""
    document = _plan_document(case, document_id)
    form = PlanOptionsForm(request.POST, today=today())
    if not form.is_valid():
        return redirect("plans:case_plans", case.public_id)
    kind, dated = form.option_values()
    options = services.Options(today=today(), kind=kind, dated=dated)
    try:
        with documents.open_stored(document.storage_name) as handle:
            data = handle.read()
    except FileNotFoundError as missing:
        raise Http404 from missing
    try:
        result = services.check_bytes(data, options)
    except services.NeedsOcr:
        found = services.queue_scan(
            data=None,
            document=document,
            case=case,
            owner_key=services.case_key(case),
            options=options,
        )
        return redirect("plans:case_scan", case.public_id, found.public_id)
    except PlanReadError as error:
        return no_store(
            render(
                request,
                "plans/scan.html",
                {
                    "case": case,
                    "failed": True,
                    "scan": None,
                    "problem": error.message,
                    "again_url": reverse("plans:case_plans", args=[case.public_id]),
                },
            )
        )
    saved = services.save_check(case, document, result, by=request.user)
    return redirect("plans:case_saved", case.public_id, saved.pk)


@require_safe
@case_view(reads="a plan check (being read)")
def case_scan(request: HttpRequest, case: Case, scan_id: uuid.UUID) -> HttpResponse:
    found = PlanScan.objects.filter(public_id=scan_id, case=case).first()
    if found is None:
        raise Http404
    if found.status == DONE and found.result and found.document is not None:
        saved = services.save_check(case, found.document, found.result, by=request.user)
        found.delete()
        return redirect("plans:case_saved", case.public_id, saved.pk)
    return no_store(
        render(
            request,
            "plans/scan.html",
            {
                "scan": found,
                "case": case,
                "failed": found.status == FAILED,
                "again_url": reverse("plans:case_plans", args=[case.public_id]),
            },
        )
    )


@require_safe
@case_view(reads="a plan check")
def case_saved(request: HttpRequest, case: Case, check_id: int) -> HttpResponse:
    saved = SavedPlanCheck.objects.filter(case=case, pk=check_id).select_related("document").first()
    if saved is None:
        raise Http404
    return _result_page(request, saved.result, case=case, saved=saved)


@require_POST
@case_view(reads=None, change=True)
def case_saved_delete(request: HttpRequest, case: Case, check_id: int) -> HttpResponse:
    services.delete_check(case, check_id, by=request.user)
    return redirect("plans:case_plans", case.public_id)
