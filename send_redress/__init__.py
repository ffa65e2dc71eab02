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

`check_plan(read_plan(data), today=...)` checks an EHC plan (docs/plan-check-contract.md).
`parse_facts()` reads the JSON input of the `assess` contract; `to_jsonable()` gives its output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from send_redress._concerns import (
        APPEALABLE,
        EVENT_ORDER,
        EVENTS_BY_CONCERN,
        LADDERS,
        OrderProblem,
        date_order_problems,
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
    from send_redress._engine import SOON_DAYS, Focus, assess, current_round, focus, round_starts
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
    from send_redress._plan_check import PlanCheck, PlanFinding, check_plan
    from send_redress._plan_read import PlanReadError, PlanText, ocr_pdf, read_plan
    from send_redress._registry import ASKERS, CONCERNS, DEADLINE_IDS, EVENT_TYPES, SETTINGS
    from send_redress._wording import duty_holder, long_date, weekday_date

# Each public name is imported from its module on first use (PEP 562), so that a command that
# needs only part of the package (`send-redress routes`, `send-redress letter`) does not pay for
# the rest at start-up. Where each name lives (tests/core/test_start_up.py checks this against
# __all__ and the imports above):
_HOMES = {
    "APPEALABLE": "_concerns",
    "EVENT_ORDER": "_concerns",
    "EVENTS_BY_CONCERN": "_concerns",
    "LADDERS": "_concerns",
    "event_order_for": "_concerns",
    "OrderProblem": "_concerns",
    "date_order_problems": "_concerns",
    "DEFAULT_PACK": "_content",
    "ROUTE_IDS": "_content",
    "Council": "_content",
    "Contact": "_content",
    "Content": "_content",
    "ContentError": "_content",
    "LocalAuthority": "_content",
    "Source": "_content",
    "load_content": "_content",
    "SOON_DAYS": "_engine",
    "assess": "_engine",
    "current_round": "_engine",
    "Focus": "_engine",
    "focus": "_engine",
    "round_starts": "_engine",
    "Facts": "_facts",
    "FactsError": "_facts",
    "parse_facts": "_facts",
    "today_in_london": "_facts",
    "Assessment": "_model",
    "DeadlineResult": "_model",
    "RouteResult": "_model",
    "SourceRef": "_model",
    "to_json": "_model",
    "to_jsonable": "_model",
    "PlanCheck": "_plan_check",
    "PlanFinding": "_plan_check",
    "check_plan": "_plan_check",
    "PlanReadError": "_plan_read",
    "PlanText": "_plan_read",
    "ocr_pdf": "_plan_read",
    "read_plan": "_plan_read",
    "ASKERS": "_registry",
    "CONCERNS": "_registry",
    "DEADLINE_IDS": "_registry",
    "EVENT_TYPES": "_registry",
    "SETTINGS": "_registry",
    "duty_holder": "_wording",
    "long_date": "_wording",
    "weekday_date": "_wording",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "APPEALABLE",
    "ASKERS",
    "DEFAULT_PACK",
    "CONCERNS",
    "DEADLINE_IDS",
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
    "Focus",
    "PlanCheck",
    "PlanFinding",
    "PlanReadError",
    "PlanText",
    "LocalAuthority",
    "OrderProblem",
    "RouteResult",
    "Source",
    "SourceRef",
    "assess",
    "check_plan",
    "current_round",
    "round_starts",
    "date_order_problems",
    "duty_holder",
    "event_order_for",
    "focus",
    "load_content",
    "long_date",
    "weekday_date",
    "ocr_pdf",
    "parse_facts",
    "read_plan",
    "to_json",
    "to_jsonable",
    "today_in_london",
]
