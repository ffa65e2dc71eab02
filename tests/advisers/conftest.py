"""Personas for every permission check (the healthchecks pattern): the parent who owns the
case, another parent, the adviser the case is assigned to, another adviser of the same
organisation, an adviser of another organisation, the organisation admin, a site admin.

Advisers sign in as they do for real: password session, then a TOTP code made from their
device's key (django_otp.oath.TOTP), posted to the verify page. No mocks.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.cases.conftest import *  # noqa: F403 (parents, settings, files, SMTP)
from tests.cases.conftest import _case_settings, client_for  # noqa: F401 (autouse: fixed today)
from tests.cases.test_cases_permissions import world  # noqa: F401 (the case-file matrix's world)
from web.advisers.models import ADVISER, ORG_ADMIN, Membership, Organisation


def totp_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now, from the device's key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def device_for(user: Any) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def signed_in_with_code(user: Any) -> Client:
    """A client signed in with password and a real TOTP code."""
    client = client_for(user)
    device = device_for(user)
    # A code is accepted once per 30-second step (replay protection); a second client for
    # the same person in the same step would be refused, as it should be. Tests that need
    # two sessions for one person start each from a fresh step counter.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    response = client.post(reverse("advisers:two_factor_verify"), {"code": totp_code(device)})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def contact_form(**changes: str) -> dict[str, str]:
    """A whole contact as the form posts it: a 20-minute call last week, follow up next week."""
    form = {
        "kind": "call",
        "date-day": "25",
        "date-month": "1",
        "date-year": "2027",
        "minutes": "20",
        "concern": "refused-assessment",
        "stage": "mediation",
        "outcome": "mediation",
        "what": "Talked through mediation",
        "follow_up-day": "8",
        "follow_up-month": "2",
        "follow_up-year": "2027",
    }
    form.update(changes)
    return form


@pytest.fixture
def bedford(db: Any) -> Organisation:
    return Organisation.objects.create(name="Bedford SENDIASS")


@pytest.fixture
def luton(db: Any) -> Organisation:
    return Organisation.objects.create(name="Luton SENDIASS")


def member(make_user: Any, email: str, organisation: Organisation, role: str = ADVISER) -> Any:
    user = make_user(email)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def adviser(make_user: Any, bedford: Organisation) -> Any:
    """The Bedford adviser the case is assigned to."""
    return member(make_user, "alex@bedford.example", bedford)


@pytest.fixture
def colleague(make_user: Any, bedford: Organisation) -> Any:
    """Another Bedford adviser, not assigned to the case."""
    return member(make_user, "sam@bedford.example", bedford)


@pytest.fixture
def stranger(make_user: Any, luton: Organisation) -> Any:
    """An adviser of another organisation."""
    return member(make_user, "kim@luton.example", luton)


@pytest.fixture
def org_admin(make_user: Any, bedford: Organisation) -> Any:
    return member(make_user, "lead@bedford.example", bedford, ORG_ADMIN)


@pytest.fixture
def site_admin(db: Any) -> Any:
    from tests.cases.conftest import PASSWORD
    from web.accounts.models import User

    return User.objects.create_superuser("root@example.com", PASSWORD)
