"""Documents: the type from the content, random names outside the web root, refusals that
store nothing, downloads only through the permission-checked view."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from tests.personas import (
    JPEG,
    PNG,
    add_event,
    docx_bytes,
    downloaded,
    pdf_bytes,
    post_document,
    stored_files,
    upload,
)
from web.cases.models import Document, Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "data", "kind", "pages"),
    [
        ("decision.pdf", pdf_bytes(3), "pdf", 3),
        ("Report from Dr O'Neil – draft.docx", docx_bytes(), "docx", None),
        ("photo.png", PNG, "png", 1),
        ("scan.jpeg", JPEG, "jpeg", 1),
        # The name says one thing and the bytes another: the bytes win.
        ("letter.txt", pdf_bytes(1), "pdf", 1),
    ],
)
def test_upload_and_download(owner_client, case, document_root, name, data, kind, pages):
    response = post_document(owner_client, case, name, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = Document.objects.get()
    assert (doc.kind, doc.title, doc.size) == (kind, name, len(data))
    if pages is not None:
        assert doc.pages == pages
    files = stored_files(document_root)
    assert files == [doc.storage_name]
    assert len(doc.storage_name) == 32 and "." not in doc.storage_name
    assert (document_root / doc.storage_name).read_bytes() == data
    assert (document_root / doc.storage_name).stat().st_mode & 0o077 == 0

    response = owner_client.get(reverse("cases:document", args=[case.public_id, doc.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_document_root_is_outside_the_web_root(settings):
    from pathlib import Path

    root = Path(settings.CASES_DOCUMENT_ROOT).resolve()
    for static in [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]:
        assert not root.is_relative_to(static.resolve())


def big(size: int) -> bytes:
    return b"%PDF-1.7\n" + b"0" * (size - 9)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.pdf", b"", "The selected file is empty"),
        ("huge.pdf", big(10 * 1024 * 1024 + 1), "The selected file must be smaller than 10MB"),
        ("program.pdf", b"MZ\x90\x00" + b"\x00" * 100, "must be a PDF, a Word document"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "must be a PDF, a Word document"),
        ("svg.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "must be a PDF, a Word"),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 60, "must be a PDF, a Word document"),
        (".htaccess", pdf_bytes(1), "must not contain slashes or hidden characters"),
        ("x" * 200 + ".pdf", pdf_bytes(1), "The file name must be 150 characters or fewer"),
    ],
)
def test_refused_uploads_store_nothing(owner_client, case, document_root, name, data, message):
    response = post_document(owner_client, case, name, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#document"' in html and message in html
    assert Document.objects.count() == 0
    assert stored_files(document_root) == []


def test_a_zip_that_is_not_a_word_document_is_refused(owner_client, case, document_root):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.sh", "rm -rf /")
    response = post_document(owner_client, case, "report.docx", out.getvalue())
    assert "must be a PDF, a Word document" in response.content.decode()
    assert stored_files(document_root) == []


@pytest.mark.parametrize(
    "name", ["bad\x07name.pdf", "\u202egpj.pdf", "a\r\nb.pdf", "../../../etc/passwd.pdf"]
)
def test_hostile_names_never_reach_the_disk(owner_client, case, document_root, name):
    """Django's upload parser cleans some names itself; whatever gets through is checked."""
    import unicodedata

    response = post_document(owner_client, case, name, pdf_bytes(1))
    # Django keeps only the last part of the name; either way the file gets a random name.
    if response.status_code == 302:
        doc = Document.objects.get()
        assert "/" not in doc.title and ".." not in doc.title
        assert all(unicodedata.category(c)[0] != "C" for c in doc.title)
        assert stored_files(document_root) == [doc.storage_name]
    else:
        assert stored_files(document_root) == []


