"""Fixtures for the API tests: a fresh rate-limit count for each test, the API's URLs, and
the CLI for comparing answers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches

ASSESS = "/api/v1/assess"
OPENAPI = "/api/v1/openapi.json"
COMMAND = shutil.which("send-redress", path=str(Path(sys.executable).parent)) or "send-redress"
# The shared examples sit beside the main checkout (../shared) or beside the worktrees' folder.
SHARED = next(
    (p / "shared" for p in Path(__file__).parents[3:5] if (p / "shared").is_dir()),
    Path(__file__).parents[3] / "shared",
)
EXAMPLES = sorted((SHARED / "examples").glob("*.json"))


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Iterator[None]:
    caches["api-rate-limit"].clear()
    yield
    caches["api-rate-limit"].clear()


def post_json(client: Any, body: str | bytes, **extra: Any) -> Any:
    """POST `body` as application/json (the header is set for an empty body too, as a real
    client sends it; Django's test client leaves it out then)."""
    return client.generic(
        "POST", ASSESS, body, content_type="application/json", CONTENT_TYPE="application/json",
        **extra,
    )  # fmt: skip


def cli_assess(stdin: str) -> subprocess.CompletedProcess[str]:
    """`send-redress assess - --format json`, as a real process."""
    return subprocess.run(
        [COMMAND, "assess", "-", "--format", "json"],
        input=stdin, capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip


def as_json(response: Any) -> Any:
    return json.loads(response.content)
