"""Signed-in sessions keep one key, so signing out really ends them (web/journey/sessions.py)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session

from web.accounts.models import User


@pytest.mark.django_db
def test_it_keeps_one_key_for_a_signed_in_session_and_sign_out_ends_every_copy(client):
    user = User.objects.create_user(email="parent@example.com", password="a long passphrase 42")
    client.force_login(user)
    key = client.cookies["sessionid"].value
    client.get("/questions/who")
    client.post("/questions/who", {"answer": "parent"})  # changes the session
    assert client.cookies["sessionid"].value == key, "a signed-in session must not get a new key"
    assert Session.objects.filter(session_key=key).exists()

    client.logout()
    assert not Session.objects.filter(session_key=key).exists()


@pytest.mark.django_db
def test_it_gives_a_visitors_changed_session_a_new_key(client):
    client.post("/questions/who", {"answer": "parent"})
    first = client.cookies["sessionid"].value
    client.post("/questions/council", {"answer": "bedford"})
    assert client.cookies["sessionid"].value != first
