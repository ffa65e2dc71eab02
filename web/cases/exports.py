"""The case export: a ZIP of case.json (the case, its events, its documents' details and the
assessment) and every document's bytes, read through the documents storage."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import UTC, datetime
from typing import IO, Any

from send_redress import to_jsonable

from . import chronology, documents
from .deadlines import assessment_for
from .models import Case


def export_data(case: Case, refs: list[chronology.DocRef]) -> dict[str, Any]:
    assessment = assessment_for(case)
    ref_of = {r.document.pk: r for r in refs}
    return {
        "format": "send-redress-case/1",
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "case": {
            "id": str(case.public_id),
            "child_name": case.child_name,
            "child_date_of_birth": case.child_date_of_birth.isoformat(),
            "setting": case.setting,
            "council": case.council,
            "concern": case.concern,
            "created_at": case.created_at.isoformat(timespec="seconds"),
        },
        "events": [
            {
                "id": e.pk,
                "type": e.kind,
                "label": e.label,
                "date": e.date.isoformat(),
                "who": e.who,
                "what": e.what,
                "documents": [ref_of[d.pk].ref for d in e.documents.all()],
            }
            for e in case.events.order_by("date", "id").prefetch_related("documents")
        ],
        "documents": [
            {
                "ref": r.ref,
                "title": r.document.title,
                "dated": r.document.dated.isoformat() if r.document.dated else None,
                "type": r.document.kind,
                "size": r.document.size,
                "sha256": r.document.sha256,
                "pages": r.document.pages,
                "event": r.document.event_id,
                "uploaded_at": r.document.uploaded_at.isoformat(timespec="seconds"),
                "file": f"documents/{r.ref}-{documents.safe_download_name(r.document.title, r.document.kind)}",
            }
            for r in refs
        ],
        "assessment": to_jsonable(assessment),
    }


def write_zip(case: Case, out: IO[bytes]) -> None:
    """The export, written to `out`. A document whose bytes are gone is left out (case.json
    still lists it)."""
    _, refs = chronology.build(case)
    data = export_data(case, refs)
    ref_by_name = {r.ref: r for r in refs}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("case.json", json.dumps(data, indent=2, ensure_ascii=False))
        for entry in data["documents"]:
            ref = ref_by_name[entry["ref"]]
            try:
                source = documents.open_stored(ref.document.storage_name)
            except FileNotFoundError:
                continue
            with source, archive.open(entry["file"], "w") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
