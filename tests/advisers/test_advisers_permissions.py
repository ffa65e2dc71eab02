"""Every URL that touches a case, and every adviser URL, for every persona, by GET and POST.

Extends the case-file matrix (tests/cases/matrix.py): its case URLs and world,
plus the roles of issue 6. Adviser URLs are read from web/advisers/urls.py, so a new one
without an entry here fails. Advisers sign in with a real TOTP code (tests/personas.py).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.cases.matrix import (
    CASE_URLS,
    OWNER_GET,
    POST_DATA,
    snapshot,
    url_for,
)
from tests.personas import client_for, shows, signed_in_with_code
from web.advisers import urls as adviser_urls
from web.advisers.models import Contact, Share
from web.cases.models import Case
from web.jobs.files import request_file

from .conftest import contact_form

pytestmark = pytest.mark.django_db

# Case URLs anyone allowed to see the case may open (access.case_for without change=True).
CASE_VIEW_URLS = {
    "dashboard",
    "document",
    "calendar",
    "chronology_pdf",
    "chronology_docx",
    "export",
    "prepared_file",
    "prepared_download",
}
ADVISER_CASE_URLS = [
    "case",
    "note_new",
    "assign",
    "sharing",
    "audit",
    "event_for_family",
    "mark_deadline",
]
ADVISER_URLS = [
    "caseload",
    "caseload_csv",
    "two_factor_setup",
    "two_factor_verify",
    "today",
    "two_factor_recovery",
    "recovery_codes",
    "contacts",
    "enquiry_new",
]
CONTACT_URLS = ["contact_edit"]  # one contact, by its author only (test_advisers_contacts.py)
PERSONAS = [
    "visitor",
    "owner",
    "other",
    "adviser",
    "colleague",
    "stranger",
    "org_admin",
    "site_admin",
]
SIGN_IN = "sign-in"  # a redirect to the sign-in page


def test_every_adviser_url_is_in_the_matrix():
    names = {p.name for p in adviser_urls.urlpatterns}
    assert names == set(ADVISER_CASE_URLS + ADVISER_URLS + CONTACT_URLS)
    with_case = {p.name for p in adviser_urls.urlpatterns if "case_id" in p.pattern.regex.pattern}
    assert with_case == set(ADVISER_CASE_URLS)


def expected_case_get(persona: str, name: str) -> int | str:
    if OWNER_GET[name] == 405:
        return 405  # POST only (close, letter_save), for everyone
    if persona == "visitor":
        return SIGN_IN
    if persona == "owner":
        return OWNER_GET[name]
    if persona == "adviser" and name.startswith("letter_"):
        return OWNER_GET[name]  # the assigned adviser drafts letters for the family (issue 18)
    if persona in ("adviser", "org_admin") and name == "dashboard":
        return 302  # to their own read-only page of the case
    if persona in ("adviser", "org_admin") and name in CASE_VIEW_URLS:
        return 200
    return 404


ADVISER_GET = {
    # case note_new assign sharing audit event mark | caseload csv 2fa-set-up 2fa today
    # recovery codes contacts enquiry
    "owner": (302, 200, 404, 200, 200, 302, 200, 404, 404, 302, 302, 404, 302, 302, 404, 404),
    "other": (404, 404, 404, 404, 404, 404, 404, 404, 404, 302, 302, 404, 302, 302, 404, 404),
    "adviser": (200, 200, 404, 404, 404, 200, 200, 200, 200, 302, 302, 200, 302, 302, 200, 200),
    "colleague": (404, 404, 404, 404, 404, 404, 404, 200, 200, 302, 302, 200, 302, 302, 200, 200),
    "stranger": (404, 404, 404, 404, 404, 404, 404, 200, 200, 302, 302, 200, 302, 302, 200, 200),
    "org_admin": (200, 404, 200, 404, 404, 404, 404, 200, 200, 302, 302, 200, 302, 302, 200, 200),
    "site_admin": (404, 404, 404, 404, 404, 404, 404, 404, 404, 302, 302, 404, 302, 302, 404, 404),
}


def expected_adviser_get(persona: str, name: str) -> int | str:
    if persona == "visitor":
        return SIGN_IN
    return ADVISER_GET[persona][(ADVISER_CASE_URLS + ADVISER_URLS).index(name)]


@pytest.fixture
def people(world, owner, other, adviser, colleague, stranger, org_admin, site_admin, bedford):
    share = Share.objects.create(case=world["case"], organisation=bedford, adviser=adviser)
    world["share"] = share
    # The chronology of the case as it is now (the world's was made before its last change).
    world["prepared"] = request_file(
        Case.objects.get(pk=world["case"].pk), "chronology.pdf"
    ).public_id
    return {
        "owner": owner,
        "other": other,
        "adviser": adviser,
        "colleague": colleague,
        "stranger": stranger,
        "org_admin": org_admin,
        "site_admin": site_admin,
    }


def client_as(persona: str, people: dict) -> Client:
    if persona == "visitor":
        return Client()
    if persona in ("owner", "other"):
        return client_for(people[persona])
    return signed_in_with_code(people[persona])


def adviser_url(name: str, world: dict) -> str:
    if name in ADVISER_CASE_URLS:
        return reverse(f"advisers:{name}", args=[world["case"].public_id])
    return reverse(f"advisers:{name}")


def finish(response) -> None:
    """Read a download to its end, which closes its file. (Not response.close(): that signals
    the end of a request, and on PostgreSQL closes the test's database connection.)"""
    if response.streaming:
        b"".join(response.streaming_content)


def check(response, expected: int | str) -> None:
    if expected == SIGN_IN:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("accounts:sign_in") + "?next=")
    else:
        assert response.status_code == expected, (response.status_code, expected)


