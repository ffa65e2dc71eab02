"""The case-file tests' fixtures (a parent, a case, settings with a private document root)."""

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
