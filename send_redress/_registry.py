"""The ids of the registry (content/registry.yaml and deadlines.yaml), as tuples for code that
validates input or builds schemas. The registry's own entries hold everything else."""

from __future__ import annotations

from send_redress._content import load_content

__all__ = ["ASKERS", "CONCERNS", "DEADLINE_IDS", "EVENT_TYPES", "FUTURE_EVENTS", "SETTINGS"]

_content = load_content()

CONCERNS: tuple[str, ...] = tuple(_content.concerns)
EVENT_TYPES: tuple[str, ...] = tuple(_content.events)
SETTINGS: tuple[str, ...] = tuple(_content.settings)
DEADLINE_IDS: tuple[str, ...] = tuple(_content.deadlines)
# Events whose date may still be to come (a planned move of school): no other date is after today.
FUTURE_EVENTS: frozenset[str] = frozenset(e.id for e in _content.events.values() if e.may_be_future)

# Who is asking: the rights are the parent's until the end of compulsory school age, then the
# young person's own (Children and Families Act 2014 s.83(2)); an adviser may ask for either.
ASKERS = ("parent", "young-person", "adviser-for-parent", "adviser-for-young-person")
