"""Letters drafted from a case (issue 5): the same questions and preview as the journey's, with
the facts from the case's events, and "Save to this case" (PDF and DOCX documents)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from send_redress import assess, long_date
from tests.documents import docx_text, pdf_text
from tests.letters.cases import CASES
from tests.personas import CASES_TODAY as TODAY
from tests.personas import client_for, new_case, shows, stored_files
from web.cases import services
from web.cases.deadlines import facts_for
from web.cases.models import NOTE, Document, Event
from web.common.letter_links import letters_for_open_routes
from web.letters import case_views
from web.letters.questions import pages_for
from web.letters.testing import page_data, text_of

pytestmark = pytest.mark.django_db

LETTER = "mediation-adviser"  # mediation is open after a refusal to assess
DETAILS = CASES[LETTER]["letter"]
TITLE = f"A letter to the mediation adviser, {long_date(TODAY)}"
SENT_TO = "The mediation adviser, KIDS (independent mediation service for Bedford Borough)"


@pytest.fixture
def refused(owner, document_root):
    return new_case(
        owner,
        "Sam Smith",
        born=date(2016, 5, 4),
        events=[
            ("assessment-requested", date(2026, 11, 2)),
            ("decision-notice-sent", date(2026, 12, 11)),
        ],
    )


def letter_url(name: str, case, *args) -> str:
    return reverse(f"cases:letter_{name}", args=[case.public_id, LETTER, *args])


def fill_in(client: Client, case) -> None:
    response = client.get(letter_url("start", case))
    facts = facts_for(case, case.events.all())
    pages = pages_for(LETTER, facts)
    assert response.status_code == 302
    assert response["Location"] == letter_url("page", case, pages[0])
    for page in pages:
        response = client.post(
            letter_url("page", case, page), page_data(LETTER, page, DETAILS, facts)
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == letter_url("check", case)


def test_the_dashboard_offers_the_letters_of_the_open_routes(refused, owner, assert_valid_html):
    html = client_for(owner).get(reverse("cases:dashboard", args=[refused.public_id])).content
    html = html.decode()
    assert_valid_html(html, name="dashboard with letters")
    offered = re.findall(r'href="([^"]+)" data-letter="([a-z-]+)"', html)
    assert LETTER in [t for _, t in offered]
    assert "letter-before-claim" not in [t for _, t in offered]  # not open for this case
    for href, letter_type in offered:  # nothing but the case's public id and the letter type
        assert href == f"/cases/{refused.public_id}/letters/{letter_type}/"


def test_the_owner_drafts_and_saves_a_letter(refused, owner, document_root, assert_valid_html):
    client = client_for(owner)
    fill_in(client, refused)
    facts = facts_for(refused, refused.events.all())
    page = client.get(letter_url("page", refused, pages_for(LETTER, facts)[0])).content.decode()
    assert_valid_html(page, name="case letter page")
    assert f'href="{reverse("cases:dashboard", args=[refused.public_id])}#letters"' in page

    html = client.get(letter_url("check", refused)).content.decode()
    assert_valid_html(html, name="case letter check")
    assert "Alex Smith" in text_of(html) and "Sam Smith" in text_of(html)
    assert f'action="{letter_url("save", refused)}"' in html
    assert "Save to this case" in html
    for ext, start in (("pdf", b"%PDF"), ("docx", b"PK"), ("txt", b"")):
        response = client.get(letter_url("download", refused, ext))
        assert response.status_code == 200
        assert response.content.startswith(start) and "Alex Smith" in (
            response.content.decode() if ext == "txt" else "Alex Smith"
        )

    response = client.post(letter_url("save", refused))
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("cases:dashboard", args=[refused.public_id]) + "#timeline"
    )
    # Issue 15: the timeline says the letter was sent, to whom, and when to chase a reply.
    sent = Event.objects.get(case=refused, kind=NOTE)
    assert sent.date == TODAY and sent.who == ""
    assert sent.what.startswith(f"Letter sent to {SENT_TO}: ")
    assert "reply by" not in sent.what  # this letter asks for no reply by a date
    docs = list(Document.objects.filter(case=refused).order_by("kind"))
    name = TITLE.removesuffix(f", {long_date(TODAY)}")
    assert [(d.description, d.kind, d.event_id) for d in docs] == [
        (f"{name} (Word), {long_date(TODAY)}", "docx", sent.pk),
        (f"{name} (PDF), {long_date(TODAY)}", "pdf", sent.pk),
    ]
    assert docs[1].pages and docs[0].uploaded_by == owner
    assert sorted(stored_files(document_root)) == sorted(d.storage_name for d in docs)

    # The dashboard: a success banner once, and the two documents.
    dashboard = reverse("cases:dashboard", args=[refused.public_id])
    html = client.get(dashboard).content.decode()
    assert_valid_html(html, name="dashboard after saving a letter")
    assert "govuk-notification-banner--success" in html
    assert f"{TITLE} is saved to this case" in text_of(html)
    for d in docs:
        assert f'href="{reverse("cases:document", args=[refused.public_id, d.pk])}"' in html
    assert "govuk-notification-banner--success" not in client.get(dashboard).content.decode()

    # The saved files are the letter, and they are in the export.
    saved = client.get(reverse("cases:document", args=[refused.public_id, docs[1].pk]))
    assert "Alex Smith" in pdf_text(b"".join(saved.streaming_content))
    export = client.get(reverse("cases:export", args=[refused.public_id]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(export.streaming_content)))
    data = json.loads(archive.read("case.json"))
    files = {d["title"]: d["file"] for d in data["documents"]}
    assert set(files) == {f"{name} (PDF)", f"{name} (Word)"}
    assert "Sam Smith" in docx_text(archive.read(files[f"{name} (Word)"]))
    assert archive.read(files[f"{name} (PDF)"]).startswith(b"%PDF")


def test_the_timeline_entry_gives_the_date_to_chase_a_reply():
    from send_redress.letters import draft_from_input

    letter = draft_from_input("la-send-team", CASES["la-send-team"])
    assert letter.response_date is not None
    note = case_views.sent_note(letter)
    assert note.startswith(f"Letter sent to {', '.join(letter.recipient[:2])}: {letter.subject}.")
    assert note.endswith(
        f"It asks for a reply by {long_date(letter.response_date)}. If none has come by then,"
        " chase it."
    )


def test_a_letter_is_prefilled_from_the_account_and_the_case(refused, owner):
    """Issue 15 item 11: the child's name and date of birth from the case, the email address
    from the account, the mediation service from the council's pack; the child's page is not
    asked again, and each answer can still be changed."""
    client = client_for(owner)
    start = client.get(letter_url("start", refused))
    assert start["Location"] == letter_url("page", refused, "you")
    you = client.get(start["Location"]).content.decode()
    assert 'value="owner@example.com"' in you
    facts = facts_for(refused, refused.events.all())
    data = page_data(LETTER, "you", DETAILS, facts)
    data["sender_email"] = "owner@example.com"  # as the prefilled box sends it
    response = client.post(letter_url("page", refused, "you"), data)
    # The child's page is known from the case: not asked.
    assert response["Location"] != letter_url("page", refused, "child")
    child = client.get(letter_url("page", refused, "child")).content.decode()
    assert 'value="Sam Smith"' in child
    assert 'value="4"' in child and 'value="2016"' in child
    recipient = client.get(letter_url("page", refused, "recipient")).content.decode()
    assert "KIDS (independent mediation service for Bedford Borough)" in recipient
    for page in pages_for(LETTER, facts):
        if page not in ("you", "child", "recipient"):
            client.post(letter_url("page", refused, page), page_data(LETTER, page, DETAILS, facts))
    check = client.get(letter_url("check", refused))
    assert check.status_code == 200, check["Location"]
    html = check.content.decode()
    # Dates read as dates and an address as its lines on the check page.
    assert "4 May 2016" in text_of(html) and "2016-05-04" not in html
    assert "1 High Street<br>Bedford<br>MK40 1AA" in html
    letter_text = client.get(letter_url("download", refused, "txt")).content.decode()
    assert "Sam Smith" in letter_text and "owner@example.com" in letter_text
    assert letter_text.count("KIDS (independent mediation service for Bedford Borough)") == 1

    # A prefilled answer can be changed, and the change is kept.
    client.post(letter_url("page", refused, "child"), {"child_name": "Samuel Smith"})
    assert "Samuel Smith" in client.get(letter_url("download", refused, "txt")).content.decode()

    # The next letter does not ask for the sender's details again: asked once.
    other = next(
        link.id
        for link in letters_for_open_routes(assess(facts).routes)
        if link.id != LETTER and "you" in pages_for(link.id, facts)
    )
    start = client.get(reverse("cases:letter_start", args=[refused.public_id, other]))
    assert not start["Location"].endswith("/you")
    you = client.get(reverse("cases:letter_page", args=[refused.public_id, other, "you"]))
    assert 'value="Alex Smith"' in you.content.decode()


def test_the_letter_is_drafted_from_the_case_not_the_journey(refused, owner):
    """No journey in the session: the facts are the case's events."""
    client = client_for(owner)
    fill_in(client, refused)
    text = client.get(letter_url("download", refused, "txt")).content.decode()
    assert long_date(date(2026, 12, 11)) in text  # the decision notice on the case's timeline


