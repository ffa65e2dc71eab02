"""The rules engine: from the facts of a case to every route's status, the next step and warnings.

`assess()` is deterministic and pure: the same facts (which include `today`) always give the same
assessment, and nothing is read but the packaged content. Each route has one rule function below;
each concern has a ladder, the order in which its routes are normally taken, which picks the
next step. The reasons people read are wording ids, filled from `content/wording.yaml`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

import msgspec

from send_redress._concerns import (
    APPEALABLE,
    CONTINUING_FAILURES,
    COUNCIL_NOT_APPEALABLE,
    HAS_PLAN,
    LADDERS,
    NEEDS_CERTIFICATE,
    ONE_OFF_JUDICIAL_REVIEW,
    RESPONSE_EVENTS,
    ROUND_STARTS,
    SCHOOL_CONCERNS,
    date_order_problems,
)
from send_redress._content import DEFAULT_PACK, Content, LocalAuthority, Source, load_content
from send_redress._deadlines import Clock, compute_clocks
from send_redress._facts import Facts
from send_redress._model import (
    Assessment,
    DeadlineResult,
    RouteResult,
    RouteStatus,
    SourceRef,
)
from send_redress._wording import render, weekday_date

__all__ = ["LADDERS", "SOON_DAYS", "Focus", "assess", "current_round", "focus", "round_starts"]

# Each concern's ladder (in the registry) is the order in which its routes are normally taken.
# The next step is the first route in the ladder that is open now and not yet done. Routes not
# in a ladder run alongside: the voluntary ones that can be used at any time (disagreement
# resolution, SENDIASS), and judicial review, a last resort offered as the next step only when
# its own time limit is close (Pre-Action Protocol para 5).

_FALLBACK_STEP = "sendiass"  # free, impartial and always open: never leave a parent without a step
SOON_DAYS = 14
"""A deadline this many days away or fewer is soon: it is warned about and it becomes the next
step. The one constant for "soon" in the whole project."""
_OMBUDSMAN_WAITS = timedelta(weeks=12)  # LGSCO normally gives a council about 12 weeks


@dataclass(frozen=True)
class _Verdict:
    status: RouteStatus
    reason: str
    params: dict[str, object] = field(default_factory=dict)
    done: bool = False


def _first_round_start(facts: Facts) -> date | None:
    starter = ROUND_STARTS.get(facts.concern)
    return facts.first_date_of(starter) if starter else None


def current_round(facts: Facts) -> tuple[Facts, date | None]:
    """The facts of the current round, and the date it started.

    Each decision letter (each act, for a discrimination claim) starts a round. What answers a
    decision (mediation, a certificate, an appeal) counts only in the round it follows, so a
    certificate or an appeal for an earlier decision is not taken for one for this decision.
    """
    starter = ROUND_STARTS.get(facts.concern)
    start = facts.date_of(starter) if starter else None
    if start is None:
        return facts, None
    return facts.without_before(RESPONSE_EVENTS, start), start


def round_starts(facts: Facts) -> tuple[date, ...]:
    """The day each round of the case started, oldest first: the dates of the event that
    starts a round for the concern (each decision letter; each act, for a discrimination
    claim), as `current_round` counts them. Empty for a concern without rounds, or before the
    first decision. An event on day d belongs to the last round started on or before d; one
    before the first start belongs to none (what led up to the first decision)."""
    starter = ROUND_STARTS.get(facts.concern)
    return tuple(sorted(set(facts.dates_of(starter)))) if starter else ()


@dataclass(frozen=True)
class _Case:
    facts: Facts
    clocks: dict[str, Clock]
    school_word: str

    def on(self, event_type: str) -> date | None:
        return self.facts.date_of(event_type)

    def passed(self, clock_id: str) -> bool:
        clock = self.clocks.get(clock_id)
        return clock is not None and clock.due < self.facts.today


def assess(facts: Facts, content: Content | None = None) -> Assessment:
    """Assess one case: every route in the local authority's pack, the next step, the deadlines."""
    content = content or load_content()
    warnings: list[str] = []
    pack = content.local_authority(facts.local_authority)
    if pack is None:
        if facts.local_authority is not None:
            warnings.append(
                render(content.warnings, "unknown-local-authority", {"id": facts.local_authority})
            )
        pack = content.local_authorities[DEFAULT_PACK]

    history = facts
    facts, round_start = current_round(history)
    clocks = compute_clocks(facts, content)
    case = _Case(facts, clocks, content.settings[facts.setting].school_word)
    verdicts = {route_id: _RULES[route_id](case) for route_id in pack.routes}
    deadlines = tuple(
        sorted(
            (_deadline_result(content, clock, facts.today) for clock in clocks.values()),
            key=lambda d: (d.due, d.id),
        )
    )
    next_step, next_step_due = _choose_next_step(facts.concern, verdicts, deadlines)
    voice = _VOICES[facts.asker]

    def route_result(route_id: str, verdict: _Verdict) -> RouteResult:
        return RouteResult(
            id=route_id,
            name=content.routes[route_id].for_concern(facts.concern).name,
            status="recommended" if route_id == next_step else verdict.status,
            why=render(
                content.reasons,
                _voiced(content.reasons, verdict.reason, facts.asker),
                {"school": case.school_word, **voice, **verdict.params},
            ),
            sources=_refs(pack.sources_for(route_id, content.routes[route_id].sources)),
            done=verdict.done,
            contact=pack.contacts.get(route_id),
        )

    routes = tuple(
        _plain_route(content, pack, facts, case.school_word, route_id, verdict, route_result)
        if not verdict.params and route_id != next_step
        else route_result(route_id, verdict)
        for route_id, verdict in verdicts.items()
    )
    warnings += _warnings(content, case, deadlines, history, round_start)
    return Assessment(
        today=facts.today,
        concern=facts.concern,
        setting=facts.setting,
        local_authority=pack.id,
        local_authority_name=pack.name,
        routes=routes,
        next_step=next_step,
        deadlines=deadlines,
        warnings=tuple(warnings),
        asker=facts.asker,
        next_step_due=next_step_due,
        next_step_text=_next_step_text(content, next_step, next_step_due, facts.concern),
    )


