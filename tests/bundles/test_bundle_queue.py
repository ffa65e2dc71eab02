"""The bundle PDF on the real queue (django-tasks' database backend, a worker run here): the
page says it is being made, with its progress, until a worker has made it; deleting the case
removes the file."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.personas import new_case, post_document
from web.bundles import testing
from web.bundles.models import PREPARING, READY, BundleBuild

# Transactional, as the queue's own tests: the worker closes its connection when it ends.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def appeal(owner):

    return new_case(
        owner, concern="placement-only", events=[("decision-notice-sent", date(2026, 12, 1))]
    )


def test_being_made_with_progress_then_ready_then_gone_with_the_case(
    owner_client,
    appeal,
    run_jobs,
    document_root,
):
    post_document(owner_client, appeal, "report.pdf", testing.pdf("Report", 4))
    document = appeal.documents.get()
    owner_client.post(
        reverse("bundles:add", args=[appeal.public_id]),
        {"document": document.pk, "part": "expert-reports"},
    )
    made = owner_client.post(reverse("bundles:make", args=[appeal.public_id]))
    build = BundleBuild.objects.get()
    assert build.status == PREPARING
    page = owner_client.get(made["Location"]).content.decode()
    assert "We are making your bundle PDF" in page
    assert "0 of 3 steps done." in page  # the report, the chronology, writing the file

    again = owner_client.post(reverse("bundles:make", args=[appeal.public_id]))
    assert again["Location"] == made["Location"]  # a second click: the same build
    assert run_jobs() == 1
    build.refresh_from_db()
    assert (build.status, build.done, build.total) == (READY, 3, 3)
    assert build.pages == 1 + 1 + 4  # the index, the chronology, the report
    assert "Download the bundle (PDF)" in owner_client.get(made["Location"]).content.decode()
    assert build.storage_name.split("/")[-1] in " ".join(
        str(p) for p in document_root.rglob("*") if p.is_file()
    )

    owner_client.post(reverse("cases:delete", args=[appeal.public_id]))
    assert not BundleBuild.objects.exists()
    assert not [p for p in document_root.rglob("*") if p.is_file()]
