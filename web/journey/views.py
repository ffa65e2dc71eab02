"""The guided journey: a few questions, check your answers, then the result.

Answers live in the server-side session (never the URL). Every page reads them through
`Answers.from_session`, so unusable answers lead to a polite restart, never an error. The
result, the calendar file and `send-redress assess` all come from one `assess()` call.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape, format_html, format_html_join
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from send_redress import (
    EVENTS_BY_CONCERN,
    Assessment,
    Facts,
    RouteResult,
    assess,
    load_content,
    long_date,
)
from web.common.dates import example_hint
from web.common.jinja import url  # reverse(), remembered

from .answers import QUESTIONS, SESSION_KEY, Answers, UnusableAnswers
from .clock import today
from .councils import council_choices, council_label
from .forms import NONE_YET, ChoiceForm, DateForm, EventsForm, example_rules
from .text import page, pages, text

View = Callable[..., HttpResponse]


def _load(request: HttpRequest) -> Answers:
    return Answers.from_session(request.session.get(SESSION_KEY))


def _save(request: HttpRequest, answers: Answers) -> None:
    request.session[SESSION_KEY] = answers.to_session()


def _expired(request: HttpRequest) -> bool:
    """The browser sent a session cookie for a session that no longer exists: it expired
    (4 hours after the last answer), was cleared, or the cookie was made up."""
    return bool(request.COOKIES.get(settings.SESSION_COOKIE_NAME)) and (
        request.session.session_key is None
    )


def with_answers(view: View) -> View:
    """Give the view the visitor's answers; restart politely when they cannot be used."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            answers = _load(request)
        except UnusableAnswers:
            request.session.pop(SESSION_KEY, None)
            return redirect("journey:restart")
        if _expired(request):
            # An empty session: the middleware deletes the stale cookie with this response.
            return redirect("journey:restart")
        return view(request, answers, *args, **kwargs)

    return wrapper


def next_url(answers: Answers) -> str:
    """The first page still to answer, or check your answers when all are done."""
    for question in QUESTIONS:
        if not answers.answered(question):
            return url("journey:question", question)
    number = answers.missing_date()
    if number is not None:
        return url("journey:date", number)
    return url("journey:check")


def _previous_url(answers: Answers, position: tuple[str, Any]) -> str:
    """The page before this one in the journey, for the back link."""
    sequence: list[tuple[str, Any]] = [("question", q) for q in QUESTIONS]
    sequence += [("date", n) for n in range(1, len(answers.events or ()) + 1)]
    sequence.append(("check", 0))
    index = sequence.index(position) if position in sequence else 0
    if index == 0:
        return url("pages:start")
    kind, key = sequence[index - 1]
    if kind == "question":
        return url("journey:question", key)
    return url("journey:date", key)


def _back_from(answers: Answers, position: tuple[str, Any]) -> str:
    """The back link: to check your answers when every answer is given (the visitor came from
    a Change link there), else the page before this one."""
    if answers.complete():
        return url("journey:check")
    return _previous_url(answers, position)


def _dropped_by(answers: Answers, slug: str, chosen: Any) -> list[str]:
    """What changing the problem would remove: the events chosen and their dates, in words."""
    if slug != "concern" or chosen == answers.concern or answers.events is None:
        return []
    content = load_content()
    labels = "; ".join(content.events[e].label for e in answers.events)
    dropped = [text("events", "summary") + ": " + (labels or text("events", "none"))]
    dropped += [
        f"{content.events[e].question} {long_date(answers.dates[e])}"
        for e in answers.events
        if e in answers.dates
    ]
    return dropped


def _confirm_change(
    request: HttpRequest, answers: Answers, chosen: str, dropped: list[str]
) -> HttpResponse:
    """Before a new problem drops the answers that belonged to the old one, say which."""
    content = load_content()
    who = str(answers.who)
    return render(
        request,
        "journey/confirm_change.html",
        {
            "text": page("change_concern", answers.who),
            "old": content.concerns[str(answers.concern)].label_for(who),
            "new": content.concerns[chosen].label_for(who),
            "chosen": chosen,
            "dropped": dropped,
        },
    )


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return redirect("journey:question", "who")


