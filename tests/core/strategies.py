"""Hypothesis strategies for case facts, shared by the property tests."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from send_redress import ASKERS, CONCERNS, EVENT_TYPES, SETTINGS, Facts, load_content

todays = st.dates(min_value=date(2015, 1, 1), max_value=date(2045, 12, 31))
# Every pack, every listed council (most borrow the England pack), none, and an unknown id.
packs = st.sampled_from(
    [*load_content().local_authorities, *load_content().councils, None, "nowhere-council"]
)


@st.composite
def facts(draw: st.DrawFn, today: date | None = None) -> Facts:
    """Any facts the contract accepts: events of any types, a type sometimes repeated (rounds),
    none after today, asked by anyone."""
    today = today or draw(todays)
    event_types = draw(st.sets(st.sampled_from(EVENT_TYPES), max_size=8))
    days_ago = st.integers(min_value=0, max_value=900)
    events = {
        event_type: tuple(
            today - timedelta(days=draw(days_ago))
            for _ in range(draw(st.integers(min_value=1, max_value=2)))
        )
        for event_type in sorted(event_types)
    }
    return Facts(
        concern=draw(st.sampled_from(CONCERNS)),
        today=today,
        local_authority=draw(packs),
        setting=draw(st.sampled_from(SETTINGS)),
        events=events,
        asker=draw(st.sampled_from(ASKERS)),
    )