# A route whose verdict has no dates in it reads the same for every case of the same concern,
# pack, setting word and asker: most routes of most cases (those that do not apply to the concern
# above all). Kept here, built once; RouteResult is immutable, so sharing it is safe.
_PLAIN_ROUTES: dict[tuple[object, ...], tuple[Content, RouteResult]] = {}


def _plain_route(
    content: Content,
    pack: LocalAuthority,
    facts: Facts,
    school_word: str,
    route_id: str,
    verdict: _Verdict,
    build: Callable[[str, _Verdict], RouteResult],
) -> RouteResult:
    key = (
        id(content),
        pack.id,
        facts.concern,
        facts.asker,
        school_word,
        route_id,
        verdict.status,
        verdict.reason,
        verdict.done,
    )
    found = _PLAIN_ROUTES.get(key)
    if found is None or found[0] is not content:  # an id can be reused once content is freed
        if len(_PLAIN_ROUTES) > 8192:  # a bound, for a long-running service with many packs
            _PLAIN_ROUTES.clear()
        found = _PLAIN_ROUTES[key] = (content, build(route_id, verdict))
    return found[1]


def _next_step_text(content: Content, step: str, due: date | None, concern: str) -> str:
    name = content.routes[step].for_concern(concern).name
    if due is None:
        return render(content.phrases, "next-step", {"step": name})
    return render(content.phrases, "next-step-by", {"step": name, "date": weekday_date(due)})


def _choose_next_step(
    concern: str, verdicts: dict[str, _Verdict], deadlines: tuple[DeadlineResult, ...]
) -> tuple[str, date | None]:
    """The next step, and the date to take it by where one of the parent's own deadlines runs.

    A parent's deadline within `SOON_DAYS` whose route is open comes first: the urgent thing is
    the next thing, whatever the usual order. Otherwise the ladder's first open step.
    """

    def open_now(route_id: str) -> bool:
        verdict = verdicts.get(route_id)
        return verdict is not None and verdict.status == "available"

    running = [
        d for d in deadlines if d.whose == "parent" and d.met_on is None and d.days_left >= 0
    ]
    for deadline in running:  # sorted by date
        # A step already taken (the SEND team contacted) can still be the urgent one: the draft
        # plan's comments go there too.
        if deadline.days_left <= SOON_DAYS and open_now(deadline.route):
            return deadline.route, deadline.due
    step = next(
        (r for r in LADDERS[concern] if open_now(r) and not verdicts[r].done), _FALLBACK_STEP
    )
    due = next((d.due for d in running if d.route == step), None)
    return step, due


@functools.lru_cache(maxsize=128)
def _refs(sources: tuple[Source, ...]) -> tuple[SourceRef, ...]:
    # The same few dozen tuples on every call; building them was 40% of assess().
    return tuple(SourceRef(s.title, s.url, s.took_effect) for s in sources)


