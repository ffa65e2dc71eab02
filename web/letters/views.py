"""Draft a letter: a few short pages of questions, a preview, downloads.

Two sources of facts share these pages: the visitor's finished journey (the result page's
links, `letters:*` URLs, here) and a parent's case file (its events; `cases:letter_*` URLs,
`case_views.py`). Each builds a `Draft` and calls the same `page`, `check` and `download`
functions below.

The letter is offered only for a route that is open for the case (recommended or available).
Answers live in the server-side session under "letters", one dict per draft (`Draft.key`), and
are checked by the core every time they are read (never trusted more than a form). The preview
and the three downloads all come from one `draft_letter()` call.
"""

from __future__ import annotations

import functools
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
    render_notes,
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


class Draft:
    """One letter being drafted: its facts, their assessment, and the saved answers.

    `key` names the answers in the session; `url(name, *args)` gives this draft's URL for
    "page", "check", "download" and (for a case) "save"; `back_url` is where the first page's
    back link goes.
    """

    def __init__(
        self,
        request: HttpRequest,
        letter_type: str,
        facts: Facts,
        *,
        who: str,
        key: str,
        url: Callable[..., str],
        back_url: str,
        can_save: bool = False,
    ) -> None:
        self.request = request
        self.letter_type = letter_type
        self.text = load_letters().letters[letter_type]
        self.who = who
        self.facts = facts
        self.assessment: Assessment = assess(facts)
        self.key = key
        self.url = url
        self.back_url = back_url
        self.can_save = can_save

    def offered(self) -> bool:
        statuses = {r.id: r.status for r in self.assessment.routes}
        return any(statuses.get(route) in OPEN for route in self.text.routes)

    @property
    def saved(self) -> dict[str, Any]:
        """The saved answers, re-checked: anything the core cannot read is dropped."""
        stored = self.request.session.get(SESSION_KEY, {})
        raw = stored.get(self.key) if isinstance(stored, dict) else None
        if not isinstance(raw, dict):
            return {}
        details, problems = convert_details(raw)
        bad = {p.field for p in problems}
        return {k: v for k, v in details.to_jsonable().items() if k not in bad}

    def save(self, answers: dict[str, Any]) -> None:
        stored = self.request.session.get(SESSION_KEY)
        stored = dict(stored) if isinstance(stored, dict) else {}
        stored[self.key] = answers
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
        seen = self.request.session.get(f"{SESSION_KEY}-seen", {})
        return set(seen.get(self.key, [])) >= set(self.pages())

    def mark_seen(self, page: str) -> None:
        seen = dict(self.request.session.get(f"{SESSION_KEY}-seen", {}))
        pages = set(seen.get(self.key, [])) | {page}
        seen[self.key] = sorted(pages)
        self.request.session[f"{SESSION_KEY}-seen"] = seen

    def letter(self) -> Letter:
        details = parse_details(self.letter_type, self.saved, self.facts)
        return draft_letter(self.letter_type, self.facts, details, self.assessment)

    def finished_letter(self) -> Letter | None:
        """The letter, or None while an answer is missing or the core refuses the details."""
        if self.first_unfinished() is not None:
            return None
        try:
            return self.letter()
        except LetterError:
            return None

    def caption(self) -> str:
        return str(words()["caption"]).format(letter=self.text.name)


def not_offered(
    request: HttpRequest, draft: Draft, link_url: str, link_text: str = ""
) -> HttpResponse:
    return render(
        request,
        "letters/not_offered.html",
        {"text": words()["not_offered"], "link_url": link_url, "link_text": link_text},
        status=404,
    )


def journey_draft(request: HttpRequest, letter_type: str, answers: Answers) -> Draft:
    return Draft(
        request,
        letter_type,
        answers.to_facts(today()),
        who=answers.who,
        key=letter_type,
        url=lambda name, *args: reverse(f"letters:{name}", args=[letter_type, *args]),
        back_url=reverse("journey:result"),
    )


def with_journey(view: View) -> View:
    """Give the view the journey's draft; unknown letters are 404, unfinished journeys go back
    to it."""

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
        draft = journey_draft(request, letter_type, answers)
        if not draft.offered():
            return not_offered(request, draft, reverse("journey:result"))
        return view(request, draft, *args, **kwargs)

    return wrapper


# The shared pages: each takes a Draft, whichever its source.


def start_page(request: HttpRequest, draft: Draft) -> HttpResponse:
    return redirect(draft.url("page", draft.pages()[0]))


def _back(draft: Draft, page: str) -> str:
    pages = draft.pages()
    index = pages.index(page)
    if index == 0:
        return draft.back_url
    return draft.url("page", pages[index - 1])


def _next(draft: Draft, page: str) -> str:
    if draft.seen_every_page():
        unfinished = draft.first_unfinished()
        if unfinished is None:
            return draft.url("check")
        return draft.url("page", unfinished)
    pages = draft.pages()
    index = pages.index(page)
    if index + 1 < len(pages):
        return draft.url("page", pages[index + 1])
    return draft.url("check")