@functools.lru_cache(maxsize=64)
def _choices(
    question: str, concern: str | None, who: str | None = None
) -> tuple[tuple[str, str], ...]:
    content = load_content()
    if question == "who":
        return tuple(pages()[question]["options"].items())
    if question == "council":
        return tuple(council_choices())
    if question == "setting":
        return tuple((s.id, s.label) for s in content.settings.values())
    if question == "concern":
        return tuple((c.id, c.label_for(who or "parent")) for c in content.concerns.values())
    return tuple((e, content.events[e].label) for e in EVENTS_BY_CONCERN[str(concern)])


@functools.cache
def _hints(question: str, who: str | None = None) -> dict[str, str]:
    content = load_content()
    if question == "concern":
        asker = who or "parent"
        return {c.id: c.hint_for(asker) for c in content.concerns.values() if c.hint}
    if question == "events":
        return {e.id: e.hint for e in content.events.values() if e.hint}
    return {}


def _fieldset(
    slug: str, who: str | None, concern: str | None, checked: frozenset[str], error: str
) -> dict[str, Any]:
    """The question's radios or checkboxes: govukRadios' or govukCheckboxes' params."""
    hints = _hints(slug, who)
    items: list[dict[str, Any]] = []
    for value, label in _choices(slug, concern, who):
        item: dict[str, Any] = {"value": value, "text": label, "checked": value in checked}
        if value in hints:
            item["hint"] = {"text": hints[value]}
        items.append(item)
    if slug == "events":
        items.append({"divider": "or"})
        none = {"value": NONE_YET, "text": text("events", "none"), "checked": NONE_YET in checked}
        items.append({**none, "behaviour": "exclusive"})
    hint = page(slug, who).get("hint")
    if slug == "concern":
        return _grouped_radios(slug, who, items, hint, error)
    params = {
        "name": "answer",
        "idPrefix": "answer",
        "fieldset": {
            "legend": {
                "text": text(slug, "legend", who),
                "isPageHeading": True,
                "classes": "govuk-fieldset__legend--l",
            }
        },
        "hint": {"text": hint} if hint else None,
        "items": items,
        "errorMessage": {"text": error} if error else None,
    }
    return params


GROUPS = ("school", "council-decision", "plan", "exclusion", "other")
"""The order of the problem list's groups (registry.yaml `group`)."""


def grouped_concerns() -> list[tuple[str, list[str]]]:
    """The concerns in their groups, in the order the problem question lists them: groups in
    GROUPS order (only those with a concern), each concern in the registry's order."""
    concerns = load_content().concerns.values()
    grouped = [(g, [c.id for c in concerns if c.group == g]) for g in GROUPS]
    return [(g, ids) for g, ids in grouped if ids]


def _grouped_radios(
    slug: str, who: str | None, items: list[dict[str, Any]], hint: str | None, error: str
) -> dict[str, Any]:
    """The problem question (journey/_grouped_radios.html): one set of radios (one fieldset,
    one name) shown in groups with a heading each, so the list is short enough for a phone.
    The radios are numbered as govukRadios numbers them: the first is `answer` (the error
    summary links there), then answer-2, answer-3."""
    by_value = {item["value"]: item for item in items}
    groups, number = [], 0
    for group, ids in grouped_concerns():
        numbered = []
        for value in ids:
            number += 1
            numbered.append(
                {**by_value[value], "id": "answer" if number == 1 else f"answer-{number}"}
            )
        groups.append({"id": group, "label": pages()[slug]["groups"][group], "items": numbered})
    return {"legend": text(slug, "legend", who), "hint": hint, "error": error, "groups": groups}


def _council_select(who: str | None, answer: str, error: str) -> dict[str, Any]:
    """The council question: a GOV.UK select of every council, by place. It works without
    JavaScript and fits a 320 px screen; 154 radios would be a page many screens long (see
    web/README.md, "The council question")."""
    hint = page("council", who).get("hint")
    choose = {"value": "", "text": text("council", "choose"), "selected": not answer}
    items = [choose] + [
        {"value": value, "text": label, "selected": value == answer}
        for value, label in _choices("council", None)
    ]
    params = {
        "id": "answer",
        "name": "answer",
        "label": {
            "text": text("council", "legend", who),
            "isPageHeading": True,
            "classes": "govuk-label--l",
        },
        "hint": {"text": hint} if hint else None,
        "items": items,
        "classes": "govuk-!-width-full",
        "errorMessage": {"text": error} if error else None,
    }
    return params


