"""Files made on the queue: a case's chronology (PDF, DOCX) and its export (ZIP).

Asking for one (`prepared_download`, the views at cases/<id>/chronology.pdf and friends) either
serves the file made from the case as it is now, or makes sure a job is making it and sends the
person to its page, which says "being prepared" until it is ready (web/jobs/views.py). The job
(`prepare_file`) is idempotent: it does nothing for a file already made or a case deleted, and
it is retried with back-off (web/common/retry.py) until it gives up and the page says so.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from web.cases import chronology, documents, exports
from web.cases.models import Case, Document, Event
from web.common.retry import retried
from web.journey.clock import today

from .models import FAILED, PREPARING, READY, PreparedFile

LOST_AFTER = timedelta(minutes=15)
"""A file still preparing this long after it was asked for has lost its worker (killed mid-job,
after the last retry was enqueued): asking again enqueues a new job."""


@dataclass(frozen=True)
class Kind:
    name: str
    """What the page calls it: "chronology (PDF)"."""
    filename: str
    content_type: str
    url_name: str
    """The view that asks for it (and serves it when ready)."""
    write: Callable[[Case, IO[bytes]], None]
    as_of_today: bool = False
    """Whether it depends on today's date as well as on the case (the export's assessment)."""


def _write_bytes(render: Callable[[Case], bytes]) -> Callable[[Case, IO[bytes]], None]:
    def write(case: Case, out: IO[bytes]) -> None:
        out.write(render(case))

    return write


KINDS = {
    "chronology.pdf": Kind(
        "chronology (PDF)",
        "chronology.pdf",
        "application/pdf",
        "cases:chronology_pdf",
        _write_bytes(chronology.to_pdf),
    ),
    "chronology.docx": Kind(
        "chronology (Word document)",
        "chronology.docx",
        documents.content_type("docx"),
        "cases:chronology_docx",
        _write_bytes(chronology.to_docx),
    ),
    "export.zip": Kind(
        "download of everything in this case (ZIP)",
        "send-redress-case.zip",
        "application/zip",
        "cases:export",
        exports.write_zip,
        as_of_today=True,
    ),
}


def version_of(case: Case, kind: str) -> str:
    """A digest of what the file is made from. Every change to a case's details or events
    moves `updated_at`; adding or deleting an event or a document changes the counts or the
    last id, as does deleting one and adding another."""
    events = Event.objects.filter(case=case).aggregate(n=Count("id"), last=Max("id"))
    docs = Document.objects.filter(case=case).aggregate(n=Count("id"), last=Max("id"))
    parts = [
        kind,
        case.updated_at.isoformat(),
        f"{events['n']}:{events['last']}",
        f"{docs['n']}:{docs['last']}",
    ]
    if KINDS[kind].as_of_today:
        parts.append(today().isoformat())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def request_file(case: Case, kind: str) -> PreparedFile:
    """The file for the case as it is now: made already, or being made by a job enqueued here
    (in the same transaction as its row, so a worker never sees one without the other)."""
    version = version_of(case, kind)
    now = timezone.now()
    prepared = PreparedFile.objects.filter(case=case, kind=kind, version=version).first()
    if prepared is not None and not _needs_a_job(prepared, now):
        return prepared
    try:
        with transaction.atomic():
            if prepared is None:
                prepared = PreparedFile.objects.create(
                    case=case, kind=kind, version=version, requested_at=now
                )
            else:  # failed, or lost its worker: ask again
                restarted = PreparedFile.objects.filter(
                    pk=prepared.pk, status=prepared.status, requested_at=prepared.requested_at
                ).update(status=PREPARING, requested_at=now)
                if not restarted:  # another request did it first
                    prepared.refresh_from_db()
                    return prepared
            prepare_file.enqueue(prepared.pk)
    except IntegrityError:  # another request created it first
        return PreparedFile.objects.get(case=case, kind=kind, version=version)
    prepared.refresh_from_db()  # with a backend that runs jobs at once, it is ready already
    return prepared


def _needs_a_job(prepared: PreparedFile, now: datetime) -> bool:
    if prepared.status == FAILED:
        return True
    return prepared.status == PREPARING and prepared.requested_at < now - LOST_AFTER


def download_filename(prepared: PreparedFile) -> str:
    """A chronology's name carries the child's name and the day (issue 15); others are fixed."""
    kind = KINDS[prepared.kind]
    if prepared.kind.startswith("chronology."):
        return chronology.download_name(prepared.case, prepared.kind.split(".")[1], today())
    return kind.filename


def file_response(prepared: PreparedFile) -> HttpResponse:
    kind = KINDS[prepared.kind]
    response = FileResponse(
        documents.open_stored(prepared.storage_name),
        as_attachment=True,
        filename=download_filename(prepared),
        content_type=kind.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def prepared_download(request: HttpRequest, case: Case, kind: str) -> HttpResponse:
    """The file if it is ready (made from the case as it is now), otherwise its page."""
    prepared = request_file(case, kind)
    if prepared.status == READY:
        try:
            return file_response(prepared)
        except FileNotFoundError:  # its bytes were lost: make it again
            prepared.delete()
            prepared = request_file(case, kind)
            if prepared.status == READY:
                return file_response(prepared)
    return redirect("cases:prepared_file", case.public_id, prepared.public_id)


def _give_up(prepared_id: int) -> None:
    PreparedFile.objects.filter(pk=prepared_id, status=PREPARING).update(status=FAILED)


@retried(queue_name="files", on_give_up=_give_up)
def prepare_file(prepared_id: int) -> None:
    """Make the file and keep it with the case. Nothing to do if its row is gone (the case was
    deleted) or it is ready (an earlier run made it)."""
    prepared = PreparedFile.objects.select_related("case").filter(pk=prepared_id).first()
    if prepared is None or prepared.status == READY:
        return
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as out:
        KINDS[prepared.kind].write(prepared.case, out)
        size = out.tell()
        name = documents.store(out, generated=True)
    try:
        with transaction.atomic():
            kept = PreparedFile.objects.filter(pk=prepared.pk).exclude(status=READY)
            if not kept.update(status=READY, storage_name=name, size=size, ready_at=timezone.now()):
                transaction.on_commit(lambda: documents.remove([name]))  # case gone, or done
                return
            # Older versions of the same file are of no more use; their bytes go on commit.
            for older in PreparedFile.objects.filter(
                case_id=prepared.case_id,
                kind=prepared.kind,
                requested_at__lte=prepared.requested_at,
            ).exclude(pk=prepared.pk):
                older.delete()
    except BaseException:
        documents.remove([name])
        raise
