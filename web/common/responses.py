"""What a response about someone's case says to caches."""

from __future__ import annotations

from typing import TypeVar

from django.http import HttpResponseBase

Response = TypeVar("Response", bound=HttpResponseBase)


def no_store(response: Response) -> Response:
    """Kept by no cache, shared or the browser's: a child's details never outlive the page."""
    response["Cache-Control"] = "private, no-store"
    return response