def test_saving_an_unfinished_letter_saves_nothing(refused, owner, document_root):
    client = client_for(owner)
    response = client.post(letter_url("save", refused))
    assert response.status_code == 302
    assert response["Location"] == letter_url("check", refused)
    assert not Document.objects.filter(case=refused).exists()
    assert stored_files(document_root) == []


def test_a_failed_save_keeps_neither_row_nor_file(refused, owner, document_root, monkeypatch):
    client = client_for(owner)
    fill_in(client, refused)
    real = services.add_document
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(case_views.services, "add_document", second_fails)
    with pytest.raises(RuntimeError):
        client.post(letter_url("save", refused))
    assert not Document.objects.filter(case=refused).exists()
    assert stored_files(document_root) == []


def test_a_letter_not_open_for_the_case_is_not_found(refused, owner, assert_valid_html):
    client = client_for(owner)
    url = reverse("cases:letter_start", args=[refused.public_id, "letter-before-claim"])
    response = client.get(url)
    assert response.status_code == 404
    assert_valid_html(response.content.decode(), name="case letter not offered")
    assert reverse("cases:dashboard", args=[refused.public_id]) in response.content.decode()
    unknown = reverse("cases:letter_start", args=[refused.public_id, "no-such-letter"])
    assert client.get(unknown).status_code == 404


