"""Two-factor sign-in: advisers, organisation admins and staff reach nothing else before it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import client_for, device_for, signed_in_with_code, totp_code

pytestmark = pytest.mark.django_db


def test_an_adviser_without_an_app_is_sent_to_set_one_up(adviser):
    client = client_for(adviser)
    response = client.get(reverse("advisers:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("advisers:two_factor_setup"))


def test_set_up_shows_a_qr_code_and_the_key_and_accepts_a_real_code(
    adviser, assert_valid_html, assert_readable
):
    client = client_for(adviser)
    page = client.get(reverse("advisers:two_factor_setup") + "?next=/adviser/caseload")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "QR code for your authenticator app" in html
    device = TOTPDevice.objects.get(user=adviser, confirmed=False)
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    assert secret[:4] + " " + secret[4:8] in html
    assert_valid_html(html, name="two-factor set-up")
    assert_readable(html, name="two-factor set-up")

    wrong = client.post(reverse("advisers:two_factor_setup"), {"code": "000000"})
    if totp_code(device) != "000000":
        assert wrong.status_code == 200
        assert "The code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(
        reverse("advisers:two_factor_setup"),
        {"code": totp_code(device), "next": "/adviser/caseload"},
    )
    assert response.status_code == 302
    # Recovery codes next, shown once, then on to where they were going.
    assert response["Location"] == reverse("advisers:recovery_codes")
    codes_page = client.get(reverse("advisers:recovery_codes")).content.decode()
    assert_valid_html(codes_page, name="recovery codes")
    assert codes_page.count("<li>") >= 10 and 'href="/adviser/caseload"' in codes_page
    assert client.get(reverse("advisers:recovery_codes")).status_code == 302  # once only
    assert TOTPDevice.objects.get(user=adviser).confirmed
    assert client.get(reverse("advisers:caseload")).status_code == 200


def test_one_wrong_code_then_the_right_one_signs_in(adviser, assert_valid_html):
    """Issue 18: a single slip does not lock the adviser out, even for a second."""
    client = client_for(adviser)
    device = TOTPDevice.objects.create(user=adviser, name="phone", confirmed=True)
    assert client.get(reverse("advisers:caseload"))["Location"].startswith(
        reverse("advisers:two_factor_verify")
    )
    code = totp_code(device)
    bad = "111111" if code != "111111" else "222222"
    first = client.post(reverse("advisers:two_factor_verify"), {"code": bad})
    assert first.status_code == 200 and "The code is not right" in first.content.decode()
    assert_valid_html(first.content.decode(), name="two-factor verify, error")
    second = client.post(reverse("advisers:two_factor_verify"), {"code": code})
    assert second.status_code == 302
    assert client.get(reverse("advisers:caseload")).status_code == 200


def test_two_wrong_codes_in_a_row_then_throttle(adviser):
    client = client_for(adviser)
    device = TOTPDevice.objects.create(user=adviser, name="phone", confirmed=True)
    code = totp_code(device)
    bad = "111111" if code != "111111" else "222222"
    client.post(reverse("advisers:two_factor_verify"), {"code": bad})
    client.post(reverse("advisers:two_factor_verify"), {"code": bad})
    # Straight after a second failure the right code waits a moment.
    third = client.post(reverse("advisers:two_factor_verify"), {"code": code})
    assert "Too many wrong codes" in third.content.decode()
    assert client.get(reverse("advisers:caseload")).status_code == 302


def test_a_code_cannot_be_used_twice(adviser):
    device = TOTPDevice.objects.create(user=adviser, name="phone", confirmed=True)
    code = totp_code(device)
    one, two = client_for(adviser), client_for(adviser)
    assert one.post(reverse("advisers:two_factor_verify"), {"code": code}).status_code == 302
    response = two.post(reverse("advisers:two_factor_verify"), {"code": code})
    assert response.status_code == 200
    assert "That code has been used already" in response.content.decode()


def test_codes_must_be_six_digits(adviser):
    client = client_for(adviser)
    TOTPDevice.objects.create(user=adviser, name="phone", confirmed=True)
    response = client.post(reverse("advisers:two_factor_verify"), {"code": "12ab"})
    assert "Enter the code as 6 digits" in response.content.decode()
    response = client.post(reverse("advisers:two_factor_verify"), {"code": ""})
    assert "Enter the 6-digit code" in response.content.decode()


def test_after_the_code_an_adviser_lands_on_the_caseload(adviser):
    from tests.personas import PASSWORD

    device = device_for(adviser)
    client = Client()
    signed_in = client.post(
        reverse("accounts:sign_in"), {"email": adviser.email, "password": PASSWORD}
    )
    asked = client.get(signed_in["Location"])  # anywhere first: the second factor
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("advisers:two_factor_verify"))
    response = client.post(asked["Location"], {"code": totp_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("advisers:caseload")
    assert client.get(response["Location"]).status_code == 200


def test_sign_out_is_reachable_before_the_code(adviser):
    client = client_for(adviser)
    response = client.post(reverse("accounts:sign_out"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signed_out")


def test_staff_need_two_factors_for_the_admin(site_admin):
    client = client_for(site_admin)
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("advisers:two_factor_setup"))
    client = signed_in_with_code(site_admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/advisers/organisation/add/").status_code == 200


def test_parents_are_not_asked_for_a_code(owner):
    client = client_for(owner)
    assert client.get(reverse("cases:index")).status_code == 200
    response = client.get(reverse("advisers:two_factor_setup"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=owner).exists()


def test_a_next_address_elsewhere_is_ignored(adviser):
    client = client_for(adviser)
    device = TOTPDevice.objects.create(user=adviser, name="phone", confirmed=True)
    response = client.post(
        reverse("advisers:two_factor_verify"),
        {"code": totp_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("advisers:caseload")


def test_the_admin_signs_in_through_our_sign_in_page(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:sign_in") + "?next=%2Fadmin%2F"
    assert response.status_code == 200


def test_wrong_codes_never_keep_the_right_one_out_for_long(adviser):
    """Issue 12: after any number of wrong codes, the right one works within 30 seconds."""
    from datetime import timedelta

    from django.utils import timezone

    client = client_for(adviser)
    device = TOTPDevice.objects.create(user=adviser, name="phone", confirmed=True)
    code = totp_code(device)
    bad = "111111" if code != "111111" else "222222"
    for _ in range(3):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        client.post(reverse("advisers:two_factor_verify"), {"code": bad})
    device.refresh_from_db()
    assert device.throttling_failure_count == 3
    # As if someone with the password had gone on for hours: 40 wrong codes in a row.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=40,
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5),
    )
    early = client.post(reverse("advisers:two_factor_verify"), {"code": code})
    assert "Too many wrong codes. Wait 30 seconds" in early.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=31)
    )
    assert client.post(reverse("advisers:two_factor_verify"), {"code": code}).status_code == 302
    assert client.get(reverse("advisers:caseload")).status_code == 200


def test_each_sign_in_before_enrolment_shows_a_new_key(adviser):
    """Issue 12: a set-up key shown at one sign-in is no good at the next."""
    first = client_for(adviser)
    first.get(reverse("advisers:two_factor_setup"))
    old = TOTPDevice.objects.get(user=adviser, confirmed=False)
    first.get(reverse("advisers:two_factor_setup"))  # the same session keeps its key
    assert TOTPDevice.objects.get(user=adviser, confirmed=False).key == old.key
    second = client_for(adviser)  # a new sign-in
    second.get(reverse("advisers:two_factor_setup"))
    new = TOTPDevice.objects.get(user=adviser, confirmed=False)
    assert new.key != old.key
    # A code from the old key does not enrol.
    response = first.post(reverse("advisers:two_factor_setup"), {"code": totp_code(old)})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=adviser, confirmed=True).exists()


def recovery_codes_for(adviser):
    from web.advisers import recovery

    TOTPDevice.objects.create(user=adviser, name="phone", confirmed=True)
    return recovery.make_codes(adviser)


def test_a_recovery_code_signs_in_once(adviser, assert_valid_html):
    codes = recovery_codes_for(adviser)
    client = client_for(adviser)
    verify = client.get(reverse("advisers:two_factor_verify")).content.decode()
    assert reverse("advisers:two_factor_recovery") in verify
    page = client.get(reverse("advisers:two_factor_recovery"))
    assert page.status_code == 200
    assert_valid_html(page.content.decode(), name="recovery code")
    response = client.post(reverse("advisers:two_factor_recovery"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("advisers:caseload")).status_code == 200
    # The same code a second time, from another session: told plainly it was used.
    again = client_for(adviser).post(reverse("advisers:two_factor_recovery"), {"code": codes[0]})
    assert "That recovery code has been used already" in again.content.decode()
    wrong = client_for(adviser).post(reverse("advisers:two_factor_recovery"), {"code": "nope"})
    assert "The recovery code is not right" in wrong.content.decode()


def test_the_header_during_set_up_offers_only_what_works_and_advisers_get_caseload(adviser):
    client = client_for(adviser)
    setup = client.get(reverse("advisers:two_factor_setup")).content.decode()
    assert "Finish signing in" in setup and "Your cases" not in setup
    assert "Sign out" in setup
    verified = signed_in_with_code(adviser)
    page = verified.get(reverse("advisers:caseload")).content.decode()
    nav = page[page.index("govuk-service-navigation__list") : page.index("</nav>")]
    assert f'href="{reverse("advisers:caseload")}"' in nav and "Caseload" in nav, nav
    assert "Today" in nav and "Your cases" not in nav