@require_http_methods(["GET", "POST"])
@with_answers
def question(request: HttpRequest, answers: Answers, slug: str) -> HttpResponse:
    if slug not in QUESTIONS:
        raise Http404
    earlier = QUESTIONS[: QUESTIONS.index(slug)]
    if not all(answers.answered(q) for q in earlier):
        return redirect(next_url(answers))

    form: EventsForm | ChoiceForm | None = None
    current = getattr(answers, slug)
    checked = frozenset(
        current if slug == "events" and current else [NONE_YET] if current == () else [current]
    )
    if request.method == "POST":
        choices = list(_choices(slug, answers.concern))
        if slug == "events":
            form = EventsForm(request.POST, choices=choices)
        else:
            error = text(slug, "error", answers.who)
            form = ChoiceForm(request.POST, choices=choices, error=error)
        if form.is_valid():
            chosen = form.cleaned_data["answer"]
            dropped = _dropped_by(answers, slug, chosen)
            if dropped and request.POST.get("confirm") != "yes":
                return _confirm_change(request, answers, chosen, dropped)
            answers = answers.with_answer(slug, chosen)
            _save(request, answers)
            return redirect(next_url(answers))
        checked = frozenset(request.POST.getlist("answer"))  # only a choice's value matches

    errors = form.errors.get("answer") if form is not None else None
    error = str(errors[0]) if errors else ""
    # Only a choice's value is checked: what else a form sent is neither shown nor kept.
    checked &= {value for value, _ in _choices(slug, answers.concern)} | {NONE_YET}
    # The macro's params are made inside the template's {% cache %}: only when not kept.
    fieldset: Callable[[], dict[str, Any]]
    if slug == "council":
        answer = next(iter(checked), "")
        macro, fieldset = "select", functools.partial(_council_select, answers.who, answer, error)
    else:
        macro = {"events": "checkboxes", "concern": "grouped"}.get(slug, "radios")
        fieldset = functools.partial(_fieldset, slug, answers.who, answers.concern, checked, error)
    return render(
        request,
        "journey/question.html",
        {
            "form": form,
            "title": text(slug, "title", answers.who),
            "macro": macro,
            "fieldset_params": fieldset,
            # Everything the fieldset shows, for the template's {% cache %}.
            "fieldset_key": (slug, answers.who, answers.concern, sorted(checked), error),
            "back_link": _back_from(answers, ("question", slug)),
        },
    )


@require_http_methods(["GET", "POST"])
@with_answers
def date_question(request: HttpRequest, answers: Answers, number: int) -> HttpResponse:
    events = answers.events or ()
    if not all(answers.answered(q) for q in QUESTIONS) or not 1 <= number <= len(events):
        return redirect(next_url(answers))
    event_type = events[number - 1]
    current = answers.dates.get(event_type)
    form: DateForm | None = None
    concern = str(answers.concern)
    rules = example_rules(concern, answers.dates, event_type, today())
    hint = example_hint(rules, today=today())
    if request.method == "POST":
        form = DateForm(
            request.POST,
            today=today(),
            concern=concern,
            event_type=event_type,
            dates=answers.dates,
        )
        if form.is_valid():
            answers = answers.with_date(event_type, form.cleaned_data["answer"])
            _save(request, answers)
            return redirect(next_url(answers))
        # What they typed goes back in the boxes.
        errors = form.errors.get("answer")
        date_input = _date_input(
            event_type,
            form.parts("answer"),
            str(errors[0]) if errors else "",
            tuple(form.invalid_parts.get("answer", ())),
            hint,
        )
    else:
        date_input = _answered_date_input(event_type, current, hint)
    return render(
        request,
        "journey/date.html",
        {
            "form": form,
            "question": load_content().events[event_type].question,
            "date_input": date_input,
            "back_link": _back_from(answers, ("date", number)),
        },
    )


