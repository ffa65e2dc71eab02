"""The audit trail is written by what reads or changes a case (issue 11 item 9), not worked
out from each request's URL and status: the words are the page's or the service's own, a
change made off the web is written too, a refused form writes no change, and a change writes
one line, not a "looked at" beside it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.personas import client_for
from web.cases import services
from web.cases.models import CHANGE, VIEW, AuditEntry

pytestmark = pytest.mark.django_db

PLAIN_WORDS = re.compile(r"^(the|a|an|who|which|whether) [a-z'() ,:-]+", re.IGNORECASE)


def pages_of_one_case() -> list[str]:
    """Every URL name (namespaced) whose only argument is a case's id."""
    found: list[str] = []

    def walk(patterns: list, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and list(pattern.pattern.converters) == [
                "case_id"
            ]:
                found.append(f"{namespace}:{pattern.name}" if namespace else str(pattern.name))

    walk(get_resolver().url_patterns, "")
    return sorted(found)


def test_every_page_of_a_case_writes_what_it_showed_in_words(case):
    """The owner opens every page of their case that takes only its id: each line the trail
    gets says what was read in words ("the case", "a new event"), never a URL's name."""
    client = client_for(case.owner)
    names = pages_of_one_case()
    assert {"cases:dashboard", "bundles:bundle", "advisers:sharing"} <= set(names)
    for name in names:
        response = client.get(reverse(name, args=[case.public_id]))
        if response.streaming:  # a download: read to its end, which closes its file
            b"".join(response.streaming_content)
    whats = set(AuditEntry.objects.filter(case=case).values_list("what", flat=True))
    assert {"the case", "the child's details", "a new event", "the calendar feed"} <= whats
    for what in whats:
        assert PLAIN_WORDS.match(what) and "_" not in what, what


def test_a_change_made_off_the_web_is_written_too(case):
    services.add_event(case, by=case.owner, kind="note", day=date(2026, 12, 1), what="Rang")
    entry = AuditEntry.objects.get(case=case)
    assert (entry.actor, entry.action, entry.what) == ("The parent", CHANGE, "a new event")


def test_a_saved_form_writes_one_change_and_no_look(case):
    client = client_for(case.owner)
    response = client.post(
        reverse("cases:edit", args=[case.public_id]),
        {
            "child_name": "Samira",
            "date_of_birth-day": "27",
            "date_of_birth-month": "3",
            "date_of_birth-year": "2015",
            "setting": case.setting,
            "council": case.council,
            "concern": case.concern,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.child_name == "Samira"
    lines = list(AuditEntry.objects.filter(case=case).values_list("action", "what"))
    assert lines == [(CHANGE, "the child's details")]


def test_a_refused_form_writes_no_change(case):
    client = client_for(case.owner)
    response = client.post(reverse("cases:edit", args=[case.public_id]), {"child_name": ""})
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(case=case, action=CHANGE).exists()
    # Opening the form is a look: the same page, by GET.
    client.get(reverse("cases:edit", args=[case.public_id]))
    assert AuditEntry.objects.filter(case=case, action=VIEW, what="the child's details").exists()


def test_a_change_that_fails_leaves_no_line(case, settings):
    settings.CASES_MAX_EVENTS = case.events.count()
    with pytest.raises(services.TooManyEvents):
        services.add_event(case, by=case.owner, kind="note", day=date(2026, 12, 1))
    assert not AuditEntry.objects.filter(case=case).exists()


def test_a_page_that_shows_nothing_writes_no_look(case):
    """A 404 (an event that is not there) and a redirect show nothing of the case."""
    client = client_for(case.owner)
    assert client.get(reverse("cases:event_edit", args=[case.public_id, 999999])).status_code == 404
    assert not AuditEntry.objects.filter(case=case).exists()
