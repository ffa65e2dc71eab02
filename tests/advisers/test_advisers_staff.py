"""Issue 12, finding 1: site staff cannot pose as advisers, the audit trail names the real
account, display names are unique within an organisation, and the admin lists no parent's
e-mail address."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse

from tests.personas import new_case, signed_in_with_code
from web.advisers.models import ORG_ADMIN, Membership, Share
from web.cases.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_staff_holding_a_membership_still_open_no_shared_case(owner, site_admin, bedford):
    case = new_case(owner)
    Share.objects.create(case=case, organisation=bedford)
    # As if the admin had given themselves the role: the row alone must grant nothing.
    Membership.objects.create(user=site_admin, organisation=bedford, role=ORG_ADMIN)
    staff = signed_in_with_code(site_admin)
    for name in ("advisers:case", "cases:export", "cases:chronology_docx", "advisers:assign"):
        assert staff.get(reverse(name, args=[case.public_id])).status_code == 404, name
    assert staff.get(reverse("advisers:caseload")).status_code == 404
    assert not AuditEntry.objects.filter(case=case).exists()


def test_a_membership_for_staff_is_invalid(site_admin, bedford):
    with pytest.raises(ValidationError, match="site staff"):
        Membership(user=site_admin, organisation=bedford).full_clean()


def admin_client(site_admin):
    return signed_in_with_code(site_admin)


def test_the_admin_refuses_a_membership_for_staff(site_admin, bedford):
    client = admin_client(site_admin)
    response = client.post(
        reverse("admin:advisers_membership_add"),
        {"organisation": bedford.pk, "email": site_admin.email, "role": "admin"},
    )
    assert response.status_code == 200
    assert "A member of site staff cannot be an adviser." in response.content.decode()
    assert not Membership.objects.exists()


def test_the_admin_adds_a_member_by_typed_address(site_admin, bedford, make_user):
    alex = make_user("alex@bedford.example")
    client = admin_client(site_admin)
    response = client.post(
        reverse("admin:advisers_membership_add"),
        {"organisation": bedford.pk, "email": "Alex@Bedford.example", "role": "adviser"},
    )
    assert response.status_code == 302
    assert Membership.objects.get().user == alex


def test_the_admin_pages_list_no_parents_address(site_admin, bedford, owner, adviser):
    client = admin_client(site_admin)
    new_case(owner)
    for url in (
        reverse("admin:advisers_membership_add"),
        reverse("admin:advisers_organisation_change", args=[bedford.pk]),
        reverse("admin:advisers_membership_changelist"),
    ):
        html = client.get(url).content.decode()
        assert owner.email not in html, url
    # django-axes' admin lists every address anyone tried: it is switched off.
    with pytest.raises(NoReverseMatch):
        reverse("admin:axes_accessattempt_changelist")


def test_display_names_are_unique_in_an_organisation(make_user, bedford, luton):
    Membership.objects.create(
        user=make_user("a@x.example"), organisation=bedford, display_name="Alex"
    )
    Membership.objects.create(
        user=make_user("b@x.example"), organisation=luton, display_name="Alex"
    )
    Membership.objects.create(user=make_user("c@x.example"), organisation=bedford)
    Membership.objects.create(user=make_user("d@x.example"), organisation=bedford)  # two blanks
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=make_user("e@x.example"), organisation=bedford, display_name="Alex"
        )


def test_the_trail_records_the_account_not_only_its_display_name(owner, adviser, bedford):
    Membership.objects.filter(user=adviser).update(display_name="Sam Jones")
    case = new_case(owner)
    Share.objects.create(case=case, organisation=bedford, adviser=adviser)
    signed_in_with_code(adviser).get(reverse("advisers:case", args=[case.public_id]))
    entry = AuditEntry.objects.get(case=case)
    assert entry.actor == "Sam Jones, alex@bedford.example (adviser, Bedford SENDIASS)"
    assert entry.actor_id == adviser.pk
