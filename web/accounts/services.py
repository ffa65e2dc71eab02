"""Deleting an account: everything it owns goes with it, in one transaction."""

from __future__ import annotations

from typing import Any

from web.cases.services import deleting_cases_of

from .history import forget_account


def delete_account(user: Any) -> None:
    """The account's cases (their documents' files once the transaction commits), its
    sign-in history (issue 12) and the account itself."""
    with deleting_cases_of(user):
        forget_account(user.email)
        user.delete()