def _deadline_result(content: Content, clock: Clock, today: date) -> DeadlineResult:
    text = content.deadlines[clock.id]
    days_left = (clock.due - today).days
    return DeadlineResult(
        id=clock.id,
        name=text.name,
        due=clock.due,
        status="passed" if days_left < 0 else "today" if days_left == 0 else "upcoming",
        days_left=days_left,
        whose=text.whose,
        route=text.route,
        rule=text.rule,
        working=clock.working,
        sources=_refs(text.sources),
        met_on=clock.met_on,
    )


# ---- one rule per route ---------------------------------------------------------------------


def _talk_to_school(case: _Case) -> _Verdict:
    if case.facts.setting == "none":
        return _Verdict("not-applicable", "no-setting")
    raised = case.on("raised-with-school")
    if case.facts.concern in SCHOOL_CONCERNS | {"plan-not-delivered"}:
        if raised:
            return _Verdict("available", "talk-to-school-done", {"date": raised}, done=True)
        return _Verdict("available", "talk-to-school-first")
    return _Verdict("available", "talk-to-school-alongside", done=raised is not None)


def _school_complaint(case: _Case) -> _Verdict:
    facts = case.facts
    if facts.setting == "none":
        return _Verdict("not-applicable", "no-setting")
    if facts.concern == "plan-not-delivered":
        return _Verdict("not-applicable", "school-complaint-plan-duty")
    if facts.concern == "exclusion":
        return _Verdict("not-applicable", "school-complaint-exclusion")
    if facts.concern not in SCHOOL_CONCERNS:
        return _Verdict("not-applicable", "school-complaint-council-decision")
    if ended := case.on("school-complaints-exhausted"):
        return _Verdict("closed", "school-complaint-ended", {"date": ended}, done=True)
    if made := case.on("school-complaint-made"):
        return _Verdict("available", "school-complaint-under-way", {"date": made}, done=True)
    if case.on("raised-with-school"):
        return _Verdict("available", "school-complaint-open")
    return _Verdict("not-yet", "school-complaint-talk-first")


def _governing_body(case: _Case) -> _Verdict:
    facts = case.facts
    if facts.concern not in SCHOOL_CONCERNS:
        return _Verdict("not-applicable", "governing-body-council-decision")
    if facts.concern == "exclusion":
        return _Verdict("not-applicable", "school-complaint-exclusion")
    if facts.setting == "none":
        return _Verdict("not-applicable", "no-setting")
    if facts.setting in ("early-years", "post-16"):
        return _Verdict("not-applicable", "governing-body-other-setting")
    if ended := case.on("school-complaints-exhausted"):
        return _Verdict("closed", "governing-body-ended", {"date": ended}, done=True)
    if case.on("school-complaint-made"):
        key = "governing-body-open-academy" if facts.setting == "academy" else "governing-body-open"
        return _Verdict("available", key)
    return _Verdict("not-yet", "governing-body-complaint-first")


def _department_for_education(case: _Case) -> _Verdict:
    facts = case.facts
    if facts.concern not in SCHOOL_CONCERNS:
        return _Verdict("not-applicable", "dfe-council-decision")
    if facts.concern == "exclusion":
        return _Verdict("not-applicable", "school-complaint-exclusion")
    if facts.setting not in ("maintained-school", "academy"):
        return _Verdict("not-applicable", "dfe-setting-unchecked")
    if not case.on("school-complaints-exhausted"):
        return _Verdict("not-yet", "dfe-after-school-procedure")
    return _Verdict("available", f"dfe-open-{facts.setting}")


def _local_authority_send_team(case: _Case) -> _Verdict:
    if case.facts.concern == "exclusion":
        return _Verdict("available", "la-team-exclusion")
    if case.facts.concern in SCHOOL_CONCERNS:
        return _Verdict("not-applicable", "la-team-school-concern")
    raised = case.on("raised-with-local-authority") or case.on("la-complaint-made")
    return _Verdict("available", "la-team-open", done=raised is not None)


def _local_authority_complaint(case: _Case) -> _Verdict:
    concern = case.facts.concern
    if concern == "exclusion":
        return _Verdict("not-applicable", "school-complaint-exclusion")
    if concern in SCHOOL_CONCERNS:
        return _Verdict("not-applicable", "la-complaint-school-concern")
    if concern in APPEALABLE:
        return _Verdict("not-applicable", "la-complaint-appealable")
    if ended := case.on("la-complaint-exhausted"):
        return _Verdict("closed", "la-complaint-ended", {"date": ended}, done=True)
    if made := case.on("la-complaint-made"):
        return _Verdict("available", "la-complaint-under-way", {"date": made}, done=True)
    if case.on("raised-with-local-authority"):
        return _Verdict("available", "la-complaint-open")
    # No law makes the SEND team a step before a complaint; the Ombudsman asks only that the
    # council had the chance to answer (LGA 1974 s.26(5)), which the complaint itself gives.
    return _Verdict("available", "la-complaint-open-usually-team-first")


