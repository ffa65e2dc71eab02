"""Fixtures for the bundle tests: the case-file fixtures, and a case with documents."""

from __future__ import annotations

from tests.cases.conftest import (  # noqa: F401 (fixtures)
    _case_settings,
    assert_valid_html,
    case,
    document_root,
    make_user,
    other,
    other_client,
    owner,
    owner_client,
)
