"""Chronologies and exports made on the queue (web/jobs/files.py): the page says "being
prepared" until a worker has made the file, then offers it; asking again reuses the job and
the file; a change to the case makes a new one; a job for a deleted case does nothing; a failed
job is tried again later, and after the last try the page says so."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from tests.personas import downloaded
from web.cases import documents, services
from web.jobs import files
from web.jobs.models import FAILED, PREPARING, READY, PreparedFile

pytestmark = pytest.mark.django_db(transaction=True)


def generated(document_root) -> list[str]:
    folder = document_root / "generated"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def ask(client, case, name="chronology_pdf"):
    return client.get(reverse(f"cases:{name}", args=[case.public_id]))


def test_the_page_says_being_prepared_until_a_worker_has_made_it(
    owner_client, case, run_jobs, document_root, assert_valid_html
):
    response = ask(owner_client, case)
    assert response.status_code == 302
    status_url = response["Location"]
    prepared = PreparedFile.objects.get()
    assert status_url == reverse("cases:prepared_file", args=[case.public_id, prepared.public_id])
    page = owner_client.get(status_url)
    html = page.content.decode()
    assert "We are making your chronology (PDF)" in html
    assert f'href="{status_url}">Check if it is ready</a>' in html
    assert "http-equiv" not in html  # no automatic refresh
    assert page["Cache-Control"] == "private, no-store"
    assert_valid_html(html, name="being prepared")

    assert ask(owner_client, case)["Location"] == status_url  # asking again: the same job
    assert DBTaskResult.objects.filter(queue_name="files").count() == 1

    assert run_jobs() == 1
    html = owner_client.get(status_url).content.decode()
    assert "Your chronology (PDF) is ready" in html
    download_url = re.search(r'href="([^"]+/download)"', html).group(1)
    pdf = downloaded(owner_client.get(download_url))
    assert pdf.startswith(b"%PDF-")
    assert generated(document_root) == [PreparedFile.objects.get().storage_name.split("/")[1]]
    # Ready and the case unchanged: the chronology's own address now serves it at once.
    direct = ask(owner_client, case)
    # The name says whose chronology and when it was made (issue 15).
    assert direct["Content-Disposition"] == 'attachment; filename="Chronology Sam 2027-02-01.pdf"'
    assert downloaded(direct) == pdf
    assert DBTaskResult.objects.count() == 1


def test_the_docx_and_the_export_are_made_the_same_way(owner_client, case, run_jobs):
    for name, filename in (
        ("chronology_docx", "Chronology Sam 2027-02-01.docx"),
        ("export", "send-redress-case.zip"),
    ):
        assert ask(owner_client, case, name).status_code == 302
        run_jobs()
        response = ask(owner_client, case, name)
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        assert downloaded(response)[:2] == b"PK"


def test_a_change_to_the_case_makes_a_new_file_and_the_old_one_goes(
    owner_client, case, run_jobs, document_root
):
    ask(owner_client, case)
    run_jobs()
    first = PreparedFile.objects.get()
    services.add_event(case, by=case.owner, kind="note", day=date(2027, 1, 20), what="Rang them")
    response = ask(owner_client, case)
    assert response.status_code == 302  # not the old file: a new one is being made
    second = PreparedFile.objects.exclude(pk=first.pk).get()
    assert second.status == PREPARING
    run_jobs()
    assert list(PreparedFile.objects.values_list("pk", flat=True)) == [second.pk]
    assert generated(document_root) == [PreparedFile.objects.get().storage_name.split("/")[1]]
    text = PdfReader(io.BytesIO(downloaded(ask(owner_client, case)))).pages[0].extract_text()
    assert "Rang them" in text


def test_a_job_for_a_deleted_case_does_nothing(owner_client, case, run_jobs, document_root):
    ask(owner_client, case)
    services.delete_case(case)
    assert PreparedFile.objects.count() == 0
    assert run_jobs() == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert generated(document_root) == []


def test_deleting_a_case_removes_its_made_files(owner_client, case, run_jobs, document_root):
    ask(owner_client, case)
    run_jobs()
    assert len(generated(document_root)) == 1
    services.delete_case(case)
    assert generated(document_root) == []


def test_running_a_job_twice_makes_one_file(owner_client, case, database_queue, document_root):
    ask(owner_client, case)
    prepared = PreparedFile.objects.get()
    files.prepare_file.call(prepared.pk)
    made = PreparedFile.objects.get().storage_name
    files.prepare_file.call(prepared.pk)
    assert PreparedFile.objects.get().storage_name == made
    assert generated(document_root) == [made.split("/")[1]]


@pytest.fixture
def failing_render(monkeypatch):
    """The PDF renderer fails while `failures` is above 0 (a crashed WeasyPrint, a full disk)."""
    state = {"failures": 1}
    real = files.KINDS["chronology.pdf"]

    def write(case, out):
        if state["failures"] > 0:
            state["failures"] -= 1
            raise OSError("the disk is full")
        real.write(case, out)

    monkeypatch.setitem(
        files.KINDS, "chronology.pdf", files.Kind(**{**real.__dict__, "write": write})
    )
    return state


def due_now() -> None:
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_a_failed_job_is_tried_again_later(owner_client, case, run_jobs, failing_render):
    ask(owner_client, case)
    before = timezone.now()
    assert run_jobs() == 1  # the first attempt fails; the second is not due yet
    failed, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert failed.status == "FAILED" and "the disk is full" in failed.traceback
    assert retry.status == "READY" and retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after >= before + timedelta(seconds=10)
    assert run_jobs() == 0
    due_now()
    assert run_jobs() == 1
    assert PreparedFile.objects.get().status == READY


def test_after_the_last_try_the_page_says_so_and_asking_again_starts_over(
    owner_client, case, run_jobs, failing_render
):
    failing_render["failures"] = 5
    status_url = ask(owner_client, case)["Location"]
    for _ in range(5):
        due_now()
        assert run_jobs() == 1
    assert DBTaskResult.objects.filter(status="FAILED").count() == 5
    assert not DBTaskResult.objects.filter(status="READY").exists()  # no sixth attempt
    assert PreparedFile.objects.get().status == FAILED
    html = owner_client.get(status_url).content.decode()
    assert "Sorry, we could not make your chronology (PDF)" in html
    assert reverse("cases:chronology_pdf", args=[case.public_id]) in html
    assert ask(owner_client, case)["Location"] == status_url  # try again: the same file, anew
    assert PreparedFile.objects.get().status == PREPARING
    run_jobs()
    assert PreparedFile.objects.get().status == READY


def test_a_file_whose_worker_was_lost_is_asked_for_again(owner_client, case, run_jobs):
    ask(owner_client, case)
    DBTaskResult.objects.all().delete()  # the worker died with the job
    PreparedFile.objects.update(requested_at=timezone.now() - files.LOST_AFTER - timedelta(1))
    ask(owner_client, case)
    assert DBTaskResult.objects.count() == 1
    run_jobs()
    assert PreparedFile.objects.get().status == READY


def test_made_files_are_kept_in_the_documents_storage(owner_client, case, run_jobs):
    ask(owner_client, case)
    run_jobs()
    name = PreparedFile.objects.get().storage_name
    assert name.startswith(documents.GENERATED)
    with documents.open_stored(name) as handle:
        assert handle.read(5) == b"%PDF-"
