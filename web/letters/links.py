"""Which letters a route offers, for the "Draft a letter" links on the result page."""

from __future__ import annotations

from dataclasses import dataclass

from send_redress.letters import letter_types_for_route, load_letters


@dataclass(frozen=True)
class LetterLink:
    id: str
    name: str


def letters_for_route(route_id: str) -> tuple[LetterLink, ...]:
    letters = load_letters().letters
    return tuple(LetterLink(t, letters[t].name) for t in letter_types_for_route(route_id))
