"""The case models keep the registry's ids as free strings, checked against the registry."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from send_redress import load_content
from web.cases.models import NOTE, InRegistry


@pytest.mark.django_db
def test_the_models_match_their_migrations():
    # A new concern, event or setting in the registry must never need a migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_every_registry_id_is_accepted_and_others_are_refused():
    content = load_content()
    for registry in ("concerns", "events", "settings"):
        check = InRegistry(registry)
        for value in getattr(content, registry):
            check(value)
        with pytest.raises(ValidationError):
            check("not-a-" + registry)


def test_a_note_is_an_event_kind_but_not_a_concern():
    InRegistry("events", NOTE)(NOTE)
    with pytest.raises(ValidationError):
        InRegistry("concerns")(NOTE)
