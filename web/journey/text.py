"""The journey's page text (pages.yaml), picked for who is asking."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

PAGES_FILE = Path(__file__).with_name("pages.yaml")


@functools.cache
def pages() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(PAGES_FILE.read_text("utf-8"))
    return loaded


def text(page: str, key: str, who: str | None = None, **params: Any) -> str:
    """One piece of text; a {parent, young-person} pair gives the one for `who`."""
    value = pages()[page][key]
    if isinstance(value, dict) and set(value) == {"parent", "young-person"}:
        value = value["young-person" if who == "young-person" else "parent"]
    return str(value).format(**params) if params else str(value)


@functools.cache
def page(name: str, who: str | None = None) -> Mapping[str, str]:
    """All of a page's plain texts, picked for `who` (nested groups such as options are left out).
    Read-only: worked out once for each page and `who`."""
    return MappingProxyType(
        {
            key: text(name, key, who)
            for key, value in pages()[name].items()
            if isinstance(value, str)
            or (isinstance(value, dict) and set(value) == {"parent", "young-person"})
        }
    )
