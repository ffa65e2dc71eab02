"""Issue 12, finding 13: limits on what anonymous and unconfirmed use can cost: e-mails to a
typed address, documents from an unconfirmed account, and the space one account may fill."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import PASSWORD, client_for, new_case, pdf_bytes, post_document
from web.accounts import throttle
from web.advisers.models import Organisation, Share
from web.cases.models import Document

pytestmark = pytest.mark.django_db


def test_password_resets_to_one_address_are_limited(smtp, owner):
    for number in range(6):
        client = Client(REMOTE_ADDR=f"10.1.0.{number}")  # from anywhere
        response = client.post(reverse("accounts:reset"), {"email": "owner@example.com"})
        assert response["Location"] == reverse("accounts:reset_sent")  # the same page, always
    smtp.wait(throttle.EMAILS_PER_ADDRESS)
    assert len(smtp.messages) == throttle.EMAILS_PER_ADDRESS


def test_sign_ups_from_one_client_are_limited(smtp):
    client = Client(REMOTE_ADDR="10.2.0.1")
    for number in range(throttle.EMAILS_PER_CLIENT + 3):
        client.post(
            reverse("accounts:sign_up"),
            {"email": f"someone{number}@example.com", "password": PASSWORD},
        )
    smtp.wait(throttle.EMAILS_PER_CLIENT)
    assert len(smtp.messages) == throttle.EMAILS_PER_CLIENT
    # Someone else, from another client, is not affected.
    Client(REMOTE_ADDR="10.2.0.2").post(
        reverse("accounts:sign_up"), {"email": "else@example.com", "password": PASSWORD}
    )
    assert len(smtp.wait(throttle.EMAILS_PER_CLIENT + 1)) == throttle.EMAILS_PER_CLIENT + 1


def test_an_unconfirmed_account_cannot_upload_or_share(make_user, document_root):

    user = make_user("new@example.com", verified=False)
    case = new_case(user)
    client = client_for(user)
    response = post_document(client, case, "letter.pdf", pdf_bytes(1))
    assert response.status_code == 200
    assert "Confirm your email address before you add documents" in response.content.decode()
    assert not Document.objects.exists() and not list(document_root.glob("*"))
    bedford = Organisation.objects.create(name="Bedford SENDIASS")
    response = client.post(
        reverse("advisers:sharing", args=[case.public_id]), {"organisation": str(bedford.pk)}
    )
    assert "Confirm your email address before you share" in response.content.decode()
    assert not Share.objects.exists()


def test_each_account_has_a_storage_quota(owner_client, case, settings, document_root):
    data = pdf_bytes(1)
    settings.CASES_ACCOUNT_QUOTA_BYTES = len(data) * 2
    for _ in range(2):
        assert post_document(owner_client, case, "letter.pdf", data).status_code == 302
    response = post_document(owner_client, case, "letter.pdf", data)
    assert response.status_code == 200
    assert "Delete a document to make room" in response.content.decode()
    assert Document.objects.count() == 2