def full_snapshot(world: dict, root) -> tuple:
    shares = list(Share.objects.values_list("case_id", "adviser_id", "revoked_at"))
    contacts = list(Contact.objects.values_list("case_id", "what", "updated_at"))
    return (*snapshot(world, root), shares, contacts)


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_every_url(world, people, persona, document_root):
    client = client_as(persona, people)
    for name in CASE_URLS:
        response = client.get(url_for(name, world))
        check(response, expected_case_get(persona, name))
        if response.status_code == 404:
            assert not shows(response, "Sam"), name
        finish(response)
    for name in ADVISER_CASE_URLS + ADVISER_URLS:
        response = client.get(adviser_url(name, world))
        check(response, expected_adviser_get(persona, name))
        if response.status_code == 404:
            assert not shows(response, "Sam"), name


def test_a_nonce_that_spells_the_childs_name_is_no_leak(world, people, monkeypatch):
    """Why test_get_every_url asks `shows()`: a page's random CSP nonce can spell "Sam" (here
    made to), and that is not the page showing the child's name."""
    import secrets

    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: "abcSamdefghijklmnopqrstu")
    response = client_as("site_admin", people).get(url_for("dashboard", world))
    assert response.status_code == 404
    assert b"Sam" in response.content and b'nonce="abcSamdefghijklmnopqrstu"' in response.content
    assert not shows(response, "Sam")
    assert shows(response, "Page not found")


POST = {**POST_DATA, "what": "x", "organisation": "1", "adviser": "1", "revoke": "1"}


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "owner"])
def test_nobody_but_the_owner_changes_anything_by_post(world, people, persona, document_root):
    """POST to every case URL and adviser case URL: nothing changes (the assigned adviser's
    note and the admin's assignment, which they may make, are left out)."""
    client = client_as(persona, people)
    data = {**POST, "adviser": str(people["colleague"].pk), "revoke": str(world["share"].pk)}
    before = full_snapshot(world, document_root)
    acting = {"note_new", "event_for_family", "mark_deadline"}  # for the family (issue 18)
    allowed = {"adviser": acting, "org_admin": {"assign"}}.get(persona, set())
    letters = {n for n in CASE_URLS if n.startswith("letter_")} if persona == "adviser" else set()
    urls = [url_for(n, world) for n in CASE_URLS if n not in letters] + [
        adviser_url(n, world) for n in ADVISER_CASE_URLS if n not in allowed
    ]
    for url in urls:
        response = client.post(url, data)
        if persona == "visitor" and response.status_code != 405:
            check(response, SIGN_IN)
        else:
            assert response.status_code in (404, 405), (url, response.status_code)
        finish(response)
    assert full_snapshot(world, document_root) == before


