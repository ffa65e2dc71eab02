"""Sharing a case with a second parent or carer (issue 15 item 15): an e-mail invitation, the
invited person's consent, revocable by either side, every step in the audit trail; and who may
do what: the owner, the second parent, an outsider and an adviser."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import client_for, pdf_bytes, upload
from web.cases.models import AuditEntry
from web.family.models import Carer

pytestmark = pytest.mark.django_db


def link_in(body: str) -> str:
    return re.search(r"http://testserver(/family/invitations/\S+)", body).group(1)


@pytest.fixture
def carer(make_user):
    return make_user("carer@example.com")


def invite(owner_client, case, smtp, email="carer@example.com") -> str:
    response = owner_client.post(
        reverse("family:sharing_family", args=[case.public_id]), {"email": email}
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    message = smtp.wait()[-1]
    assert message["To"] == email
    return link_in(smtp.last_body())


def test_an_invited_carer_sees_the_case_after_agreeing_and_not_before(
    owner_client, case, carer, smtp, assert_valid_html
):
    owner_client.post(
        reverse("cases:document_new", args=[case.public_id]),
        {"document": upload("letter.pdf", pdf_bytes(1)), "event": "", "title": "Decision letter"},
    )
    link = invite(owner_client, case, smtp)
    row = Carer.objects.get()
    assert row.token_hash and row.token_hash not in link  # only the hash is kept
    client = client_for(carer)
    shared = reverse("family:case", args=[case.public_id])
    assert client.get(shared).status_code == 404  # invited is not agreed
    page = client.get(link)
    assert page.status_code == 200
    assert_valid_html(page.content, name="family accept")
    assert client.post(link, {"answer": "yes"})["Location"] == shared
    html = client.get(shared).content.decode()
    assert_valid_html(html, name="family case")
    assert "Sam" in html and "Decision letter" in html
    # Read-only: no Change or Delete links, and the owner's pages refuse a change.
    assert reverse("cases:event_new", args=[case.public_id]) not in html
    assert "/delete" not in html
    assert client.get(reverse("cases:dashboard", args=[case.public_id]))["Location"] == shared
    assert client.get(reverse("cases:edit", args=[case.public_id])).status_code == 404
    assert (
        client.post(reverse("cases:close", args=[case.public_id]), {"action": "close"}).status_code
        == 404
    )
    assert client.get(reverse("family:sharing_family", args=[case.public_id])).status_code == 404
    # Listed on their own case list, and the link is used once only.
    assert shared in client.get(reverse("cases:index")).content.decode()
    assert client.get(link).status_code == 404
    # The audit trail names them as a second parent or carer.
    actors = set(AuditEntry.objects.filter(case=case).values_list("actor", flat=True))
    assert "carer@example.com (second parent or carer)" in actors
    whats = set(AuditEntry.objects.filter(case=case).values_list("what", flat=True))
    assert {"invited carer@example.com", "agreed to see the case"} <= whats


def test_the_owner_can_stop_sharing_and_access_ends_at_once(owner_client, case, carer, smtp):
    link = invite(owner_client, case, smtp)
    client = client_for(carer)
    client.post(link, {"answer": "yes"})
    shared = reverse("family:case", args=[case.public_id])
    assert client.get(shared).status_code == 200
    page = reverse("family:sharing_family", args=[case.public_id])
    html = owner_client.get(page).content.decode()
    assert "carer@example.com: can see the case since" in html
    row = Carer.objects.get()
    assert owner_client.post(page, {"end": str(row.pk)}).status_code == 302
    assert client.get(shared).status_code == 404
    assert client.get(reverse("cases:document", args=[case.public_id, 1])).status_code == 404
    assert AuditEntry.objects.filter(
        case=case, what="stopped sharing with carer@example.com"
    ).exists()


def test_the_carer_can_leave(owner_client, case, carer, smtp):
    client = client_for(carer)
    client.post(invite(owner_client, case, smtp), {"answer": "yes"})
    assert client.post(reverse("family:leave", args=[case.public_id])).status_code == 302
    assert client.get(reverse("family:case", args=[case.public_id])).status_code == 404
    assert Carer.objects.get().ended_at is not None


def test_saying_no_ends_the_invitation(owner_client, case, carer, smtp):
    link = invite(owner_client, case, smtp)
    client_for(carer).post(link, {"answer": "no"})
    assert Carer.objects.get().ended_at is not None
    assert client_for(carer).get(reverse("family:case", args=[case.public_id])).status_code == 404


def test_only_the_invited_address_can_accept(owner_client, case, other, make_user, smtp):
    link = invite(owner_client, case, smtp)
    assert client_for(other).get(link).status_code == 403
    assert client_for(other).post(link, {"answer": "yes"}).status_code == 403
    unconfirmed = make_user("carer@example.com", verified=False)
    assert client_for(unconfirmed).post(link, {"answer": "yes"}).status_code == 403
    assert Carer.objects.get().accepted_at is None
    assert Client().get(link).status_code == 302  # a visitor signs in first
    assert client_for(other).get("/family/invitations/not-a-token").status_code == 404


def test_outsiders_and_other_parents_get_nothing(owner_client, case, other, smtp):
    urls = [
        reverse("family:sharing_family", args=[case.public_id]),
        reverse("family:case", args=[case.public_id]),
    ]
    for url in urls:
        assert client_for(other).get(url).status_code == 404
        assert Client().get(url).status_code == 302
    assert client_for(other).post(urls[0], {"email": "x@example.com"}).status_code == 404
    assert client_for(other).post(reverse("family:leave", args=[case.public_id])).status_code == 404
    assert not Carer.objects.exists()


def test_an_adviser_is_not_a_second_parent(owner_client, case, carer, smtp, settings):
    """An adviser's access is the adviser sharing's (an organisation, two factors); an adviser
    invited as a carer but not accepted sees nothing, and the carer's page sends advisers to
    their own read-only page."""
    from web.advisers.models import Membership, Organisation

    organisation = Organisation.objects.create(name="Bedford SENDIASS")
    Membership.objects.create(user=carer, organisation=organisation)
    invite(owner_client, case, smtp)
    client = client_for(carer)
    for name in ("family:case", "cases:dashboard"):
        response = client.get(reverse(name, args=[case.public_id]))
        # An adviser without their second factor is sent to set it up; with it, not found.
        assert response.status_code in (302, 404), name
        if response.status_code == 302:
            assert response["Location"].startswith("/account/two-factor/"), name
    assert not Carer.objects.active().exists()


def test_invitations_are_refused_for_your_own_address_twice_or_unconfirmed(
    owner_client, owner, case, smtp, assert_valid_html
):
    page = reverse("family:sharing_family", args=[case.public_id])
    response = owner_client.post(page, {"email": "owner@example.com"})
    assert "not your own" in response.content.decode()
    assert_valid_html(response.content, name="family sharing errors")
    invite(owner_client, case, smtp)
    again = owner_client.post(page, {"email": "carer@example.com"})
    assert "already invited" in again.content.decode()
    owner.email_verified = False
    owner.save()
    late = owner_client.post(page, {"email": "third@example.com"})
    assert "Confirm your email address" in late.content.decode()
    assert Carer.objects.count() == 1


def test_the_family_pages_are_valid_and_plain(
    owner_client, case, assert_valid_html, assert_readable
):
    html = owner_client.get(reverse("family:sharing_family", args=[case.public_id])).content
    assert_valid_html(html, name="family sharing")
    assert_readable(html, name="family sharing")
