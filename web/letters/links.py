"""Which letters a route offers, for the "Draft a letter" links on the result page and on a
case's dashboard."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from send_redress.letters import LETTER_TYPES, letter_types_for_route, load_letters


@dataclass(frozen=True)
class LetterLink:
    id: str
    name: str


def letters_for_route(route_id: str) -> tuple[LetterLink, ...]:
    letters = load_letters().letters
    return tuple(LetterLink(t, letters[t].name) for t in letter_types_for_route(route_id))


def letters_for_open_routes(routes: Iterable[Any]) -> tuple[LetterLink, ...]:
    """The letters offered by the routes open for a case (recommended or available), once each,
    in LETTER_TYPES order: the case dashboard's "Draft a letter" links."""
    open_routes = {r.id for r in routes if r.status in ("recommended", "available")}
    letters = load_letters().letters
    return tuple(
        LetterLink(t, letters[t].name)
        for t in LETTER_TYPES
        if any(route in open_routes for route in letters[t].routes)
    )
