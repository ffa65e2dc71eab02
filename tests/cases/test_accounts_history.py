"""Issue 12, finding 15: sign-in history is kept for a stated period, goes with the account,
and the privacy page says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def sign_in(email: str, password: str = PASSWORD) -> Client:
    client = Client()
    client.post(reverse("accounts:sign_in"), {"email": email, "password": password})
    return client


def test_sign_in_history_is_deleted_with_the_account(owner, other):
    sign_in("owner@example.com", "wrong password!")
    sign_in("owner@example.com")
    sign_in("other@example.com")
    assert AccessLog.objects.filter(username="owner@example.com").exists()
    client_for(owner).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert not AccessLog.objects.filter(username="owner@example.com").exists()
    assert not AccessAttempt.objects.filter(username="owner@example.com").exists()
    assert AccessLog.objects.filter(username="other@example.com").exists()  # not theirs


def test_sign_in_history_older_than_the_period_is_deleted(owner, other, settings):
    sign_in("other@example.com")
    old = timezone.now() - timedelta(days=settings.SIGN_IN_HISTORY_DAYS, hours=1)
    AccessLog.objects.update(attempt_time=old)
    sign_in("owner@example.com")  # any sign-in clears what is too old
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["owner@example.com"]


def test_the_privacy_page_says_how_long_sign_in_history_is_kept(client, settings):
    html = client.get(reverse("pages:privacy")).content.decode()
    assert f"We delete each record after {settings.SIGN_IN_HISTORY_DAYS} days" in html
    assert "all of them when you delete your account" in html
