"""The guided journey: a few questions, check your answers, then the result.

Answers live in the server-side session (never the URL). Every page reads them through
`Answers.from_session`, so unusable answers lead to a polite restart, never an error. The
result, the calendar file and `send-redress assess` all come from one `assess()` call.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from send_redress import (
    EVENTS_BY_CONCERN,
    Assessment,
    assess,
    event_order_for,
    load_content,
    long_date,
)

from .answers import QUESTIONS, SESSION_KEY, Answers, UnusableAnswers
from .clock import today
from .forms import ChoiceForm, DateForm, EventsForm
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
            return reverse("journey:question", args=[question])
    number = answers.missing_date()
    if number is not None:
        return reverse("journey:date", args=[number])
    return reverse("journey:check")


def _previous_url(answers: Answers, position: tuple[str, int]) -> str:
    """The page before this one in the journey, for the back link."""
    sequence = [("question", q) for q in QUESTIONS]
    sequence += [("date", n) for n in range(1, len(answers.events or ()) + 1)]
    sequence.append(("check", 0))
    index = sequence.index(position) if position in sequence else 0
    if index == 0:
        return reverse("pages:start")
    kind, key = sequence[index - 1]
    if kind == "question":
        return reverse("journey:question", args=[key])
    return reverse("journey:date", args=[key])


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return redirect("journey:question", "who")


def _choices(question: str, answers: Answers) -> list[tuple[str, str]]:
    content = load_content()
    if question == "who":
        return list(pages()["who"]["options"].items())
    if question == "council":
        return list(pages()["council"]["options"].items())
    if question == "setting":
        return [(s.id, s.label) for s in content.settings.values()]
    if question == "concern":
        return [(c.id, c.label) for c in content.concerns.values()]
    concern = str(answers.concern)
    return [(e, content.events[e].label) for e in EVENTS_BY_CONCERN[concern]]


def _hints(question: str, answers: Answers) -> dict[str, str]:
    content = load_content()
    if question == "concern":
        return {c.id: c.hint for c in content.concerns.values() if c.hint}
    if question == "events":
        return {e.id: e.hint for e in content.events.values() if e.hint}
    return {}


@require_http_methods(["GET", "POST"])
@with_answers
def question(request: HttpRequest, answers: Answers, slug: str) -> HttpResponse:
    if slug not in QUESTIONS:
        raise Http404
    earlier = QUESTIONS[: QUESTIONS.index(slug)]
    if not all(answers.answered(q) for q in earlier):
        return redirect(next_url(answers))

    choices = _choices(slug, answers)
    error = text(slug, "error", answers.who) if slug != "events" else ""
    data = request.POST if request.method == "POST" else None
    current = getattr(answers, slug)
    if slug == "events":
        initial = {"answer": list(current) if current else (["none"] if current == () else [])}
        form: EventsForm | ChoiceForm = EventsForm(data, choices=choices, initial=initial)
    else:
        form = ChoiceForm(data, choices=choices, error=error, initial={"answer": current})
    if data is not None and form.is_valid():
        answers = answers.with_answer(slug, form.cleaned_data["answer"])
        _save(request, answers)
        return redirect(next_url(answers))

    return render(
        request,
        "journey/question.html",
        {
            "form": form,
            "slug": slug,
            "text": page(slug, answers.who),
            "hints": _hints(slug, answers),
            "multiple": slug == "events",
            "back_url": _previous_url(answers, ("question", slug)),
        },
    )


@require_http_methods(["GET", "POST"])
@with_answers
def date_question(request: HttpRequest, answers: Answers, number: int) -> HttpResponse:
    events = answers.events or ()
    if not all(answers.answered(q) for q in QUESTIONS) or not 1 <= number <= len(events):
        return redirect(next_url(answers))
    event_type = events[number - 1]
    content = load_content()
    not_before = _not_before(answers, event_type)
    data = request.POST if request.method == "POST" else None
    current = answers.dates.get(event_type)
    initial = (
        {"day": current.day, "month": current.month, "year": current.year} if current else None
    )
    form = DateForm(
        data,
        initial=initial,
        today=today(),
        not_before=not_before,
        not_after=_not_after(answers, event_type),
    )
    if data is not None and form.is_valid():
        answers = answers.with_date(event_type, form.cleaned_data["answer"])
        _save(request, answers)
        return redirect(next_url(answers))
    return render(
        request,
        "journey/date.html",
        {
            "form": form,
            "question": pages()["date"]["questions"][event_type],
            "hint": text("date", "hint"),
            "event_hint": content.events[event_type].hint,
            "back_url": _previous_url(answers, ("date", number)),
        },
    )


def _not_before(answers: Answers, event_type: str) -> tuple[str, date] | None:
    """The latest date this event must not come before, with the earlier event's label."""
    content = load_content()
    earlier = [
        (answers.dates[before], content.events[before].label)
        for later, before in event_order_for(str(answers.concern))
        if later == event_type and before in answers.dates
    ]
    if not earlier:
        return None
    day, label = max(earlier)
    return label, day


def _not_after(answers: Answers, event_type: str) -> tuple[str, date] | None:
    """The earliest date this event must not come after (a later event already has a date:
    a Change link from check your answers), with that event's label."""
    content = load_content()
    later = [
        (answers.dates[after], content.events[after].label)
        for after, before in event_order_for(str(answers.concern))
        if before == event_type and after in answers.dates
    ]
    if not later:
        return None
    day, label = min(later)
    return label, day


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
            pages()["council"]["options"][answers.council],
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
            content.concerns[str(answers.concern)].label,
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
                pages()["date"]["questions"][event_type],
                long_date(answers.dates[event_type]),
                "date",
                number,
            )
        )
    return render(
        request,
        "journey/check.html",
        {
            "rows": rows,
            "text": page("check", who),
            "back_url": _previous_url(answers, ("check", 0)),
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
        "href": reverse(f"journey:{kind}", args=[target]),
        "hidden": key[0].lower() + key[1:],
    }


def _assessment(answers: Answers) -> Assessment:
    return assess(answers.to_facts(today()))


@require_safe
@with_answers
def result(request: HttpRequest, answers: Answers) -> HttpResponse:
    if not answers.complete():
        return redirect(next_url(answers))
    assessment = _assessment(answers)
    content = load_content()
    groups = [
        (key, [r for r in assessment.routes if r.status == status])
        for key, status in (
            ("open", "available"),
            ("not_yet", "not-yet"),
            ("not_applicable", "not-applicable"),
            ("closed", "closed"),
        )
    ]
    return render(
        request,
        "journey/result.html",
        {
            "assessment": assessment,
            "next": assessment.route(assessment.next_step),
            "routes_text": content.routes,
            "concern_label": content.concerns[assessment.concern].label,
            "groups": [(key, routes) for key, routes in groups if routes],
            "text": page("result", answers.who),
        },
    )


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


@require_POST
def start_again(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("journey:question", "who")