def _answered_date_input(event_type: str, current: date | None, example: str) -> dict[str, Any]:
    """The date question before it is answered, or with the date already given."""
    values = (
        {"day": str(current.day), "month": str(current.month), "year": str(current.year)}
        if current
        else {"day": "", "month": "", "year": ""}
    )
    return _date_input(event_type, values, "", (), example)


def _date_input(
    event_type: str,
    values: dict[str, str],
    error: str,
    invalid_parts: tuple[str, ...],
    example: str,
) -> dict[str, Any]:
    """govukDateInput's params."""
    event_hint = load_content().events[event_type].hint
    items = [
        {
            "name": part,
            "label": label,
            "value": values[part],
            "classes": f"govuk-input--width-{width}"
            + (" govuk-input--error" if error and part in invalid_parts else ""),
            "inputmode": "numeric",
        }
        for part, label, width in (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))
    ]
    params = {
        "id": "answer",
        "namePrefix": "answer",
        "fieldset": {
            "legend": {
                "text": load_content().events[event_type].question,
                "isPageHeading": True,
                "classes": "govuk-fieldset__legend--l",
            }
        },
        "hint": {
            "text": (event_hint + " " if event_hint else "") + text("date", "hint", example=example)
        },
        "errorMessage": {"text": error} if error else None,
        "items": items,
    }
    return params


@require_safe
@with_answers
def check(request: HttpRequest, answers: Answers) -> HttpResponse:
    if not answers.complete():
        return redirect(next_url(answers))
    content = load_content()
    who = answers.who
    rows = [
        _row(text("who", "summary"), pages()["who"]["options"][who], "question", "who"),
        _row(
            text("council", "summary"),
            council_label(str(answers.council)),
            "question",
            "council",
        ),
        _row(
            text("setting", "summary"),
            content.settings[str(answers.setting)].label,
            "question",
            "setting",
        ),
        _row(
            text("concern", "summary"),
            content.concerns[str(answers.concern)].label_for(str(answers.who)),
            "question",
            "concern",
        ),
        _row(
            text("events", "summary"),
            [content.events[e].label for e in answers.events or ()] or text("events", "none"),
            "question",
            "events",
        ),
    ]
    for number, event_type in enumerate(answers.events or (), start=1):
        rows.append(
            _row(
                load_content().events[event_type].question,
                long_date(answers.dates[event_type]),
                "date",
                number,
            )
        )
    words = page("check", who)
    summary_list = {
        "rows": [
            {
                "key": {"text": row["key"]},
                "value": {"html": row["html"]},
                "actions": {
                    "items": [
                        {
                            "href": row["href"],
                            "text": words["change"],
                            "visuallyHiddenText": row["hidden"],
                        }
                    ]
                },
            }
            for row in rows
        ]
    }
    return render(
        request,
        "journey/check.html",
        {
            "text": words,
            "summary_list": summary_list,
            "back_link": _previous_url(answers, ("check", 0)),
        },
    )


def _row(key: str, value: str | list[str], kind: str, target: str | int) -> dict[str, Any]:
    if isinstance(value, list):
        html = format_html_join("", "<li>{}</li>", ((item,) for item in value))
        value_html = format_html('<ul class="govuk-list">{}</ul>', html)
    else:
        value_html = escape(value)
    return {
        "key": key,
        "html": value_html,
        "href": url(f"journey:{kind}", target),
        "hidden": key[0].lower() + key[1:],
    }


def _facts(answers: Answers) -> tuple[Any, ...]:
    """The facts as a tuple, for _assess: everything the result page's assessment depends on."""
    facts = answers.to_facts(today())
    return (
        facts.concern,
        facts.today,
        facts.local_authority,
        facts.setting,
        tuple(sorted(facts.events.items())),
        facts.asker,
    )


def _assessment(answers: Answers) -> Assessment:
    return _assess(*_facts(answers))


@functools.lru_cache(maxsize=512)
def _assess(
    concern: str,
    day: date,
    council: str | None,
    setting: str,
    events: tuple[tuple[str, tuple[date, ...]], ...],
    asker: str,
) -> Assessment:
    """assess() is a pure function of the facts: the result page, its reloads and the calendar
    file of one case (and any other case with the same facts, that day) share one call."""
    return assess(
        Facts(
            concern=concern,
            today=day,
            local_authority=council,
            setting=setting,
            events=dict(events),
            asker=asker,
        )
    )


