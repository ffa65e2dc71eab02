"""Fixtures for the Django tests. The checks themselves live in web/testing.py, so tests can
either take a fixture (`def test_x(client, assert_valid_html)`) or import them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def get_ok(client: Any) -> Callable[[str], Any]:
    """GET a URL with the test client and check it returned 200 HTML."""

    def get(url: str) -> Any:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response["Content-Type"] == "text/html; charset=utf-8"
        return response

    return get