def question_page(request: HttpRequest, draft: Draft, page: str) -> HttpResponse:
    if page not in draft.pages():
        raise Http404
    saved = draft.saved
    details, _ = convert_details(saved)
    required = required_fields(draft.letter_type, draft.facts, details)
    questions = tuple(
        question(
            name,
            draft.who,
            letter_type=draft.letter_type,
            today=draft.facts.today,
            required=name in required,
        )
        for name in page_fields(draft.letter_type, draft.facts, page)
    )
    if request.method == "POST":
        form = PageForm(request.POST, questions=questions)
        answers = check_page(draft.letter_type, draft.facts, form, saved)
        if answers is not None:
            draft.save(answers)
            draft.mark_seen(page)
            return redirect(_next(draft, page))
    else:
        form = PageForm(initial=initial_values(saved, questions), questions=questions)
    page_words = words()["pages"][page]
    return render(
        request,
        "letters/page.html",
        {
            "form": form,
            "questions": questions,
            "title": pick(page_words["title"], draft.who),
            "intro": page_words.get("intro", ""),
            "caption": draft.caption(),
            "young_person_note": words()["young_person_note"]
            if draft.who == "young-person" and page == draft.pages()[0]
            else "",
            "back_url": _back(draft, page),
            "words": words(),
        },
    )


def check_page_view(request: HttpRequest, draft: Draft) -> HttpResponse:
    unfinished = draft.first_unfinished()
    if unfinished is not None:
        return redirect(draft.url("page", unfinished))
    try:
        letter = draft.letter()
    except LetterError:
        return redirect(draft.url("page", draft.pages()[0]))
    text = words()["check"]
    rows = [
        {
            "key": {"text": pick(words()["pages"][p]["title"], draft.who)},
            "value": {"text": _summary(draft, p)},
            "actions": {
                "items": [
                    {
                        "href": draft.url("page", p),
                        "text": text["change"],
                        "visuallyHiddenText": pick(words()["pages"][p]["title"], draft.who).lower(),
                    }
                ]
            },
        }
        for p in draft.pages()
    ]
    downloads = [
        {"href": draft.url("download", ext), "text": text["formats"][DOWNLOADS[ext]], "ext": ext}
        for ext in ("docx", "pdf", "txt")
    ]
    return render(
        request,
        "letters/check.html",
        {
            "text": text,
            "caption": draft.caption(),
            "letter": letter,
            "letter_html": mark_safe(  # every piece of text is escaped by letter_body_html
                letter_body_html(letter, level=3, classes=GOVUK_CLASSES)
            ),
            "rows": rows,
            "downloads": downloads,
            "save_url": draft.url("save") if draft.can_save else None,
            "notes_url": draft.url("notes"),
            "back_url": draft.url("page", draft.pages()[-1]),
        },
    )


def notes_page(request: HttpRequest, draft: Draft) -> HttpResponse:
    """The notes for the sender on a page of their own (issue 15): what to check and the time
    limits still running. They are never in the letter's files; they can be a file of their
    own."""
    letter = draft.finished_letter()
    if letter is None:
        return redirect(draft.url("check"))
    text = words()["notes"]
    downloads = [
        {
            "href": draft.url("notes_download", ext),
            "text": text["formats"][DOWNLOADS[ext]],
            "ext": ext,
        }
        for ext in ("pdf", "txt")
    ]
    return render(
        request,
        "letters/notes.html",
        {
            "text": text,
            "caption": draft.caption(),
            "letter": letter,
            "downloads": downloads,
            "back_url": draft.url("check"),
        },
    )


def _summary(draft: Draft, page: str) -> str:
    """A short summary of one page's answers for the check page."""
    saved = draft.saved
    parts = []
    for name in page_fields(draft.letter_type, draft.facts, page):
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


def download_file(
    request: HttpRequest, draft: Draft, ext: str, *, notes: bool = False
) -> HttpResponse:
    """The letter only, or with `notes` the notes for the sender, as a file."""
    if ext not in DOWNLOADS:
        raise Http404
    letter = draft.finished_letter()
    if letter is None:
        return redirect(draft.url("check"))
    make = render_notes if notes else render_letter
    response = HttpResponse(make(letter, DOWNLOADS[ext]), content_type=MEDIA[ext])
    what = "-notes" if notes else ""
    name = f"{draft.letter_type}{what}-{letter.date.isoformat()}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


# The journey's URLs (letters:*).

start = require_safe(with_journey(start_page))
page = require_http_methods(["GET", "POST"])(with_journey(question_page))
check = require_safe(with_journey(check_page_view))
download = require_safe(with_journey(download_file))
notes = require_safe(with_journey(notes_page))
notes_download = require_safe(with_journey(functools.partial(download_file, notes=True)))
