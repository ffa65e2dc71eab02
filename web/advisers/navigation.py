"""The header's links for whoever is signed in (issue 18): an adviser gets "Caseload" and
"Today"; while they still have to give their code (or set up the app), only links that work
then: finishing sign-in. Everyone else: their cases and account, or sign in."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def header_links(request: Any) -> list[dict[str, str]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return [{"href": reverse("accounts:sign_in"), "text": "Sign in"}]
    from .middleware import needs_two_factor

    if not needs_two_factor(user):
        return [
            {"href": reverse("cases:index"), "text": "Your cases"},
            {"href": reverse("accounts:account"), "text": "Your account"},
        ]
    if not user.is_verified():
        # Any other link would bring them back here (the middleware): offer this one only.
        return [{"href": reverse("advisers:two_factor_verify"), "text": "Finish signing in"}]
    if user.is_staff:
        return [{"href": reverse("admin:index"), "text": "Admin"}]
    return [
        {"href": reverse("advisers:caseload"), "text": "Caseload"},
        {"href": reverse("advisers:today"), "text": "Today"},
        {"href": reverse("accounts:account"), "text": "Your account"},
    ]