def new_urls(case) -> dict[str, tuple[str, ...]]:
    """Each new URL and the methods it answers (any other is 405 before anything is read)."""
    return {
        letter_url("start", case): ("get",),
        letter_url("page", case, "you"): ("get", "post"),
        letter_url("check", case): ("get",),
        letter_url("download", case, "pdf"): ("get",),
        letter_url("save", case): ("post",),
    }


def test_another_parent_and_a_visitor_get_nothing(refused, owner, other, document_root):
    """Even with the owner's answers finished: another parent gets 404 for every new URL; a
    visitor is sent to sign in (a method a URL never answers is 405 for everyone)."""
    fill_in(client_for(owner), refused)
    theirs, visitor = client_for(other), Client()
    for url, methods in new_urls(refused).items():
        for method in ("get", "post"):
            response = getattr(theirs, method)(url)
            assert response.status_code == (404 if method in methods else 405), (url, method)
            assert not shows(response, "Sam"), (url, method)
            response = getattr(visitor, method)(url)
            if method in methods:
                assert response.status_code == 302
                assert response["Location"].startswith(reverse("accounts:sign_in") + "?next=")
            else:
                assert response.status_code == 405
    assert not Document.objects.filter(case=refused).exists()
    assert stored_files(document_root) == []


def test_saving_needs_the_csrf_token(refused, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    fill_in_with_csrf(client, refused)
    html = client.get(letter_url("check", refused)).content.decode()
    form = re.search(
        r'<form method="post" action="([^"]+)"[^>]*data-save-letter>(.*?)</form>', html, re.S
    )
    assert form and form.group(1) == letter_url("save", refused)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2)).group(1)
    assert client.post(letter_url("save", refused)).status_code == 403
    assert not Document.objects.filter(case=refused).exists()
    response = client.post(letter_url("save", refused), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Document.objects.filter(case=refused).count() == 2


def fill_in_with_csrf(client: Client, case) -> None:
    facts = facts_for(case, case.events.all())
    for page in pages_for(LETTER, facts):
        html = client.get(letter_url("page", case, page)).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = page_data(LETTER, page, DETAILS, facts) | {"csrfmiddlewaretoken": token}
        assert client.post(letter_url("page", case, page), data).status_code == 302


def test_a_case_is_offered_the_issue_14_letters_its_clocks_call_for(
    owner, refused, document_root, assert_valid_html
):
    """An overdue review offers its letter on the dashboard, and it drafts from the case with
    the engine's date; a case whose review is not due is not offered it."""
    overdue = new_case(
        owner,
        "Sam Smith",
        born=date(2016, 5, 4),
        concern="plan-contents",
        events=[("final-plan-issued", date(2025, 11, 3))],
    )
    client = client_for(owner)

    def offered(case) -> list[str]:
        html = client.get(reverse("cases:dashboard", args=[case.public_id])).content.decode()
        return re.findall(r'data-letter="([a-z0-9-]+)"', html)

    assert "annual-review-overdue" in offered(overdue)
    assert "annual-review-overdue" not in offered(refused)
    not_for_refused = reverse(
        "cases:letter_start", args=[refused.public_id, "annual-review-overdue"]
    )
    assert client.get(not_for_refused).status_code == 404

    url = lambda name, *a: reverse(  # noqa: E731
        f"cases:letter_{name}", args=[overdue.public_id, "annual-review-overdue", *a]
    )
    facts = facts_for(overdue, overdue.events.all())
    for page in pages_for("annual-review-overdue", facts):
        data = page_data("annual-review-overdue", page, {**DETAILS, "issues": ["Speech."]}, facts)
        assert client.post(url("page", page), data).status_code == 302
    html = client.get(url("check")).content.decode()
    assert_valid_html(html, name="overdue review letter check")
    due = assess(facts).deadline("annual-review-due")
    assert f"The last day for this review was {long_date(due.due)}." in text_of(html)