def _sendiass(case: _Case) -> _Verdict:
    return _Verdict("available", "sendiass-open")


def _disagreement_resolution(case: _Case) -> _Verdict:
    if case.facts.concern == "disability-discrimination":
        return _Verdict("not-applicable", "disagreement-resolution-discrimination")
    return _Verdict("available", "disagreement-resolution-open")


def _mediation(case: _Case) -> _Verdict:
    concern = case.facts.concern
    if concern == "health-or-care-only":
        asked = any(case.on(e) for e in ("mediation-requested", "mediation-held"))
        return _Verdict("available", "mediation-health-care", done=asked)
    if concern not in APPEALABLE:
        return _Verdict("not-applicable", "mediation-not-appealable")
    if case.on("decision-notice-sent") is None:
        return _Verdict("not-yet", "mediation-after-decision")
    if concern == "placement-only":
        return _Verdict("available", "mediation-optional-placement")
    if issued := case.on("mediation-certificate-issued"):
        return _Verdict("closed", "mediation-certificate-issued", {"date": issued}, done=True)
    contact = case.clocks.get("mediation-adviser-contact")
    if contact is None:  # a decision from before the rules we apply took effect
        return _Verdict("available", "rules-not-in-force")
    declined, certificate = (
        case.on("mediation-declined"),
        case.clocks.get("certificate-no-mediation"),
    )
    if declined and certificate and declined <= contact.due:
        params: dict[str, object] = {"date": declined, "due": certificate.due}
        return _Verdict("available", "mediation-declined", params, done=True)
    if contact.met_on is not None and contact.met_on <= contact.due:
        return _Verdict("available", "mediation-under-way", {"date": contact.met_on})
    if case.passed("mediation-adviser-contact"):
        return _Verdict("closed", "mediation-contact-passed", {"date": contact.due})
    return _Verdict("available", "mediation-contact-adviser", {"date": contact.due})


def _way_forward_meeting(case: _Case) -> _Verdict:
    if case.facts.concern == "refused-assessment":
        return _Verdict("available", "way-forward-refused-assessment")
    return _Verdict("not-applicable", "way-forward-only-refused-assessment")


def _request_assessment(case: _Case) -> _Verdict:
    concern = case.facts.concern
    if concern in ("refused-assessment", "refused-plan"):
        return _Verdict("not-applicable", "request-assessment-appeal-instead")
    if concern in HAS_PLAN:
        return _Verdict("not-applicable", "request-assessment-has-plan")
    if concern in ("delay", "process-handling"):
        return _Verdict("not-applicable", "request-assessment-already-asked")
    if concern in ("disability-discrimination", "exclusion"):
        return _Verdict("available", "request-assessment-alongside")
    if concern == "school-transport":
        return _Verdict("not-applicable", "request-assessment-transport")
    if requested := case.on("assessment-requested"):
        clock = case.clocks.get("assessment-decision")
        if clock is None:  # a request from before the rules we apply took effect
            return _Verdict("closed", "rules-not-in-force", done=True)
        return _Verdict(
            "closed", "request-assessment-made", {"date": requested, "due": clock.due}, done=True
        )
    return _Verdict("available", "request-assessment-open")


def _tribunal(case: _Case) -> _Verdict:
    concern = case.facts.concern
    if concern in APPEALABLE:
        return _tribunal_appeal(case)
    if concern in ("disability-discrimination", "exclusion"):
        return _tribunal_claim(case)
    if concern == "health-or-care-only":
        return _Verdict("not-applicable", "tribunal-health-care")
    if concern == "support-in-school":
        return _Verdict("not-applicable", "tribunal-school-support")
    return _Verdict("not-applicable", "tribunal-not-appealable")


def _tribunal_appeal(case: _Case) -> _Verdict:
    if appealed := case.on("tribunal-appeal-made"):
        return _Verdict("closed", "tribunal-appeal-made", {"date": appealed}, done=True)
    clock = case.clocks.get("tribunal-appeal")
    if clock is None:
        return _Verdict("not-yet", "tribunal-needs-decision")
    if case.facts.concern in NEEDS_CERTIFICATE and not case.on("mediation-certificate-issued"):
        # Without a certificate we cannot know whether the adviser was contacted in time, and a
        # certificate gives a month of its own, so the route is never shown as closed here.
        contact = case.clocks.get("mediation-adviser-contact")
        if contact is None:
            return _Verdict("not-yet", "rules-not-in-force")
        if _contacted_in_time(case):
            return _Verdict("not-yet", "tribunal-waiting-for-certificate", {"date": contact.met_on})
        if case.passed("tribunal-appeal"):
            return _Verdict("not-yet", "tribunal-needs-certificate-late", {"date": contact.due})
        return _Verdict("not-yet", "tribunal-needs-certificate", {"date": contact.due})
    if case.passed("tribunal-appeal"):
        return _Verdict("closed", "tribunal-time-passed", {"date": clock.due})
    return _Verdict("available", "tribunal-open", {"date": clock.due})


