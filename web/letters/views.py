"""Draft a letter from the result page: a few short pages of questions, a preview, downloads.

The letter is offered only for a route that is open for the case (recommended or available).
Answers live in the server-side session under "letters", one dict per letter type, and are
checked by the core every time they are read (never trusted more than a form). The preview and
the three downloads all come from one `draft_letter()` call.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe

from send_redress import Assessment, Facts, assess
from send_redress.letters import (
    GOVUK_CLASSES,
    LETTER_TYPES,
    Letter,
    LetterError,
    convert_details,
    draft_letter,
    letter_body_html,
    load_letters,
    parse_details,
)
from send_redress.letters import render as render_letter
from web.journey.answers import SESSION_KEY as JOURNEY_KEY
from web.journey.answers import Answers, UnusableAnswers
from web.journey.clock import today

from .questions import (
    PageForm,
    check_page,
    initial_values,
    page_fields,
    pages_for,
    pick,
    question,
    required_fields,
    words,
)

SESSION_KEY = "letters"
OPEN = ("recommended", "available")
DOWNLOADS = {"docx": "docx", "pdf": "pdf", "txt": "text"}
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
}

View = Callable[..., HttpResponse]


class Case:
    """The visitor's finished journey, its assessment, and one letter's saved answers."""

    def __init__(self, request: HttpRequest, letter_type: str, answers: Answers) -> None:
        self.request = request
        self.letter_type = letter_type
        self.text = load_letters().letters[letter_type]
        self.who = answers.who
        self.facts: Facts = answers.to_facts(today())
        self.assessment: Assessment = assess(self.facts)

    def offered(self) -> bool:
        statuses = {r.id: r.status for r in self.assessment.routes}
        return any(statuses.get(route) in OPEN for route in self.text.routes)

    @property
    def saved(self) -> dict[str, Any]:
        """The saved answers, re-checked: anything the core cannot read is dropped."""
        stored = self.request.session.get(SESSION_KEY, {})
        raw = stored.get(self.letter_type) if isinstance(stored, dict) else None
        if not isinstance(raw, dict):
            return {}
        details, problems = convert_details(raw)
        bad = {p.field for p in problems}
        return {k: v for k, v in details.to_jsonable().items() if k not in bad}

    def save(self, answers: dict[str, Any]) -> None:
        stored = self.request.session.get(SESSION_KEY)
        stored = dict(stored) if isinstance(stored, dict) else {}
        stored[self.letter_type] = answers
        self.request.session[SESSION_KEY] = stored

    def pages(self) -> tuple[str, ...]:
        return pages_for(self.letter_type, self.facts)

    def first_unfinished(self) -> str | None:
        """The first page with a required answer still missing, or None when all are done."""
        details, _ = convert_details(self.saved)
        required = required_fields(self.letter_type, self.facts, details)
        given = details.given()
        for page in self.pages():
            if any(
                f in required and f not in given
                for f in page_fields(self.letter_type, self.facts, page)
            ):
                return page
        return None

    def seen_every_page(self) -> bool:
        return set(
            self.request.session.get(f"{SESSION_KEY}-seen", {}).get(self.letter_type, [])
        ) >= set(self.pages())

    def mark_seen(self, page: str) -> None:
        seen = dict(self.request.session.get(f"{SESSION_KEY}-seen", {}))
        pages = set(seen.get(self.letter_type, [])) | {page}
        seen[self.letter_type] = sorted(pages)
        self.request.session[f"{SESSION_KEY}-seen"] = seen

    def letter(self) -> Letter:
        details = parse_details(self.letter_type, self.saved, self.facts)
        return draft_letter(self.letter_type, self.facts, details, self.assessment)

    def caption(self) -> str:
        return str(words()["caption"]).format(letter=self.text.name)


def with_case(view: View) -> View:
    """Give the view the case; unknown letters are 404, unfinished journeys go back to it."""

    @wraps(view)
    def wrapper(request: HttpRequest, letter_type: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if letter_type not in LETTER_TYPES:
            raise Http404
        try:
            answers = Answers.from_session(request.session.get(JOURNEY_KEY))
        except UnusableAnswers:
            return redirect("journey:restart")
        if not answers.complete():
            return redirect("journey:start")
        case = Case(request, letter_type, answers)
        if not case.offered():
            return render(
                request,
                "letters/not_offered.html",
                {"text": words()["not_offered"], "case": case},
                status=404,
            )
        return view(request, case, *args, **kwargs)

    return wrapper


@require_safe
@with_case
def start(request: HttpRequest, case: Case) -> HttpResponse:
    return redirect("letters:page", case.letter_type, case.pages()[0])


def _back(case: Case, page: str) -> str:
    pages = case.pages()
    index = pages.index(page)
    if index == 0:
        return reverse("journey:result")
    return reverse("letters:page", args=[case.letter_type, pages[index - 1]])


def _next(case: Case, page: str) -> str:
    if case.seen_every_page():
        unfinished = case.first_unfinished()
        if unfinished is None:
            return reverse("letters:check", args=[case.letter_type])
        return reverse("letters:page", args=[case.letter_type, unfinished])
    pages = case.pages()
    index = pages.index(page)
    if index + 1 < len(pages):
        return reverse("letters:page", args=[case.letter_type, pages[index + 1]])
    return reverse("letters:check", args=[case.letter_type])


@require_http_methods(["GET", "POST"])
@with_case
def page(request: HttpRequest, case: Case, page: str) -> HttpResponse:
    if page not in case.pages():
        raise Http404
    saved = case.saved
    details, _ = convert_details(saved)
    required = required_fields(case.letter_type, case.facts, details)
    questions = tuple(
        question(
            name,
            case.who,
            letter_type=case.letter_type,
            today=case.facts.today,
            required=name in required,
        )
        for name in page_fields(case.letter_type, case.facts, page)
    )
    if request.method == "POST":
        form = PageForm(request.POST, questions=questions)
        answers = check_page(case.letter_type, case.facts, form, saved)
        if answers is not None:
            case.save(answers)
            case.mark_seen(page)
            return redirect(_next(case, page))
    else:
        form = PageForm(initial=initial_values(saved, questions), questions=questions)
    page_words = words()["pages"][page]
    return render(
        request,
        "letters/page.html",
        {
            "form": form,
            "questions": questions,
            "title": pick(page_words["title"], case.who),
            "intro": page_words.get("intro", ""),
            "caption": case.caption(),
            "young_person_note": words()["young_person_note"]
            if case.who == "young-person" and page == case.pages()[0]
            else "",
            "back_url": _back(case, page),
            "words": words(),
        },
    )


@require_safe
@with_case
def check(request: HttpRequest, case: Case) -> HttpResponse:
    unfinished = case.first_unfinished()
    if unfinished is not None:
        return redirect("letters:page", case.letter_type, unfinished)
    try:
        letter = case.letter()
    except LetterError:
        return redirect("letters:page", case.letter_type, case.pages()[0])
    text = words()["check"]
    rows = [
        {
            "key": {"text": pick(words()["pages"][p]["title"], case.who)},
            "value": {"text": _summary(case, p)},
            "actions": {
                "items": [
                    {
                        "href": reverse("letters:page", args=[case.letter_type, p]),
                        "text": text["change"],
                        "visuallyHiddenText": pick(words()["pages"][p]["title"], case.who).lower(),
                    }
                ]
            },
        }
        for p in case.pages()
    ]
    downloads = [
        {
            "href": reverse("letters:download", args=[case.letter_type, ext]),
            "text": text["formats"][DOWNLOADS[ext]],
            "ext": ext,
        }
        for ext in ("docx", "pdf", "txt")
    ]
    return render(
        request,
        "letters/check.html",
        {
            "text": text,
            "caption": case.caption(),
            "letter": letter,
            "letter_html": mark_safe(  # every piece of text is escaped by letter_body_html
                letter_body_html(letter, level=3, classes=GOVUK_CLASSES)
            ),
            "rows": rows,
            "downloads": downloads,
            "back_url": reverse("letters:page", args=[case.letter_type, case.pages()[-1]]),
        },
    )


def _summary(case: Case, page: str) -> str:
    """A short summary of one page's answers for the check page."""
    saved = case.saved
    parts = []
    for name in page_fields(case.letter_type, case.facts, page):
        value = saved.get(name)
        if value in (None, "", [], False):
            continue
        if isinstance(value, list):
            count = len(value)
            parts.append(f"{count} {'line' if count == 1 else 'lines'}")
        elif value is True:
            parts.append("Yes")
        else:
            options = words()["fields"][name].get("options", {})
            parts.append(str(options.get(value, value)))
    text = ", ".join(parts)
    return text if len(text) <= 120 else text[:117] + "..."


@require_safe
@with_case
def download(request: HttpRequest, case: Case, ext: str) -> HttpResponse:
    if ext not in DOWNLOADS:
        raise Http404
    if case.first_unfinished() is not None:
        return redirect("letters:check", case.letter_type)
    try:
        letter = case.letter()
    except LetterError:
        return redirect("letters:check", case.letter_type)
    response = HttpResponse(render_letter(letter, DOWNLOADS[ext]), content_type=MEDIA[ext])
    name = f"{case.letter_type}-{letter.date.isoformat()}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
