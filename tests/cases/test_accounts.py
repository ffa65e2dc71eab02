"""Accounts: sign up, confirm the address, sign in and out, reset, rate limit, journey to case.

E-mail goes through Django's SMTP backend to a real aiosmtpd server (the `smtp` fixture)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import PASSWORD, client_for
from web.accounts.models import User
from web.journey.answers import SESSION_KEY, Answers

pytestmark = pytest.mark.django_db


def link_in(body: str) -> str:
    found = re.search(r"http://testserver(/\S+)", body)
    assert found, body
    return found.group(1)


def sign_up(client: Client, email: str = "parent@example.com", password: str = PASSWORD):
    return client.post(reverse("accounts:sign_up"), {"email": email, "password": password})


def test_sign_up_hashes_with_argon2_and_sends_a_confirmation_link(client, smtp):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:check_email")
    user = User.objects.get(email="parent@example.com")
    assert user.password.startswith("argon2$argon2id$")
    assert not user.email_verified
    message = smtp.wait()[0]
    assert message["To"] == "parent@example.com"
    assert message["Subject"] == "Confirm your email address".replace("email", "e-mail")
    response = client.get(link_in(smtp.last_body()))
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.email_verified
    # Used once: the link no longer works.
    assert client.get(link_in(smtp.last_body())).status_code == 400


def test_sign_up_with_a_taken_address_says_the_same_and_emails_the_owner(client, smtp, owner):
    response = sign_up(client, email="OWNER@example.com")
    assert response["Location"] == reverse("accounts:check_email")
    assert User.objects.count() == 1
    assert smtp.wait()[0]["Subject"] == "You already have an account"


def test_sign_up_answers_a_new_and_a_taken_address_alike(smtp, owner):
    """Issue 12: a new address was signed in and a taken one was not, which told anyone
    whether an address had an account."""
    seen = []
    for email in ("someone.new@example.com", "owner@example.com"):
        client = Client()
        response = sign_up(client, email=email)
        page = client.get(response["Location"])
        seen.append(
            (
                response.status_code,
                response["Location"],
                sorted(response.cookies),
                re.sub(  # what differs on every response, for anyone
                    r'(nonce|value)="[^"]{20,}"',
                    "",
                    page.content.decode().replace(email, "ADDRESS"),
                ),
                client.get(reverse("cases:index")).status_code,
            )
        )
    assert seen[0] == seen[1]
    assert seen[0][-1] == 302  # nobody is signed in by signing up


def test_the_confirmation_link_signs_in_only_the_browser_that_signed_up(smtp):
    here, elsewhere = Client(), Client()
    sign_up(here)
    link = link_in(smtp.last_body())
    assert elsewhere.get(link).status_code == 200
    assert elsewhere.get(reverse("cases:index")).status_code == 302
    User.objects.filter(email="parent@example.com").update(email_verified=False)
    link = link_in(smtp.last_body())
    assert here.get(link).status_code == 200
    assert here.get(reverse("cases:index")).status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "password": PASSWORD}, "email", "Enter your email address"),
        (
            {"email": "not-an-address", "password": PASSWORD},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"email": "a@example.com", "password": ""}, "password", "Enter a password"),
        (
            {"email": "a@example.com", "password": "short"},
            "password",
            "Password must be 10 characters or more",
        ),
        (
            {"email": "a@example.com", "password": "password123"},
            "password",
            "Choose a password that is harder to guess",
        ),
        (
            {"email": "a@example.com", "password": "12345678901234"},
            "password",
            "Password must include letters or symbols, not only numbers",
        ),
    ],
)
def test_sign_up_errors_follow_the_govuk_pattern(client, data, field, message):
    response = client.post(reverse("accounts:sign_up"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Create an account – SEND Redress</title>" in html
    assert f'<a href="#{field}">{message}</a>' in html
    assert f'id="{field}-error"' in html
    assert not User.objects.exists()


def test_account_pages_are_valid_html(client, assert_valid_html, owner):
    for name in ("accounts:sign_up", "accounts:sign_in", "accounts:reset"):
        assert_valid_html(client.get(reverse(name)).content, name=name)
    errors = client.post(reverse("accounts:sign_up"), {"email": "x", "password": ""})
    assert_valid_html(errors.content, name="sign-up-errors")
    signed_in = client_for(owner)
    for name in ("accounts:account", "accounts:sign_out_everywhere", "accounts:delete"):
        assert_valid_html(signed_in.get(reverse(name)).content, name=name)


def test_sign_in_and_out(client, owner):
    response = client.post(
        reverse("accounts:sign_in"), {"email": "Owner@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:index")
    assert client.get(reverse("cases:index")).status_code == 200
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    client.post(reverse("accounts:sign_out"))
    assert client.get(reverse("cases:index")).status_code == 302


def test_sign_in_with_a_wrong_password_shows_one_error(client, owner):
    response = client.post(
        reverse("accounts:sign_in"), {"email": "owner@example.com", "password": "wrong password!"}
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()


def test_sign_in_follows_a_safe_next_only(client, owner):
    url = reverse("accounts:sign_in")
    data = {"email": "owner@example.com", "password": PASSWORD}
    assert client.post(url, {**data, "next": "https://evil.example/"})["Location"] == reverse(
        "cases:index"
    )
    client.post(reverse("accounts:sign_out"))
    assert client.post(url, {**data, "next": "/account"})["Location"] == "/account"


def fail_sign_in(client: Client, email: str = "owner@example.com", times: int = 1):
    """Wrong passwords, each after the slow-down has passed (the last try moved back in time)."""
    from axes.models import AccessAttempt

    response = None
    for _ in range(times):
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=1))
        response = client.post(
            reverse("accounts:sign_in"), {"email": email, "password": "wrong password!"}
        )
    return response


def test_sign_in_is_locked_after_five_failures_even_with_the_right_password(client, owner):
    fail_sign_in(client, times=5)
    response = client.post(
        reverse("accounts:sign_in"), {"email": "owner@example.com", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert client.get(reverse("cases:index")).status_code == 302


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(owner, make_user):
    """Issue 12: the lock is per account and client together."""
    url = reverse("accounts:sign_in")
    attacker = Client(REMOTE_ADDR="10.0.0.66")
    fail_sign_in(attacker, times=6)
    right = {"email": "owner@example.com", "password": PASSWORD}
    assert attacker.post(url, right).status_code == 429
    assert Client(REMOTE_ADDR="10.0.0.9").post(url, right).status_code == 302
    # Every other account can still be used from the attacker's address too.
    make_user("neighbour@example.com")
    response = attacker.post(url, {"email": "neighbour@example.com", "password": PASSWORD})
    assert response.status_code == 302


def test_each_wrong_password_makes_the_next_try_wait_longer(client, owner):
    from axes.models import AccessAttempt

    url = reverse("accounts:sign_in")
    right = {"email": "owner@example.com", "password": PASSWORD}
    fail_sign_in(client, times=2)
    too_soon = client.post(url, right)
    assert too_soon.status_code == 429
    assert "Wait 1 seconds, then try again" in too_soon.content.decode()
    fail_sign_in(client)  # the third, once the wait is over
    assert "Wait 2 seconds" in client.post(url, right).content.decode()
    assert AccessAttempt.objects.get().failures_since_start == 3  # waits count as no try
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=3))
    assert client.post(url, right).status_code == 302  # the right password, after the wait


def test_a_lock_sends_one_was_this_you_email_whose_link_unlocks(owner, smtp):
    url = reverse("accounts:sign_in")
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    fail_sign_in(first, times=5)
    fail_sign_in(second, times=7)  # a second client locked in the same period: no second e-mail
    messages = smtp.wait(1)
    assert [m["To"] for m in messages] == ["owner@example.com"]
    assert messages[0]["Subject"].startswith("Was this you?")
    right = {"email": "owner@example.com", "password": PASSWORD}
    assert first.post(url, right).status_code == 429
    link = link_in(smtp.last_body())
    page = first.get(link)
    assert page.status_code == 200 and "Let me sign in again" in page.content.decode()
    assert first.post(url, right).status_code == 429  # opening the link changes nothing
    assert "You can sign in again" in first.post(link).content.decode()
    assert first.post(url, right).status_code == 302
    assert second.post(url, right).status_code == 302
    assert len(smtp.messages) == 1
    # The link is no good once the password has changed.
    owner.set_password("another long password 42")
    owner.save()
    assert Client().get(link).status_code == 400


def test_sign_out_everywhere_ends_every_session(owner):
    phone, laptop = client_for(owner), client_for(owner)
    assert phone.get(reverse("cases:index")).status_code == 200
    response = laptop.post(reverse("accounts:sign_out_everywhere"))
    assert response["Location"].startswith(reverse("accounts:signed_out"))
    assert phone.get(reverse("cases:index")).status_code == 302
    assert laptop.get(reverse("cases:index")).status_code == 302
    # Signing in again works.
    owner.refresh_from_db()
    assert client_for(owner).get(reverse("cases:index")).status_code == 200


def test_password_reset_by_email(client, smtp, owner):
    other_session = client_for(owner)
    response = client.post(reverse("accounts:reset"), {"email": "owner@example.com"})
    assert response["Location"] == reverse("accounts:reset_sent")
    link = link_in(smtp.last_body())
    response = client.get(link)
    assert response["Location"] == reverse("accounts:reset_set")
    weak = client.post(reverse("accounts:reset_set"), {"password": "short"})
    assert "Password must be 10 characters or more" in weak.content.decode()
    new = "a new and longer passphrase"
    assert client.post(reverse("accounts:reset_set"), {"password": new}).status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(new) and not owner.check_password(PASSWORD)
    assert other_session.get(reverse("cases:index")).status_code == 302
    assert Client().get(link).status_code == 400  # used: the password changed


def test_password_reset_for_an_unknown_address_sends_nothing(client, smtp):
    response = client.post(reverse("accounts:reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("accounts:reset_sent")
    assert smtp.wait(timeout=0.3) == []


def test_a_tampered_reset_link_does_not_work(client, owner):
    from web.accounts.tokens import uid_for

    url = reverse("accounts:reset_confirm", args=[uid_for(owner), "abc-123"])
    assert client.get(url).status_code == 400
    assert client.get(reverse("accounts:reset_set")).status_code == 400


def _finished_journey(client: Client) -> None:
    session = client.session
    session[SESSION_KEY] = Answers(
        who="parent",
        council="bedford",
        setting="academy",
        concern="refused-assessment",
        events=("assessment-requested", "decision-notice-sent"),
        dates={
            "assessment-requested": date(2026, 9, 1),
            "decision-notice-sent": date(2026, 12, 11),
        },
    ).to_session()
    session.save()


def test_a_finished_journey_becomes_a_case_after_sign_up(client, smtp):
    _finished_journey(client)
    sign_up(client)
    page = client.get(link_in(smtp.last_body())).content.decode()  # confirmed: signed in
    assert reverse("cases:new") + "?from=journey" in page
    form = client.get(reverse("cases:new") + "?from=journey").content.decode()
    assert 'value="academy" checked' in form
    assert 'value="refused-assessment" checked' in form
    response = client.post(
        reverse("cases:new") + "?from=journey",
        {
            "child_name": "Alex",
            "date_of_birth-day": "4",
            "date_of_birth-month": "5",
            "date_of_birth-year": "2016",
            "setting": "academy",
            "council": "bedford",
            "concern": "refused-assessment",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="parent@example.com")
    case = user.cases.get()
    assert sorted((e.kind, e.date) for e in case.events.all()) == [
        ("assessment-requested", date(2026, 9, 1)),
        ("decision-notice-sent", date(2026, 12, 11)),
    ]
    assert SESSION_KEY not in client.session
    dashboard = client.get(response["Location"]).content.decode()
    assert 'data-deadline-id="tribunal-appeal"' in dashboard


def test_a_finished_journey_becomes_a_case_after_sign_in(client, owner):
    _finished_journey(client)
    response = client.post(
        reverse("accounts:sign_in"), {"email": "owner@example.com", "password": PASSWORD}
    )
    assert response["Location"] == reverse("cases:new") + "?from=journey"


def test_account_pages_are_plain_english(client, assert_readable):
    for name in ("accounts:sign_up", "accounts:sign_in", "accounts:reset", "accounts:reset_sent"):
        assert_readable(client.get(reverse(name)).content, name=name)


def test_a_journey_date_before_the_date_of_birth_is_refused(client, owner):
    _finished_journey(client)
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("cases:new") + "?from=journey",
        {
            "child_name": "Alex",
            "date_of_birth-day": "1",
            "date_of_birth-month": "10",
            "date_of_birth-year": "2026",
            "setting": "academy",
            "council": "bedford",
            "concern": "refused-assessment",
        },
    )
    assert response.status_code == 200
    assert (
        "Your child&#39;s date of birth must be on or before 1 September 2026, "
        "the first date you gave" in response.content.decode()
    )
    assert not owner.cases.exists()


def test_email_goes_to_the_console_unless_smtp_is_configured():
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, web.settings as s; print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, "
        "s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL]))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEND_REDRESS_SMTP")}
    plain = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert json.loads(plain.stdout)[0] == "django.core.mail.backends.console.EmailBackend"
    env.update(
        SEND_REDRESS_SMTP_HOST="smtp.example.org",
        SEND_REDRESS_SMTP_PORT="587",
        SEND_REDRESS_SMTP_USER="mailer",
        SEND_REDRESS_SMTP_TLS="1",
        SEND_REDRESS_FROM_EMAIL="SEND Redress <help@example.org>",
    )
    smtp = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert json.loads(smtp.stdout) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        587,
        "mailer",
        True,
        "SEND Redress <help@example.org>",
    ]


def test_the_confirmation_link_can_be_sent_again(smtp, make_user):
    user = make_user("new@example.com", verified=False)
    client = client_for(user)
    assert "Not confirmed" in client.get(reverse("accounts:account")).content.decode()
    response = client.post(reverse("accounts:resend"))
    assert response["Location"] == reverse("accounts:check_email")
    assert client.get(link_in(smtp.last_body())).status_code == 200
    user.refresh_from_db()
    assert user.email_verified
    assert "Not confirmed" not in client.get(reverse("accounts:account")).content.decode()