def _contacted_in_time(case: _Case) -> bool:
    """The mediation adviser was contacted within the 2 months, so a certificate will come."""
    return _met_in_time(case.clocks.get("mediation-adviser-contact"))


class _Timed(Protocol):
    @property
    def due(self) -> date: ...
    @property
    def met_on(self) -> date | None: ...


def _met_in_time(clock: _Timed | None) -> bool:
    return clock is not None and clock.met_on is not None and clock.met_on <= clock.due


def _tribunal_claim(case: _Case) -> _Verdict:
    # A claim is about the school that did it, whatever the child's setting now: a child out of
    # school after an exclusion still has it (Equality Act 2010 s.85(2)(e), s.108, Sch 17 para 3).
    setting = case.facts.setting
    if setting == "post-16":
        return _Verdict("not-applicable", "tribunal-discrimination-college")
    if claimed := case.on("tribunal-appeal-made"):
        return _Verdict("closed", "tribunal-claim-made", {"date": claimed}, done=True)
    # An exclusion may also be the act complained of: the earliest of its clocks counts.
    claims = [c for k in _CLAIM_CLOCKS if (c := case.clocks.get(k)) is not None]
    clock = min(claims, key=lambda c: c.due, default=None)
    if clock is not None and clock.due < case.facts.today:
        return _Verdict("closed", "tribunal-claim-time-passed", {"date": clock.due})
    key = "tribunal-claim-early-years" if setting == "early-years" else "tribunal-claim-open"
    if clock is None:
        return _Verdict("available", f"{key}-no-date")
    return _Verdict("available", key, {"date": clock.due})


_CLAIM_CLOCKS = ("discrimination-claim", "exclusion-discrimination-claim")


def _ombudsman(case: _Case) -> _Verdict:
    concern = case.facts.concern
    if concern == "exclusion":
        return _Verdict("not-applicable", "school-complaint-exclusion")
    if concern in SCHOOL_CONCERNS:
        return _Verdict("not-applicable", "ombudsman-schools")
    if concern in APPEALABLE:
        return _Verdict("not-applicable", "ombudsman-appealable")
    if case.passed("ombudsman-time-limit"):
        return _Verdict(
            "closed", "ombudsman-time-passed", {"date": case.clocks["ombudsman-time-limit"].due}
        )
    if concern == "school-transport":
        # The Ombudsman expects the council's own two stages to have been used first.
        if case.on("transport-appeal-decided"):
            return _Verdict("available", "ombudsman-open-transport")
        return _Verdict("not-yet", "ombudsman-transport-stages-first")
    # Social care complaints go through the Children Act 1989 procedure, not the corporate one.
    if case.on("la-complaint-exhausted") or case.on("care-complaint-exhausted"):
        return _Verdict("available", "ombudsman-open")
    if made := case.on("la-complaint-made") or case.on("care-complaint-made"):
        ready = made + _OMBUDSMAN_WAITS
        if ready <= case.facts.today:
            return _Verdict("available", "ombudsman-open-after-wait", {"date": made})
        return _Verdict("not-yet", "ombudsman-premature", {"date": ready})
    return _Verdict("not-yet", "ombudsman-complain-first")


def _judicial_review(case: _Case) -> _Verdict:
    concern = case.facts.concern
    if concern in APPEALABLE:
        return _Verdict("not-applicable", "judicial-review-appeal-instead")
    if concern in CONTINUING_FAILURES:
        # CPR 54.5 runs from when the grounds arose, and a duty still not met renews them.
        return _Verdict("available", "judicial-review-continuing")
    if concern not in ONE_OFF_JUDICIAL_REVIEW or (
        concern == "process-handling" and "judicial-review" not in case.clocks
    ):
        return _Verdict("not-applicable", "judicial-review-other-routes")
    if case.passed("judicial-review"):
        return _Verdict(
            "closed", "judicial-review-time-passed", {"date": case.clocks["judicial-review"].due}
        )
    return _Verdict("available", "judicial-review-open")


# ---- exclusions (School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012) --

