"""One parent can never read or change another's case, by any URL: every case URL, with the
owner, another parent and a visitor, by GET and by POST.

The list of URLs is read from the `cases` namespace (web/urls.py's `case_pages`: the case
file's own, its letters and its prepared files), so a new case URL without an entry here fails.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import client_for, shows
from web.cases.models import Case
from web.urls import case_pages

from .matrix import CASE_URLS, NOT_HTML, OWNER_GET, POST_DATA, snapshot, url_for

pytestmark = pytest.mark.django_db


def test_every_case_url_is_in_the_matrix():
    patterns, _ = case_pages
    with_case = {p.name for p in patterns if "case_id" in p.pattern.regex.pattern}
    assert with_case == set(CASE_URLS)


@pytest.mark.parametrize("name", list(CASE_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_visitor_is_sent_to_sign_in(world, document_root, name, method):
    before = snapshot(world, document_root)
    url = url_for(name, world)
    response = getattr(Client(), method)(url, POST_DATA if method == "post" else None)
    if response.status_code == 405:
        assert method == "post" or OWNER_GET[name] == 405
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign_in") + "?next=")
    assert snapshot(world, document_root) == before


@pytest.mark.parametrize("name", list(CASE_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_parent_gets_not_found(world, other, document_root, name, method):
    before = snapshot(world, document_root)
    client = client_for(other)
    response = getattr(client, method)(
        url_for(name, world), POST_DATA if method == "post" else None
    )
    assert response.status_code in (404, 405), response.status_code
    if method == "get" and OWNER_GET[name] != 405:
        assert response.status_code == 404
        assert not shows(response, "Sam")
    assert snapshot(world, document_root) == before


@pytest.mark.parametrize(
    "name", [n for n, args in CASE_URLS.items() if {"event", "document"} & set(args)]
)
def test_another_parent_cannot_reach_this_case_through_their_own(world, other, name):
    """Their case id with this case's event or document id: still not found."""
    client = client_for(other)
    response = client.get(url_for(name, world, case=world["theirs"]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", list(CASE_URLS))
def test_the_owner_can_open_every_url(world, owner, name):
    response = client_for(owner).get(url_for(name, world))
    assert response.status_code == OWNER_GET[name]
    response.close()


def test_lists_show_only_your_own_cases(world, other):
    html = client_for(other).get(reverse("cases:index")).content.decode()
    assert "Jo" in html and not shows(html, "Sam")
    assert str(world["case"].public_id) not in html


def test_an_inactive_owner_sees_nothing(world, owner):
    client = client_for(owner)
    owner.is_active = False
    owner.save()
    response = client.get(url_for("dashboard", world))
    assert response.status_code == 302


def test_a_revoked_feed_token_is_not_a_key_to_anything(world, owner):
    client = client_for(owner)
    feed_page = url_for("calendar_feed", world)
    client.post(feed_page, {"action": "create"})
    shown = re.search(
        r'data-feed-url="http://testserver(/[^"]+)"', client.get(feed_page).content.decode()
    )
    assert shown is not None
    path = shown.group(1)
    assert Client().get(path).status_code == 200  # the token works until it is revoked
    client.post(feed_page, {"action": "revoke"})
    assert Case.objects.get(pk=world["case"].pk).calendar_token_hash == ""
    assert Client().get(path).status_code == 404
    # Nor does the empty hash that a revoked case keeps match anything.
    from web.cases import access

    assert access.case_for_feed("") is None


# The case pages that show a POST form (the others show none: the test below checks both).
WITH_FORMS = {
    "dashboard",
    "edit",
    "event_new",
    "event_edit",
    "event_delete",
    "document_new",
    "document_delete",
    "calendar_feed",
    "delete",
    "letter_page",
    "letter_start",  # these two go to the letter's first page, which has its form
    "letter_check",
    "document_edit",  # a document's name and date (issue 15)
    "letter_notes",  # the notes page beside a letter (issue 15)
}


@pytest.mark.parametrize("name", [n for n in CASE_URLS if n not in NOT_HTML])
def test_every_post_form_carries_a_csrf_token(world, owner, name):
    """The test client skips CSRF checks, so check the forms themselves (a macro imported
    without context once lost its token)."""
    response = client_for(owner).get(url_for(name, world), follow=True)
    html = response.content.decode()
    forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S)
    assert bool(forms) == (name in WITH_FORMS), (name, len(forms))
    assert all('name="csrfmiddlewaretoken"' in form for form in forms), name


@pytest.mark.parametrize(
    "url", ["/cases/", "/account", "/account/sign-out-everywhere", "/account/delete"]
)
def test_account_forms_carry_a_csrf_token(owner, url):
    html = client_for(owner).get(url).content.decode()
    forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S)
    assert forms and all('name="csrfmiddlewaretoken"' in form for form in forms)


def test_deleting_works_with_csrf_checks_on(world, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    url = url_for("delete", world)
    html = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert client.post(url).status_code == 403
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
    assert not Case.objects.filter(pk=world["case"].pk).exists()
