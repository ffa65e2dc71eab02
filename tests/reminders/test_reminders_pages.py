"""One-click unsubscribe (RFC 8058) and the preferences page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.personas import client_for, shows
from web.reminders import service, tokens
from web.reminders.models import DEFAULT_DAYS_BEFORE, Preferences, Reminder

from .conftest import BASE_URL, TODAY

pytestmark = pytest.mark.django_db


def unsubscribe_path(user, kind=tokens.DEADLINES):
    return reverse("reminders:unsubscribe", args=[tokens.make(user.pk, kind)])


def test_the_link_in_an_email_unsubscribes_with_one_post_and_is_honoured_at_once(
    client, smtp, make_case, parent
):
    make_case(7)
    service.run(TODAY)
    [message] = smtp.messages
    # A second case's reminder is waiting: the server refused it.
    make_case(7)
    smtp.refuse = "451 4.3.0 Try again later"
    service.run(TODAY)
    smtp.refuse = None
    url = message["List-Unsubscribe"].strip().strip("<>").removeprefix("https://send-redress.test")
    # A mail app's one-click request: POST, "List-Unsubscribe=One-Click", no cookies, no CSRF.
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Preferences.objects.get(user=parent).deadline_reminders
    result = service.run(TODAY)
    assert (result.emails, result.cancelled) == (0, 1)
    assert len(smtp.messages) == 1
    assert Reminder.objects.get(status=Reminder.CANCELLED).cancel_reason == "unsubscribed"


def test_a_get_shows_a_button_and_changes_nothing(client, parent, assert_valid_html):
    """Mail scanners and link previews fetch every link: a GET must not unsubscribe."""
    response = client.get(unsubscribe_path(parent))
    assert response.status_code == 200
    assert b"Stop deadline reminders" in response.content
    assert response["Cache-Control"].startswith("max-age=0")
    assert not Preferences.objects.filter(user=parent, deadline_reminders=False).exists()
    assert_valid_html(response.content, name="unsubscribe")


def test_the_button_unsubscribes(client, parent, assert_valid_html, assert_readable):
    response = client.post(unsubscribe_path(parent))
    assert b"You will not get deadline reminders" in response.content
    assert Preferences.objects.get(user=parent).deadline_reminders is False
    assert Preferences.objects.get(user=parent).adviser_digest is True
    assert_valid_html(response.content, name="unsubscribed")
    assert_readable(response.content, name="unsubscribed")


@pytest.mark.parametrize(
    ("kind", "digest", "reminders"),
    [(tokens.DIGEST, False, True), (tokens.DEADLINES, True, False)],
)
def test_each_kind_of_email_has_its_own_link(client, parent, kind, digest, reminders):
    client.post(unsubscribe_path(parent, kind))
    prefs = Preferences.objects.get(user=parent)
    assert (prefs.adviser_digest, prefs.deadline_reminders) == (digest, reminders)


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        tokens.make(1, tokens.DEADLINES)[:-2] + "xx",
        # Signed by another part of the service (another salt): not an unsubscribe token.
        __import__("django.core.signing", fromlist=["x"])
        .Signer()
        .sign_object({"u": 1, "k": "deadlines"}),
    ],
)
def test_a_bad_token_changes_nothing(client, parent, token):
    response = client.post(reverse("reminders:unsubscribe", args=[token]))
    assert response.status_code == 404
    assert not Preferences.objects.exists()


def test_a_token_for_a_deleted_account_says_done_and_changes_nothing(client, parent):
    path = unsubscribe_path(parent)
    parent.delete()
    assert client.post(path).status_code == 200
    assert not Preferences.objects.exists()


def test_tokens_round_trip():
    token = tokens.make(42, tokens.DIGEST)
    assert tokens.read(token) == (42, tokens.DIGEST)
    with pytest.raises(ValueError):
        tokens.make(42, "everything")


def test_preferences_need_sign_in(client):
    response = client.get(reverse("reminders:preferences"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_preferences_show_the_defaults(parent, assert_valid_html, assert_readable):
    response = client_for(parent).get(reverse("reminders:preferences"))
    html = response.content.decode()
    for days in DEFAULT_DAYS_BEFORE:
        assert f'value="{days}" checked' in html
    assert 'value="28" checked' not in html
    assert_valid_html(response.content, name="preferences")
    assert_readable(response.content, name="preferences")


def test_saving_preferences(parent, smtp, make_case, assert_valid_html):
    client = client_for(parent)
    response = client.post(
        reverse("reminders:preferences"),
        {"deadline_reminders": "yes", "days_before": ["28", "1"], "include_child_name": "no"},
    )
    assert response.status_code == 302
    prefs = Preferences.objects.get(user=parent)
    assert (prefs.days_before, prefs.include_child_name) == ([28, 1], False)
    page = client.get(reverse("reminders:preferences"))
    assert b"Your choices are saved" in page.content
    assert_valid_html(page.content, name="preferences saved")
    assert b"Your choices are saved" not in client.get(reverse("reminders:preferences")).content
    # They take effect on the next run: 28 days before, no child's name.
    make_case(20)
    service.run(TODAY)
    assert "your child’s case file" in smtp.bodies()[0]
    assert "(in 20 days)" in smtp.bodies()[0]


def test_reminders_on_with_no_days_is_an_error(parent, assert_valid_html):
    response = client_for(parent).post(
        reverse("reminders:preferences"), {"deadline_reminders": "yes", "include_child_name": "yes"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select when you want a reminder" in html
    assert 'href="#days_before"' in html
    assert html.count("<title>Error: ") == 1
    assert_valid_html(response.content, name="preferences error")


def test_turning_reminders_off_keeps_the_days(parent):
    client = client_for(parent)
    client.post(
        reverse("reminders:preferences"),
        {"deadline_reminders": "no", "include_child_name": "yes"},
    )
    prefs = Preferences.objects.get(user=parent)
    assert prefs.deadline_reminders is False
    assert prefs.offsets() == sorted(DEFAULT_DAYS_BEFORE)


def test_the_account_page_links_to_preferences(parent):
    response = client_for(parent).get(reverse("accounts:account"))
    assert reverse("reminders:preferences").encode() in response.content


def test_unsubscribe_needs_no_csrf_token(parent):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(unsubscribe_path(parent))
    assert response.status_code == 200


def test_an_unsubscribe_token_that_spells_a_name_is_not_the_email_naming_the_child():
    """Why the e-mail tests ask `shows()`: a signed token is random enough to spell "Sam"."""
    link = BASE_URL + reverse("reminders:unsubscribe", args=["eyJ1IjoxfQ:1vSam0:xSamx"])
    assert "Sam" in link and not shows(f"Stop these e-mails: {link}\n", "Sam")
    assert shows(f"Sam’s case file\nStop these e-mails: {link}\n", "Sam")