def test_the_assigned_adviser_adds_a_note_and_the_admin_assigns(world, people):
    alex = signed_in_with_code(people["adviser"])
    form = contact_form(what="Rang school")
    assert alex.post(adviser_url("note_new", world), form).status_code == 302
    note = world["case"].events.get(kind="note")
    assert note.author == people["adviser"]
    lead = signed_in_with_code(people["org_admin"])
    response = lead.post(adviser_url("assign", world), {"adviser": str(people["colleague"].pk)})
    assert response.status_code == 302
    assert Share.objects.get(pk=world["share"].pk).adviser == people["colleague"]
    # Reassigned: the first adviser's next request is refused, the colleague's allowed.
    assert alex.get(adviser_url("case", world)).status_code == 404
    sam = signed_in_with_code(people["colleague"])
    assert sam.get(adviser_url("case", world)).status_code == 200


REVOCABLE = sorted(CASE_VIEW_URLS) + ["advisers:case", "advisers:note_new"]


@pytest.mark.parametrize("persona", ["adviser", "org_admin"])
def test_revoking_consent_ends_access_on_the_next_request(
    world, people, persona, owner, document_root
):
    client = signed_in_with_code(people[persona])
    urls = [
        adviser_url(n.split(":")[1], world) if ":" in n else url_for(n, world) for n in REVOCABLE
    ]
    if persona == "org_admin":
        urls = [u for u in urls if not u.endswith("/notes/new")] + [adviser_url("assign", world)]
    dashboard = url_for("dashboard", world)
    for url in urls:
        response = client.get(url)
        assert response.status_code == (302 if url == dashboard else 200), url
        finish(response)
    parent = client_for(owner)
    response = parent.post(
        reverse("advisers:sharing", args=[world["case"].public_id]),
        {"revoke": str(world["share"].pk)},
    )
    assert response.status_code == 302
    case_page = adviser_url("case", world)
    for url in urls:
        # The adviser's page of the case says plainly that the family stopped sharing (410).
        response = client.get(url)
        assert response.status_code == (410 if url == case_page else 404), url
        assert not shows(response, "Sam"), url
    caseload = client.get(reverse("advisers:caseload")).content.decode()
    assert str(world["case"].public_id) not in caseload


def test_an_adviser_without_the_second_factor_reaches_no_case(world, people):
    """Password only: every case URL sends them to the code page, even with consent."""
    client = client_for(people["adviser"])
    for name in CASE_URLS:
        response = client.get(url_for(name, world))
        if name == "close":
            continue
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("advisers:two_factor_setup"))
    response = client.get(adviser_url("case", world))
    assert response["Location"].startswith(reverse("advisers:two_factor_setup"))


def test_the_site_admin_sees_consent_and_the_trail_but_cannot_change_them(world, people):
    client = signed_in_with_code(people["site_admin"])
    share = world["share"]
    assert client.get("/admin/advisers/share/").status_code == 200
    assert client.get(f"/admin/advisers/share/{share.pk}/change/").status_code == 200
    assert client.post(f"/admin/advisers/share/{share.pk}/delete/").status_code == 403
    assert client.get("/admin/cases/auditentry/").status_code == 200
    assert client.get("/admin/cases/auditentry/add/").status_code == 403
    assert Share.objects.filter(pk=share.pk).exists()
    assert client.get("/admin/cases/case/").status_code == 404
