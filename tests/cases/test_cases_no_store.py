"""Issue 12, finding 14: no page that shows a case, an answer or an account may be stored by a
browser or proxy cache: `Cache-Control: no-store` on every page the app makes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.personas import client_for, downloaded
from web.journey.testing import TODAY, finished, put_answers

from .matrix import OWNER_GET, url_for

pytestmark = pytest.mark.django_db


def test_the_case_list_account_and_journey_pages_of_a_signed_in_parent_say_no_store(
    owner, case, settings
):
    settings.SEND_REDRESS_TODAY = TODAY  # the journey's answers are for its own today
    client = client_for(owner)
    put_answers(client, finished("refused-assessment"))
    cid = case.public_id
    urls = [
        reverse("cases:index"),
        reverse("cases:dashboard", args=[cid]),
        reverse("cases:edit", args=[cid]),
        reverse("cases:event_new", args=[cid]),
        reverse("accounts:account"),
        reverse("accounts:delete"),
        reverse("accounts:check_email"),
        "/result",
        "/check-your-answers",
        "/questions/who",
        "/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_anonymous_pages_say_no_store(client):
    for url in ("/", reverse("accounts:sign_in"), reverse("accounts:sign_up")):
        assert "no-store" in client.get(url)["Cache-Control"], url


@pytest.mark.parametrize("name", [n for n, status in OWNER_GET.items() if status == 200])
def test_every_case_url_the_owner_opens_says_no_store(world, owner, name):
    """The test above takes the pages around a case; this one every URL of the case itself that
    the owner opens (tests/cases/matrix.py), downloads too."""
    response = client_for(owner).get(url_for(name, world))
    assert response.status_code == 200, name
    assert "no-store" in response["Cache-Control"], (name, response["Cache-Control"])
    if response.streaming:
        downloaded(response)
