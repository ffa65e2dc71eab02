"""SEND Redress: routes of redress and statutory clocks for SEND disagreements in England.

Usage:

    from datetime import date
    from send_redress import Facts, assess

    facts = Facts(
        concern="refused-assessment",
        today=date(2027, 2, 1),
        local_authority="bedford",
        events={"decision-notice-sent": date(2026, 12, 11)},
    )
    assessment = assess(facts)
    assessment.next_step                      # "mediation"
    assessment.deadline("tribunal-appeal").due  # date(2027, 2, 11)

`parse_facts()` reads the JSON input of the `assess` contract; `to_jsonable()` gives its output.
"""

from send_redress._concerns import (
    APPEALABLE,
    EVENT_ORDER,
    EVENTS_BY_CONCERN,
    LADDERS,
    event_order_for,
)
from send_redress._content import (
    DEFAULT_PACK,
    ROUTE_IDS,
    Contact,
    Content,
    ContentError,
    Council,
    LocalAuthority,
    Source,
    load_content,
)
from send_redress._engine import SOON_DAYS, assess, current_round
from send_redress._facts import (
    Facts,
    FactsError,
    parse_facts,
    today_in_london,
)
from send_redress._model import (
    Assessment,
    DeadlineResult,
    RouteResult,
    SourceRef,
    to_json,
    to_jsonable,
)
from send_redress._registry import ASKERS, CONCERNS, DEADLINE_IDS, EVENT_TYPES, SETTINGS
from send_redress._wording import long_date, weekday_date

__all__ = [
    "APPEALABLE",
    "ASKERS",
    "CONCERNS",
    "DEADLINE_IDS",
    "DEFAULT_PACK",
    "EVENTS_BY_CONCERN",
    "EVENT_ORDER",
    "EVENT_TYPES",
    "LADDERS",
    "ROUTE_IDS",
    "SETTINGS",
    "SOON_DAYS",
    "Assessment",
    "Contact",
    "Content",
    "ContentError",
    "Council",
    "DeadlineResult",
    "Facts",
    "FactsError",
    "LocalAuthority",
    "RouteResult",
    "Source",
    "SourceRef",
    "assess",
    "current_round",
    "event_order_for",
    "load_content",
    "long_date",
    "weekday_date",
    "parse_facts",
    "to_json",
    "to_jsonable",
    "today_in_london",
]
