"""The council question's choices: every council in councils.yaml by name, then "not sure".

The journey and the case form both ask it, and both read the content: a council added to
councils.yaml, or given a pack, is offered with no change here.
"""

from __future__ import annotations

from send_redress import DEFAULT_PACK, load_content

from .text import text


def council_choices() -> list[tuple[str, str]]:
    """(id, label) of every council, by place, and last the England-wide choice."""
    councils = load_content().councils.values()
    return [(c.id, c.label) for c in councils] + [(DEFAULT_PACK, text("council", "other"))]


def council_ids() -> tuple[str, ...]:
    """Every answer the council question can store."""
    return (*load_content().councils, DEFAULT_PACK)


def council_label(council_id: str) -> str:
    """How the answer reads back, as the question offered it."""
    council = load_content().councils.get(council_id)
    return council.label if council is not None else text("council", "other")
