"""The pages that issue 12's protections show (a full case, the idle sign-out, a lock-out and
its unlock link, an expired link, too many new sessions, signing out) in Chromium: axe finds
nothing, and at 320 px nothing scrolls sideways (WCAG 2.2 1.4.10)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.personas import browser_cookie, client_for, new_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long passphrase 42"


def at_320_and_wide(page, assert_accessible, heading: str) -> None:
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 640})
        assert heading in page.locator("h1").inner_text()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def sign_in(page, base_url, user) -> None:
    """A signed-in session for `user`, as signing in would leave it, in this browser."""
    page.context.add_cookies([browser_cookie(client_for(user), base_url)])


@pytest.fixture
def parent(django_user_model):
    return django_user_model.objects.create_user(
        "parent@example.com", PASSWORD, email_verified=True
    )


def test_a_full_case_says_so(page, base_url, assert_accessible, settings, parent):

    case = new_case(parent, events=[("assessment-requested", date(2026, 10, 1))])
    settings.CASES_MAX_EVENTS = 1
    sign_in(page, base_url, parent)
    response = page.goto(f"/cases/{case.public_id}/events/new")
    assert response is not None and response.status == 409
    at_320_and_wide(page, assert_accessible, "This case is full")


def test_the_idle_sign_out_page(page, assert_accessible):
    page.goto("/account/timed-out")
    at_320_and_wide(page, assert_accessible, "You have been signed out")


def test_the_lock_out_page_and_the_unlock_link(page, assert_accessible, settings, parent):
    from web.accounts.tokens import uid_for, unlock_tokens

    settings.AXES_FAILURE_LIMIT = 1
    page.goto("/account/sign-in")
    page.get_by_label("Email address").fill("parent@example.com")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("h1")
    at_320_and_wide(page, assert_accessible, "Too many tries")

    page.goto(f"/account/unlock/{uid_for(parent)}/{unlock_tokens.make_token(parent)}")
    at_320_and_wide(page, assert_accessible, "Sign in again")
    page.get_by_role("button").filter(has_text="nlock").or_(
        page.locator("main button[type=submit]")
    ).first.click()
    page.wait_for_selector("h1:has-text('You can sign in again')")
    at_320_and_wide(page, assert_accessible, "You can sign in again")
    page.goto(f"/account/unlock/{uid_for(parent)}/not-a-token")
    at_320_and_wide(page, assert_accessible, "This link does not work")


def test_too_many_new_sessions_from_one_network(page, assert_accessible, settings):
    from django.core.cache import caches

    caches["rate-limit"].clear()
    settings.ANONYMOUS_SESSIONS_PER_CLIENT = (0, 3600)
    page.goto("/questions/who")
    page.locator("input[name=answer]").first.check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector("h1:has-text('Please wait')")
    at_320_and_wide(page, assert_accessible, "Please wait before you start again")
    caches["rate-limit"].clear()


def test_signing_out_everywhere_and_signed_out(page, base_url, assert_accessible, parent):
    sign_in(page, base_url, parent)
    page.goto("/account/sign-out-everywhere")
    at_320_and_wide(page, assert_accessible, "Sign out everywhere")
    page.goto("/account/signed-out?everywhere")
    at_320_and_wide(page, assert_accessible, "You have signed out")