# The 2012 Regulations cover maintained schools (with their sixth forms), academies and pupil
# referral units; a child out of school after a permanent exclusion keeps them.
_EXCLUSION_SETTINGS = frozenset({"maintained-school", "academy", "school-sixth-form", "none"})
_REINSTATEMENT_CLOCKS = (
    "reinstatement-permanent",
    "reinstatement-long-suspension",
    "reinstatement-shorter-suspension",
)


def _governing_board_reinstatement(case: _Case) -> _Verdict:
    if case.facts.concern != "exclusion":
        return _Verdict("not-applicable", "reinstatement-not-exclusion")
    if case.facts.setting not in _EXCLUSION_SETTINGS:
        return _Verdict("not-applicable", "exclusion-other-setting")
    if decided := case.on("reinstatement-decided"):
        return _Verdict("closed", "reinstatement-decided", {"date": decided}, done=True)
    clocks = [c for k in _REINSTATEMENT_CLOCKS if (c := case.clocks.get(k)) is not None]
    if clocks:
        due = min(c.due for c in clocks)
        return _Verdict("available", "reinstatement-due", {"date": due})
    if case.on("suspended-over-5-days"):
        return _Verdict("available", "reinstatement-ask")
    return _Verdict("available", "reinstatement-open")


def _independent_review_panel(case: _Case) -> _Verdict:
    facts = case.facts
    if facts.concern != "exclusion":
        return _Verdict("not-applicable", "review-panel-not-exclusion")
    if facts.setting not in _EXCLUSION_SETTINGS:
        return _Verdict("not-applicable", "exclusion-other-setting")
    if not case.on("permanently-excluded") and (
        case.on("suspended-over-15-days") or case.on("suspended-over-5-days")
    ):
        return _Verdict("not-applicable", "review-panel-permanent-only")
    if requested := case.on("review-panel-requested"):
        return _Verdict("closed", "review-panel-requested", {"date": requested}, done=True)
    clock = case.clocks.get("review-panel-application")
    if clock is None:
        return _Verdict("not-yet", "review-panel-after-governors")
    if case.passed("review-panel-application"):
        return _Verdict("closed", "review-panel-time-passed", {"date": clock.due})
    return _Verdict("available", "review-panel-open", {"date": clock.due})


# ---- health and social care complaints -------------------------------------------------------


def _nhs_complaint(case: _Case) -> _Verdict:
    if case.facts.concern != "health-or-care-only":
        return _Verdict("not-applicable", "nhs-complaint-health-only")
    if answered := case.on("nhs-complaint-answered"):
        return _Verdict("closed", "nhs-complaint-answered", {"date": answered}, done=True)
    if made := case.on("nhs-complaint-made"):
        return _Verdict("available", "nhs-complaint-under-way", {"date": made}, done=True)
    if case.passed("nhs-complaint-time-limit"):
        date_ = case.clocks["nhs-complaint-time-limit"].due
        return _Verdict("available", "nhs-complaint-late", {"date": date_})
    return _Verdict("available", "nhs-complaint-open")


def _health_ombudsman(case: _Case) -> _Verdict:
    if case.facts.concern != "health-or-care-only":
        return _Verdict("not-applicable", "nhs-complaint-health-only")
    if case.passed("health-ombudsman-time-limit"):
        date_ = case.clocks["health-ombudsman-time-limit"].due
        return _Verdict("closed", "health-ombudsman-time-passed", {"date": date_})
    if case.on("nhs-complaint-answered"):
        return _Verdict("available", "health-ombudsman-open")
    return _Verdict("not-yet", "health-ombudsman-complain-first")


def _social_care_complaint(case: _Case) -> _Verdict:
    if case.facts.concern != "health-or-care-only":
        return _Verdict("not-applicable", "care-complaint-care-only")
    if ended := case.on("care-complaint-exhausted"):
        return _Verdict("closed", "care-complaint-ended", {"date": ended}, done=True)
    if asked := case.on("care-review-requested"):
        return _Verdict("available", "care-review-under-way", {"date": asked}, done=True)
    if made := case.on("care-complaint-made"):
        return _Verdict("available", "care-complaint-under-way", {"date": made}, done=True)
    if made := case.on("la-complaint-made"):
        # A council must handle a complaint about children's social care under this procedure,
        # whichever way it reached it.
        return _Verdict("available", "care-complaint-under-way", {"date": made}, done=True)
    return _Verdict("available", "care-complaint-open")


# ---- home-to-school transport (DfE statutory guidance, 2024) ---------------------------------


