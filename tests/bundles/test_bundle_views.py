"""The bundle pages: choose documents by part, reorder with buttons (plain forms, no
JavaScript), change a title and date, make the PDF on the queue (run at once in tests) and
download it; the page budget on the page; the timetable and the hearing checklist."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.personas import add_event, date_fields, downloaded, new_case, post_document
from web.bundles import testing
from web.bundles.models import READY, BundleBuild, BundleItem

pytestmark = pytest.mark.django_db

TODAY = date(2027, 2, 1)


@pytest.fixture
def appeal(owner):

    return new_case(
        owner,
        events=[
            ("assessment-requested", date(2026, 10, 1)),
            ("decision-notice-sent", date(2026, 11, 10)),
            ("tribunal-appeal-made", date(2027, 1, 4)),
        ],
    )


def add_document(client, case, name, data):
    assert post_document(client, case, name, data).status_code == 302
    return case.documents.order_by("-id").first()


def put(client, case, document, part):
    return client.post(
        reverse("bundles:add", args=[case.public_id]), {"document": document.pk, "part": part}
    )


def titles(case, part):
    return list(
        BundleItem.objects.filter(bundle__case=case, part=part)
        .order_by("position")
        .values_list("title", flat=True)
    )


def test_choose_reorder_retitle_and_make_the_pdf(owner_client, appeal, assert_valid_html):
    first = add_document(owner_client, appeal, "decision.pdf", testing.pdf("Decision", 2))
    second = add_document(owner_client, appeal, "report.pdf", testing.pdf("Report", 3))
    photo = add_document(owner_client, appeal, "work.png", testing.image())
    for doc, part in ((first, "evidence-school"), (second, "evidence-school"), (photo, "views")):
        response = put(owner_client, appeal, doc, part)
        assert response.status_code == 302
    assert titles(appeal, "evidence-school") == ["decision.pdf", "report.pdf"]

    page = owner_client.get(reverse("bundles:bundle", args=[appeal.public_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert_valid_html(html)
    assert 'Move down<span class="govuk-visually-hidden">: decision.pdf' in html
    assert "reported, not confirmed" in html

    item = BundleItem.objects.get(document=second)
    owner_client.post(
        reverse("bundles:move", args=[appeal.public_id, item.pk]), {"direction": "up"}
    )
    assert titles(appeal, "evidence-school") == ["report.pdf", "decision.pdf"]
    owner_client.post(
        reverse("bundles:move", args=[appeal.public_id, item.pk]), {"direction": "up"}
    )
    assert titles(appeal, "evidence-school") == ["report.pdf", "decision.pdf"]  # already first

    response = owner_client.post(
        reverse("bundles:item_edit", args=[appeal.public_id, item.pk]),
        {
            "title": "Educational psychologist report",
            "dated-day": "3",
            "dated-month": "11",
            "dated-year": "2026",
            "part": "expert-reports",
        },
    )
    assert response.status_code == 302
    assert titles(appeal, "expert-reports") == ["Educational psychologist report"]
    assert titles(appeal, "evidence-school") == ["decision.pdf"]

    made = owner_client.post(reverse("bundles:make", args=[appeal.public_id]))
    build = BundleBuild.objects.get()
    assert made["Location"] == reverse("bundles:build", args=[appeal.public_id, build.public_id])
    assert build.status == READY  # the tests' queue runs jobs at once
    status = owner_client.get(made["Location"])
    assert_valid_html(status.content.decode())
    assert "Download the bundle (PDF)" in status.content.decode()

    response = owner_client.get(
        reverse("bundles:download", args=[appeal.public_id, build.public_id])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    reader = PdfReader(io.BytesIO(downloaded(response)))
    assert len(reader.pages) == build.pages
    by_title = {e["title"]: e for e in build.index}
    # The parts in the bundle's order: the chronology, then school evidence, experts, views.
    assert [e["title"] for e in build.index] == [
        "Chronology",
        "decision.pdf",
        "Educational psychologist report",
        "work.png",
    ]
    report = by_title["Educational psychologist report"]
    assert report["dated"] == "2026-11-03" and report["last"] - report["first"] == 2
    assert "Report page 1" in reader.pages[report["first"] - 1].extract_text()
    assert reader.pages[report["first"] - 1].extract_text().split()[-1] == str(report["first"])


def test_a_locked_pdf_is_reported_on_the_page_not_a_500(owner_client, appeal):
    locked = add_document(owner_client, appeal, "locked.pdf", testing.encrypted_pdf())
    put(owner_client, appeal, locked, "evidence-other")
    made = owner_client.post(reverse("bundles:make", args=[appeal.public_id]))
    page = owner_client.get(made["Location"])
    assert page.status_code == 200
    assert "locked.pdf</strong>: It is locked with a password" in page.content.decode()


def test_take_out_closes_the_gap(owner_client, appeal):
    docs = [
        add_document(owner_client, appeal, f"d{n}.pdf", testing.pdf(f"D{n}", 1)) for n in range(3)
    ]
    for doc in docs:
        put(owner_client, appeal, doc, "evidence-letters")
    middle = BundleItem.objects.get(document=docs[1])
    owner_client.post(reverse("bundles:remove", args=[appeal.public_id, middle.pk]))
    assert list(
        BundleItem.objects.filter(part="evidence-letters")
        .order_by("position")
        .values_list("position", flat=True)
    ) == [1, 2]


def test_the_page_budget_warns_on_the_page_at_the_limit(owner_client, appeal):
    # A refusal to assess: 75 pages of evidence for each party (as reported).
    big = add_document(owner_client, appeal, "records.pdf", testing.pdf("Records", 61))
    report = add_document(owner_client, appeal, "ep.pdf", testing.pdf("EP", 16))
    put(owner_client, appeal, big, "evidence-school")
    put(owner_client, appeal, report, "expert-reports")
    html = owner_client.get(reverse("bundles:bundle", args=[appeal.public_id])).content.decode()
    assert "Your evidence: 77 pages, 2 pages over the limit of 75." in html
    assert "“ep.pdf” has 16 pages: each expert report should be 15 pages or fewer." in html
    assert "What to take out first" in html
    for report in ("birkettlong.co.uk", "enablelaw.com", "educationlawadvice.com"):
        assert report in html


def test_someone_elses_bundle_is_not_found(other_client, appeal):
    assert other_client.get(reverse("bundles:bundle", args=[appeal.public_id])).status_code == 404
    assert other_client.post(reverse("bundles:make", args=[appeal.public_id])).status_code == 404


def test_a_document_of_another_case_cannot_be_added(owner_client, appeal, case):
    other_doc = add_document(owner_client, case, "x.pdf", testing.pdf("X", 1))
    assert put(owner_client, appeal, other_doc, "evidence-other").status_code == 404
    assert not BundleItem.objects.exists()


def test_the_timetable_saves_the_letters_dates_as_events(owner_client, appeal, assert_valid_html):
    url = reverse("bundles:timetable", args=[appeal.public_id])
    assert_valid_html(owner_client.get(url).content.decode())
    response = owner_client.post(
        url,
        {
            **date_fields("tribunal_response_due", date(2027, 2, 15)),
            **date_fields("tribunal_evidence_due", date(2027, 3, 8)),
            **date_fields("tribunal_hearing", date(2027, 5, 20)),
        },
    )
    assert response["Location"] == reverse("bundles:checklist", args=[appeal.public_id])
    kinds = dict(appeal.events.values_list("kind", "date"))
    assert kinds["tribunal-evidence-due"] == date(2027, 3, 8)
    assert kinds["tribunal-hearing"] == date(2027, 5, 20)

    checklist = owner_client.get(response["Location"]).content.decode()
    assert_valid_html(checklist)
    assert "8 March 2027: Send your evidence to the Tribunal" in checklist
    assert "In 35 days" in checklist
    assert "Copy in the council (Bedford Borough Council)" in checklist
    assert "We could not read the Tribunal's own guidance on how to name e-mails" in checklist

    # Changing a date updates the event, it does not add another.
    owner_client.post(
        url,
        {
            "tribunal_hearing-day": "27",
            "tribunal_hearing-month": "5",
            "tribunal_hearing-year": "2027",
        },
    )
    assert list(appeal.events.filter(kind="tribunal-hearing").values_list("date", flat=True)) == [
        date(2027, 5, 27)
    ]

    calendar = owner_client.get(reverse("cases:calendar", args=[appeal.public_id])).content.decode()
    assert "SUMMARY:Deadline: Send your evidence to the Tribunal" in calendar
    assert "DTSTART;VALUE=DATE:20270308" in calendar
    assert "DTSTART;VALUE=DATE:20270527" in calendar


def test_a_timetable_date_before_registration_is_refused(owner_client, appeal):
    response = owner_client.post(
        reverse("bundles:timetable", args=[appeal.public_id]),
        date_fields("tribunal_hearing", date(2027, 1, 1)),
    )
    assert response.status_code == 200
    assert (
        "The hearing date must be on or after 4 January 2027, the date the appeal was registered"
        in response.content.decode()
    )
    assert not appeal.events.filter(kind="tribunal-hearing").exists()


def test_the_registration_date_itself_cannot_be_in_the_future(owner_client, appeal):
    response = owner_client.post(
        reverse("bundles:timetable", args=[appeal.public_id]),
        date_fields("tribunal_appeal_made", date(2027, 3, 1)),
    )
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()


def test_no_timetable_for_a_concern_without_an_appeal(owner_client, owner):

    delay = new_case(owner, "Ali", born=date(2016, 1, 1), concern="delay")
    assert owner_client.get(reverse("bundles:timetable", args=[delay.public_id])).status_code == 404
    dashboard = owner_client.get(
        reverse("cases:dashboard", args=[delay.public_id])
    ).content.decode()
    assert "Hearing checklist" not in dashboard


def test_an_item_takes_the_case_files_title_and_date_on_the_document(owner_client, appeal):
    response = post_document(
        owner_client,
        appeal,
        "scan.pdf",
        testing.pdf("Scan", 1),
        title="Decision letter",
        **date_fields("dated", date(2026, 11, 10)),
    )
    assert response.status_code == 302
    document = appeal.documents.get()
    put(owner_client, appeal, document, "appeal-papers")
    item = BundleItem.objects.get()
    assert (item.title, item.dated) == ("Decision letter", date(2026, 11, 10))


def test_the_case_file_and_the_journey_take_a_future_hearing_date(owner_client, appeal):
    response = add_event(owner_client, appeal, kind="tribunal-hearing", date=date(2027, 5, 20))
    assert response.status_code == 302
    assert appeal.events.get(kind="tribunal-hearing").date == date(2027, 5, 20)
    # Any other event still must not be in the future.
    response = add_event(owner_client, appeal, date=date(2027, 5, 20))
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()

    from web.journey.forms import rules_for

    assert rules_for("tribunal-hearing", TODAY).latest is None
    assert rules_for("decision-notice-sent", TODAY).latest == TODAY


def test_a_word_documents_pages_count_once_the_pdf_is_made(owner_client, appeal):
    from web.bundles import pdf

    if pdf.libreoffice() is None:
        pytest.skip("LibreOffice is not installed (make document-deps installs it)")
    letter = add_document(owner_client, appeal, "letter.docx", testing.docx("Letter", 80))
    letter.pages = None  # as for a Word document that did not say
    letter.save(update_fields=["pages"])
    put(owner_client, appeal, letter, "evidence-letters")
    bundle_url = reverse("bundles:bundle", args=[appeal.public_id])
    assert "pages not known until the PDF is made" in owner_client.get(bundle_url).content.decode()
    owner_client.post(reverse("bundles:make", args=[appeal.public_id]))
    build = BundleBuild.objects.get()
    [entry] = [e for e in build.index if e["title"] == "letter.docx"]
    pages = entry["last"] - entry["first"] + 1
    assert pages >= 2
    html = owner_client.get(bundle_url).content.decode()
    assert f"{pages} pages" in html
    from web.bundles import services

    evidence = next(g for g in services.budget(appeal.bundle).groups if g.limit_id == "evidence")
    chronology = next(e for e in build.index if e["title"] == "Chronology")
    assert evidence.used == pages + chronology["last"] - chronology["first"] + 1