@pytest.mark.parametrize(
    "name", ["bad\x07name.pdf", "\u202egpj.pdf", "a\r\nb.pdf", "a/b.pdf", "a\\b.pdf", ".env", ""]
)
def test_check_title_refuses_hostile_names(name):
    from web.cases.documents import Refused, check_title

    with pytest.raises(Refused):
        check_title(name)


def test_no_file_chosen(owner_client, case, document_root):
    response = owner_client.post(reverse("cases:document_new", args=[case.public_id]), {})
    assert '<a href="#document">Select a file</a>' in response.content.decode()


def test_upload_with_an_event_and_linking(owner_client, case, document_root):
    event = case.events.get()
    response = post_document(owner_client, case, "a.pdf", pdf_bytes(1), event=str(event.pk))
    assert response.status_code == 302
    assert Document.objects.get().event == event
    # Someone else's event id is not a choice.
    response = post_document(owner_client, case, "b.pdf", pdf_bytes(1), event="999999")
    assert "Select an event from the list" in response.content.decode()
    assert len(stored_files(document_root)) == 1


def test_event_form_with_a_document(owner_client, case, document_root):
    response = add_event(owner_client, case, document=upload("decision.pdf", pdf_bytes(2)))
    assert response.status_code == 302
    event = Event.objects.get(kind="decision-notice-sent")
    assert event.documents.get().pages == 2
    html = owner_client.get(reverse("cases:dashboard", args=[case.public_id])).content.decode()
    assert "decision.pdf" in html


def test_a_refused_document_on_the_event_form_saves_neither(owner_client, case, document_root):
    response = add_event(owner_client, case, document=upload("decision.pdf", b"not a pdf at all"))
    assert response.status_code == 200
    assert not Event.objects.filter(kind="decision-notice-sent").exists()
    assert stored_files(document_root) == []


@pytest.mark.django_db(transaction=True)
def test_deleting_a_document_removes_the_file(owner_client, case, document_root):
    post_document(owner_client, case, "a.pdf", pdf_bytes(1))
    doc = Document.objects.get()
    response = owner_client.post(reverse("cases:document_delete", args=[case.public_id, doc.pk]))
    assert response.status_code == 302
    assert stored_files(document_root) == []
    assert not Document.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_deleting_an_event_keeps_or_removes_its_documents(owner_client, case, document_root):
    from web.cases import services

    event = services.add_event(case, by=case.owner, kind="note", day=date(2026, 11, 1), what="x")
    post_document(owner_client, case, "keep.pdf", pdf_bytes(1), event=str(event.pk))
    owner_client.post(reverse("cases:event_delete", args=[case.public_id, event.pk]))
    kept = Document.objects.get()
    assert kept.event is None and len(stored_files(document_root)) == 1
    event = case.events.get()
    post_document(owner_client, case, "drop.pdf", pdf_bytes(1), event=str(event.pk))
    owner_client.post(
        reverse("cases:event_delete", args=[case.public_id, event.pk]), {"documents": "delete"}
    )
    assert list(Document.objects.all()) == [kept]
    assert stored_files(document_root) == [kept.storage_name]