def _transport_review(case: _Case) -> _Verdict:
    if case.facts.concern != "school-transport":
        return _Verdict("not-applicable", "transport-not-transport")
    if decided := case.on("transport-review-decided"):
        return _Verdict("closed", "transport-review-decided", {"date": decided}, done=True)
    if asked := case.on("transport-review-requested"):
        return _Verdict("available", "transport-review-under-way", {"date": asked}, done=True)
    clock = case.clocks.get("transport-review-request")
    if clock is None:
        return _Verdict("not-yet", "transport-review-after-decision")
    if case.passed("transport-review-request"):
        return _Verdict("closed", "transport-review-time-passed", {"date": clock.due})
    return _Verdict("available", "transport-review-open", {"date": clock.due})


def _transport_appeal_panel(case: _Case) -> _Verdict:
    if case.facts.concern != "school-transport":
        return _Verdict("not-applicable", "transport-not-transport")
    if decided := case.on("transport-appeal-decided"):
        return _Verdict("closed", "transport-appeal-decided", {"date": decided}, done=True)
    if asked := case.on("transport-appeal-requested"):
        return _Verdict("available", "transport-appeal-under-way", {"date": asked}, done=True)
    clock = case.clocks.get("transport-appeal-request")
    if clock is None:
        return _Verdict("not-yet", "transport-appeal-after-review")
    if case.passed("transport-appeal-request"):
        return _Verdict("closed", "transport-appeal-time-passed", {"date": clock.due})
    return _Verdict("available", "transport-appeal-open", {"date": clock.due})


_RULES: dict[str, Callable[[_Case], _Verdict]] = {
    "talk-to-school": _talk_to_school,
    "school-complaint": _school_complaint,
    "governing-body": _governing_body,
    "department-for-education": _department_for_education,
    "local-authority-send-team": _local_authority_send_team,
    "local-authority-complaint": _local_authority_complaint,
    "sendiass": _sendiass,
    "disagreement-resolution": _disagreement_resolution,
    "mediation": _mediation,
    "way-forward-meeting": _way_forward_meeting,
    "request-assessment": _request_assessment,
    "tribunal": _tribunal,
    "ombudsman": _ombudsman,
    "judicial-review": _judicial_review,
    "governing-board-reinstatement": _governing_board_reinstatement,
    "independent-review-panel": _independent_review_panel,
    "nhs-complaint": _nhs_complaint,
    "health-ombudsman": _health_ombudsman,
    "social-care-complaint": _social_care_complaint,
    "transport-review": _transport_review,
    "transport-appeal-panel": _transport_appeal_panel,
}


# ---- warnings -------------------------------------------------------------------------------


def _warnings(
    content: Content,
    case: _Case,
    deadlines: tuple[DeadlineResult, ...],
    history: Facts,
    round_start: date | None,
) -> list[str]:
    facts = case.facts
    texts = content.warnings
    found: list[tuple[str, dict[str, object]]] = []

    def warn(key: str, **params: object) -> None:
        found.append((key, params))

    if facts.concern in APPEALABLE and not facts.has("decision-notice-sent"):
        warn("need-decision-date")
    if facts.concern == "disability-discrimination" and not facts.has("discrimination-occurred"):
        warn("need-discrimination-date")
    if facts.setting == "none" and facts.concern in ("support-in-school", "plan-not-delivered"):
        warn("inconsistent-setting")
    for problem in date_order_problems(facts.concern, facts.events):
        order = {
            "later": content.events[problem.later].label,
            "later_date": problem.later_date,
            "earlier": content.events[problem.earlier].label,
            "earlier_date": problem.earlier_date,
        }
        warn("inconsistent-order", **order)
    first_start = _first_round_start(history)
    if round_start is not None and first_start is not None:
        # Before the first decision letter there is no round these could belong to: a date is
        # wrong, or a decision letter is missing. Later ones belong to an earlier round.
        orphans = [
            content.events[kind].label
            for kind in RESPONSE_EVENTS
            if any(day < first_start for day in history.dates_of(kind))
        ]
        if orphans:
            warn("before-any-decision", date=first_start, events="; ".join(orphans))
    if facts.concern == "placement-only" and facts.has("mediation-certificate-issued"):
        warn("placement-certificate")
    if facts.has("tribunal-appeal-made") and facts.concern in COUNCIL_NOT_APPEALABLE:
        warn("ombudsman-after-appeal")

    for deadline in deadlines:
        params: dict[str, object] = {
            "name": deadline.name,
            "date": deadline.due,
            "days": f"{deadline.days_left} day" + ("" if deadline.days_left == 1 else "s"),
        }
        if deadline.met_on is not None:
            if deadline.done_late:
                warn(f"{deadline.whose}-was-late", **params, met=deadline.met_on)
            continue
        if deadline.whose == "parent":
            if deadline.days_left == 0:
                warn("deadline-today", **params)
            elif 0 < deadline.days_left <= SOON_DAYS:
                warn("deadline-soon", **params)
            elif deadline.days_left < 0 and _is_still_relevant(
                case.facts, case.clocks.get("mediation-adviser-contact"), deadline.id
            ):
                warn(f"late:{deadline.id}", **params)
        elif deadline.days_left < 0:
            # A duty with its own `late` words (the council's response to the Tribunal) uses
            # them: the remedy there is telling the Tribunal, not a complaint.
            own = deadline.id in content.deadlines and content.deadlines[deadline.id].late
            warn(f"late:{deadline.id}" if own else f"{deadline.whose}-late", **params)
    # A passed parent deadline's warning is in its own clock's entry, as `late`.
    texts = {**texts, **{f"late:{d.id}": d.late for d in content.deadlines.values() if d.late}}
    voice = _VOICES[facts.asker]
    return [
        render(texts, _voiced(texts, key, facts.asker), {**voice, **params})
        for key, params in found
    ]


