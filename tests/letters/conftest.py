"""Fixtures for the letter tests: each letter type drafted from its case. Reading a DOCX or a
PDF back is in tests/documents.py."""

from __future__ import annotations

import pytest

from send_redress.letters import LETTER_TYPES, Letter, draft_from_input

from .cases import CASES


@pytest.fixture(scope="session")
def letters() -> dict[str, Letter]:
    """Each letter type drafted from its case in tests/letters/cases.py."""
    return {
        letter_type: draft_from_input(letter_type, CASES[letter_type])
        for letter_type in LETTER_TYPES
    }