def forget_content() -> None:
    """Drop what is kept from the content (the choices, the assessments): for a test that
    changes the content after load_content() has read it."""
    _choices.cache_clear()
    _assess.cache_clear()


@require_safe
@with_answers
def result(request: HttpRequest, answers: Answers) -> HttpResponse:
    if not answers.complete():
        return redirect(next_url(answers))
    facts = _facts(answers)
    assessment = _assess(*facts)
    return render(
        request,
        "journey/result.html",
        {
            # Everything the page shows, for the template's {% cache %}: the facts and who asks.
            "result_key": (*facts, answers.who),
            "assessment": assessment,
            "text": page("result", answers.who),
            # Called inside the {% cache %} block: made only when the body is not kept.
            "parts": functools.partial(_result_parts, assessment),
        },
    )


def _result_parts(assessment: Assessment) -> dict[str, Any]:
    """What the result page shows besides the assessment: the next step and the routes by
    status, each as _route_part makes it (in full for the next step and the routes open now)."""
    content = load_content()
    # A council without a pack of its own shows the England pack's contacts: key them by it.
    council = content.local_authority(assessment.local_authority)
    pack = council.content_pack if council is not None else assessment.local_authority
    concern = assessment.concern
    next_step = assessment.route(assessment.next_step)
    groups = [
        (key, [r for r in assessment.routes if r.status == status])
        for key, status in (
            ("open", "available"),
            ("not_yet", "not-yet"),
            ("not_applicable", "not-applicable"),
            ("closed", "closed"),
        )
    ]
    return {
        "next_step": _route_part("next", pack, next_step, concern),
        "next_step_name": next_step.name,
        "concern_label": content.concerns[concern].label_for(assessment.asker),
        "groups": [
            (
                key,
                [
                    _route_part("open" if key == "open" else "route", pack, r, concern)
                    for r in routes
                ],
            )
            for key, routes in groups
            if routes
        ],
    }


def _route_part(kind: str, pack: str, route: RouteResult, concern: str) -> dict[str, Any]:
    """What journey/_result_parts.html shows of one route: `kind` "next" for the next step,
    "open" for a route open now (both with the route's details and contact), else "route"."""
    content = load_content()
    details = content.routes[route.id]
    name = details.name
    part: dict[str, Any] = {
        "kind": kind,
        "route": route,
        # "More about: talk to the council's SEND team": only the first letter goes lower
        # case, so SEND, EHC and the names of bodies keep their capitals.
        "more_about": name[:1].lower() + name[1:],
    }
    if kind in ("next", "open"):
        part["details"] = details.for_concern(concern)
        part["contact"] = content.local_authorities[pack].contacts.get(route.id)
    return part


@require_safe
@with_answers
def calendar(request: HttpRequest, answers: Answers) -> HttpResponse:
    if not answers.complete():
        return redirect(next_url(answers))
    from send_redress.ics import deadlines_to_ics

    assessment = _assessment(answers)
    response = HttpResponse(
        deadlines_to_ics(assessment.deadlines), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="send-redress-deadlines.ics"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET"])
def restart(request: HttpRequest) -> HttpResponse:
    return render(request, "journey/restart.html", {"text": page("restart")})


# Session keys that are the sign-in itself (Django's auth, django-otp's second factor), kept
# when a signed-in person starts again; everything else is something the visitor entered.
SIGN_IN_KEYS = ("_auth_", "otp_")


@require_POST
def start_again(request: HttpRequest) -> HttpResponse:
    """Forget everything the visitor entered (issue 12: a drafted letter's name and address
    stayed for the next person at the same computer), keeping only a sign-in."""
    if not request.user.is_authenticated:
        request.session.flush()
    else:
        entered = [k for k in request.session.keys() if not k.startswith(SIGN_IN_KEYS)]  # noqa: SIM118 (a session cannot be iterated)
        for key in entered:
            del request.session[key]
    return redirect("journey:question", "who")