# ---- who is asking ----------------------------------------------------------------------------

# How the wording names the child, by who is asking. A wording key may also have its own text
# for a voice, as `key@young-person` or `key@adviser`, where the sentence itself must change.
_VOICES: dict[str, dict[str, object]] = {
    "parent": {"child": "your child", "Child": "Your child", "childs": "your child's"},
    "young-person": {"child": "you", "Child": "You", "childs": "your"},
    "adviser-for-parent": {"child": "the child", "Child": "The child", "childs": "the child's"},
    "adviser-for-young-person": {
        "child": "the young person",
        "Child": "The young person",
        "childs": "the young person's",
    },
}
_VOICE_KEYS = {"young-person": ("young-person",)}


def _voiced(templates: dict[str, str], key: str, asker: str) -> str:
    """The wording key to use for this asker: its own text where there is one."""
    for voice in _VOICE_KEYS.get(asker, ()):
        if f"{key}@{voice}" in templates:
            return f"{key}@{voice}"
    return key


def _is_still_relevant(facts: Facts, contact: _Timed | None, deadline_id: str) -> bool:
    # A draft plan whose final plan is out no longer needs comments. An appeal whose certificate
    # is still to come, after the adviser was contacted in time, is not late: the certificate
    # will give a month of its own (the route says so). `contact` is the mediation adviser
    # contact clock of the current round.
    if deadline_id == "draft-plan-comments":
        return not facts.has("decision-notice-sent")
    if deadline_id == "tribunal-appeal" and facts.concern in NEEDS_CERTIFICATE:
        return facts.has("mediation-certificate-issued") or not _met_in_time(contact)
    return True


# ---- the deadline that matters ----------------------------------------------------------------


class Focus(msgspec.Struct, frozen=True):
    """What to look at first in one case (issue 18): the nearest deadline still to come, and,
    apart from it, the deadlines that have passed without being met."""

    next: DeadlineResult | None
    """The nearest deadline still to come, today included: the family's or the council's.
    On the same day the family's own comes first."""
    to_check: tuple[DeadlineResult, ...]
    """The family's own deadlines that have passed, newest first: was the step taken?"""
    to_push: tuple[DeadlineResult, ...]
    """The council's (or mediator's) duties past their date and not done, oldest first."""


def focus(assessment: Assessment, facts: Facts, set_aside: Collection[str] = ()) -> Focus:
    """The deadline that matters in `assessment` (of `facts`), for the caseload, its counts, the
    digest and the parent's dashboard alike. Met deadlines, those that no longer apply (a draft
    plan's comments once the final plan is out; an appeal waiting for its certificate) and the
    ids in `set_aside` (marked "dealt with" or "not applicable" by a person) are left out.

    Which deadlines are to come and which have passed depends on `facts.today` only through the
    due dates: until the day after `next.due`, a later day gives the same answer. That is what
    lets a caseload keep it as a cache (tests/core/test_properties.py)."""
    round_facts, _ = current_round(facts)
    contact = assessment.deadline("mediation-adviser-contact")
    open_ = [
        d
        for d in assessment.deadlines
        if d.met_on is None
        and d.id not in set_aside
        and _is_still_relevant(round_facts, contact, d.id)
    ]
    to_come = [d for d in open_ if d.days_left >= 0]
    passed = [d for d in open_ if d.days_left < 0]
    return Focus(
        next=min(to_come, key=lambda d: (d.due, d.whose != "parent", d.id), default=None),
        to_check=tuple(
            sorted((d for d in passed if d.whose == "parent"), key=lambda d: (-d.days_left, d.id))
        ),
        to_push=tuple(
            sorted((d for d in passed if d.whose != "parent"), key=lambda d: (d.due, d.id))
        ),
    )