@pytest.mark.parametrize("where", ["document_new", "event_new"])
def test_an_oversized_file_is_not_read_past_the_limit(
    owner_client, case, document_root, settings, monkeypatch, where
):
    """The upload handler stops at the limit: no later handler sees the rest of the file."""
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    settings.CASES_MAX_UPLOAD_BYTES = 200 * 1024
    seen: list[int] = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        seen.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", spy)
    data = b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024)
    fields = {"document": upload("big.pdf", data), "event": ""}
    if where == "event_new":
        fields.update(
            {"kind": "note", "what": "x", "date-day": "1", "date-month": "1", "date-year": "2027"}
        )
    response = owner_client.post(reverse(f"cases:{where}", args=[case.public_id]), fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#document">The selected file must be smaller than 200KB</a>' in html
    assert sum(seen) <= 200 * 1024
    assert stored_files(document_root) == []
    assert not Document.objects.exists()
    assert Event.objects.filter(case=case).count() == 1


def test_changing_an_event_can_add_a_document(owner_client, case, document_root):
    event = case.events.get()
    response = owner_client.post(
        reverse("cases:event_edit", args=[case.public_id, event.pk]),
        {
            "kind": event.kind,
            "date-day": "1",
            "date-month": "10",
            "date-year": "2026",
            "what": "With the letter",
            "document": upload("request.pdf", pdf_bytes(1)),
        },
    )
    assert response.status_code == 302
    assert event.documents.get().title == "request.pdf"
    assert len(stored_files(document_root)) == 1


def test_a_failed_write_leaves_no_file(case, document_root, monkeypatch):
    from web.cases import documents, services

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_document_row", broken)
    event = case.events.get()
    data = pdf_bytes(1)
    checked = documents.check(io.BytesIO(data), "a.pdf", len(data))
    with pytest.raises(RuntimeError):
        services.update_event(
            event,
            by=case.owner,
            kind=event.kind,
            day=event.date,
            who="",
            what="changed",
            upload=(checked, io.BytesIO(data)),
        )
    assert stored_files(document_root) == []
    event.refresh_from_db()
    assert event.what == ""


def test_orphan_files_are_swept_but_young_ones_and_real_ones_stay(
    owner_client, case, document_root
):
    import os
    import time as clock

    from django.core.management import call_command

    post_document(owner_client, case, "real.pdf", pdf_bytes(1))
    real = Document.objects.get().storage_name
    old = clock.time() - 2 * 3600
    for name in ("0" * 32, "1" * 32 + ".partial", real):
        path = document_root / name
        if not path.exists():
            path.write_bytes(b"left behind")
        os.utime(path, (old, old))
    (document_root / ("2" * 32)).write_bytes(b"mid-upload")
    out = io.StringIO()
    call_command("remove_orphan_documents", stdout=out)
    assert "Removed 2 file(s)" in out.getvalue()
    assert stored_files(document_root) == sorted([real, "2" * 32])


def test_a_document_has_the_name_and_date_the_parent_gives(owner_client, case):
    """Issue 15: documents have a title and the date written on them, asked on upload."""
    response = post_document(
        owner_client,
        case,
        "scan0001.pdf",
        pdf_bytes(1),
        title="Decision letter",
        **{"dated-day": "11", "dated-month": "12", "dated-year": "2026"},
    )
    assert response.status_code == 302
    doc = Document.objects.get()
    assert (doc.title, doc.dated) == ("Decision letter", date(2026, 12, 11))
    assert doc.description == "Decision letter, 11 December 2026"
    page = owner_client.get(reverse("cases:dashboard", args=[case.public_id])).content.decode()
    assert "Decision letter, 11 December 2026" in page
    assert "scan0001.pdf" not in page
    # The download keeps the name the parent gave, with the extension the bytes call for.
    download = owner_client.get(reverse("cases:document", args=[case.public_id, doc.pk]))
    assert 'filename="Decision letter.pdf"' in download["Content-Disposition"]
    assert downloaded(download) == pdf_bytes(1)


def test_without_a_name_or_date_the_file_name_is_the_title(owner_client, case):
    assert post_document(owner_client, case, "report.pdf", pdf_bytes(1)).status_code == 302
    doc = Document.objects.get()
    assert (doc.title, doc.dated, doc.description) == ("report.pdf", None, "report.pdf")


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("1", "", "2026"), "The date on the document must include a month"),
        (("31", "2", "2026"), "The date on the document must be a real date"),
        (("2", "2", "2027"), "The date on the document must be today or in the past"),
    ],
)
def test_a_wrong_date_on_the_document_is_refused_and_nothing_is_kept(
    owner_client, case, document_root, parts, message
):
    day, month, year = parts
    response = post_document(
        owner_client,
        case,
        "letter.pdf",
        pdf_bytes(1),
        **{"dated-day": day, "dated-month": month, "dated-year": year},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists() and stored_files(document_root) == []


def test_the_name_and_date_can_be_changed_by_the_owner_only(owner_client, other_client, case):
    post_document(owner_client, case, "scan.pdf", pdf_bytes(1))
    doc = Document.objects.get()
    url = reverse("cases:document_edit", args=[case.public_id, doc.pk])
    page = owner_client.get(url).content.decode()
    assert 'value="scan.pdf"' in page
    change = {
        "title": "Annual review report",
        "dated-day": "5",
        "dated-month": "1",
        "dated-year": "2027",
    }
    assert other_client.post(url, change).status_code == 404
    response = owner_client.post(url, {**change, "title": ""})
    assert "Enter the name of the document" in response.content.decode()
    assert owner_client.post(url, change).status_code == 302
    doc.refresh_from_db()
    assert doc.description == "Annual review report, 5 January 2027"
    # The date can be taken away again: it is optional.
    owner_client.post(url, {"title": "Annual review report"})
    doc.refresh_from_db()
    assert doc.dated is None


def test_the_document_pages_are_valid_html_and_plain_english(
    owner_client, case, assert_valid_html, assert_readable
):
    post_document(owner_client, case, "scan.pdf", pdf_bytes(1))
    doc = Document.objects.get()
    edit = reverse("cases:document_edit", args=[case.public_id, doc.pk])
    new = reverse("cases:document_new", args=[case.public_id])
    pages = {
        "document-edit": owner_client.get(edit),
        "document-edit-errors": owner_client.post(edit, {"title": "", "dated-day": "40"}),
        "document-new-errors": owner_client.post(new, {"dated-day": "1"}),
    }
    for name, response in pages.items():
        assert b"style=" not in response.content, name
        assert_valid_html(response.content, name=name)
    assert_readable(pages["document-edit"].content, name="document-edit")
    # The error summary links to the first box that needs fixing.
    assert 'href="#dated-month"' in pages["document-new-errors"].content.decode()


def test_the_sweep_keeps_every_file_a_row_of_any_app_points_at(case, document_root):
    """A prepared chronology, a Tribunal bundle's PDF and a scan waiting for OCR are files in
    the same storage as documents (under generated/): the sweep must keep them all, however
    old, and remove only what no row names."""
    import os
    import time as clock

    from django.core.management import call_command
    from django.utils import timezone

    from web.bundles.models import Bundle, BundleBuild
    from web.cases.management.commands.remove_orphan_documents import models_with_files
    from web.jobs.models import PreparedFile
    from web.plans.models import PlanScan

    assert {PreparedFile, BundleBuild, PlanScan, Document} <= set(models_with_files())
    now = timezone.now()
    kept = {
        "generated/" + "a" * 32: lambda name: PreparedFile.objects.create(
            case=case, kind="chronology.pdf", version="v", requested_at=now, storage_name=name
        ),
        "generated/" + "b" * 32: lambda name: BundleBuild.objects.create(
            bundle=Bundle.objects.create(case=case), requested_at=now, storage_name=name
        ),
        "generated/" + "c" * 32: lambda name: PlanScan.objects.create(
            owner_key="k", case=case, storage_name=name
        ),
    }
    orphan = "generated/" + "d" * 32
    (document_root / "generated").mkdir(parents=True, exist_ok=True)
    old = clock.time() - 2 * 3600
    for name in [*kept, orphan]:
        (document_root / name).write_bytes(b"made on the queue")
        os.utime(document_root / name, (old, old))
    for name, make_row in kept.items():
        make_row(name)
    out = io.StringIO()
    call_command("remove_orphan_documents", stdout=out)
    assert "Removed 1 file(s)" in out.getvalue()
    assert sorted(p.name for p in (document_root / "generated").iterdir()) == sorted(
        name.removeprefix("generated/") for name in kept
    )
