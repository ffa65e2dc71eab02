"""Files made on the queue for a case: asking for one (a chronology, the export), then its
page: "being prepared" (with a link to check again: no JavaScript, and no automatic refresh,
which would move a screen reader back to the top of the page), then the download, or an
apology and a way to try again."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from web.cases import audit
from web.cases.models import Case
from web.cases.views import case_view

from .files import KINDS, file_response, prepared_download
from .models import FAILED, READY, PreparedFile


def _prepared(case: Case, file_id: uuid.UUID) -> PreparedFile:
    prepared = PreparedFile.objects.filter(case=case, public_id=file_id).first()
    if prepared is None:
        raise Http404
    return prepared


@require_safe
@case_view(reads="the " + KINDS["chronology.pdf"].name)
def chronology_pdf(request: HttpRequest, case: Case) -> HttpResponse:
    return prepared_download(request, case, "chronology.pdf")


@require_safe
@case_view(reads="the " + KINDS["chronology.docx"].name)
def chronology_docx(request: HttpRequest, case: Case) -> HttpResponse:
    return prepared_download(request, case, "chronology.docx")


@require_safe
@case_view(reads="the " + KINDS["export.zip"].name)
def export(request: HttpRequest, case: Case) -> HttpResponse:
    return prepared_download(request, case, "export.zip")


@require_safe
@case_view(reads=None)  # the file was asked for by name (above), and is downloaded below
def status(request: HttpRequest, case: Case, file_id: uuid.UUID) -> HttpResponse:
    prepared = _prepared(case, file_id)
    kind = KINDS[prepared.kind]
    response = render(
        request,
        "jobs/prepared_file.html",
        {
            "case": case,
            "prepared": prepared,
            "name": kind.name,
            "ready": prepared.status == READY,
            "failed": prepared.status == FAILED,
            "download_url": reverse("cases:prepared_download", args=[case.public_id, file_id]),
            "again_url": reverse(kind.url_name, args=[case.public_id]),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@case_view(reads=None)
def download(request: HttpRequest, case: Case, file_id: uuid.UUID) -> HttpResponse:
    prepared = _prepared(case, file_id)
    if prepared.status != READY:
        raise Http404
    audit.looked_at(request.user, case, "the " + KINDS[prepared.kind].name)
    try:
        return file_response(prepared)
    except FileNotFoundError as missing:
        raise Http404 from missing
