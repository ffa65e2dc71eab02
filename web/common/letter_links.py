"""Which letters a route offers, for the "Draft a letter" links on the result page and on a
case's dashboard."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from send_redress import Assessment, Facts
from send_redress.letters import (
    letter_types_for_open_routes,
    letter_types_for_route,
    load_letters,
)


@dataclass(frozen=True)
class LetterLink:
    id: str
    name: str


def letters_for_route(route_id: str, facts: Facts | None = None) -> tuple[LetterLink, ...]:
    """The result page's letters for a route. A letter about one clock of a case (an overdue
    review, a missed order) is offered only when `facts` show that clock."""
    letters = load_letters().letters
    return tuple(LetterLink(t, letters[t].name) for t in letter_types_for_route(route_id, facts))


def letters_for_open_routes(
    routes: Iterable[Any], facts: Facts | None = None, assessment: Assessment | None = None
) -> tuple[LetterLink, ...]:
    """The case's "Draft a letter" links: the letters its open routes offer
    (send_redress.letters.letter_types_for_open_routes), with their names."""
    letters = load_letters().letters
    return tuple(
        LetterLink(t, letters[t].name)
        for t in letter_types_for_open_routes(routes, facts, assessment)
    )
