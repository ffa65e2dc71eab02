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
from datetime import date
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe

from send_redress import Assessment, Facts, assess, long_date
from send_redress.letters import (
    FIELDS,
    GOVUK_CLASSES,
    LETTER_TYPES,
    Letter,
    LetterError,
    convert_details,
    draft_letter,
    fits_case,
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
SENDER_KEY = "letters-sender"
"""The sender's own details from the last letter they drafted in this session (issue 15:
asked once): offered to every later letter, and changeable there."""
SENDER_FIELDS = ("sender_name", "sender_address", "sender_email", "sender_phone")
SKIPPABLE_PAGES = ("you", "child")
"""Pages not asked again when what they need is already known (from the account, the case or
an earlier letter); their answers show on the check page with a Change link."""
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
        known: dict[str, Any] | None = None,
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
        self.known = known or {}
        """Answers known before anything is asked (the child's name and date of birth from
        the case, the account's email address): used until the parent answers that page."""

    def offered(self) -> bool:
        statuses = {r.id: r.status for r in self.assessment.routes}
        return any(statuses.get(route) in OPEN for route in self.text.routes) and fits_case(
            self.letter_type, self.facts, self.assessment
        )

    @property
    def saved(self) -> dict[str, Any]:
        """The answers, re-checked: anything the core cannot read is dropped. Until a page has
        been answered, what is already known fills its fields (prefilled, never forced)."""
        stored = self.request.session.get(SESSION_KEY, {})
        raw = stored.get(self.key) if isinstance(stored, dict) else None
        raw = raw if isinstance(raw, dict) else {}
        answered = self._answered_fields()
        fields = set(self._fields())
        prefill = {
            k: v
            for k, v in self.prefill().items()
            if k in fields and k not in answered and v not in (None, "", [])
        }
        details, problems = convert_details(prefill | raw)
        bad = {p.field for p in problems}
        return {k: v for k, v in details.to_jsonable().items() if k not in bad}

    def prefill(self) -> dict[str, Any]:
        """What is known before asking: the account and the case (`known`), then the sender's
        details from their last letter in this session."""
        sender = self.request.session.get(SENDER_KEY)
        sender = (
            {k: v for k, v in sender.items() if k in SENDER_FIELDS}
            if isinstance(sender, dict)
            else {}
        )
        return {**self.known, **sender}

    def _fields(self) -> tuple[str, ...]:
        from .questions import fields_for

        return fields_for(self.letter_type, self.facts)

    def _answered_fields(self) -> set[str]:
        seen = self.request.session.get(f"{SESSION_KEY}-seen", {})
        pages = seen.get(self.key, []) if isinstance(seen, dict) else []
        return {
            f
            for p in self.pages()
            if p in pages
            for f in page_fields(self.letter_type, self.facts, p)
        }

    def save(self, answers: dict[str, Any]) -> None:
        stored = self.request.session.get(SESSION_KEY)
        stored = dict(stored) if isinstance(stored, dict) else {}
        stored[self.key] = answers
        self.request.session[SESSION_KEY] = stored
        self.request.session[SENDER_KEY] = {k: answers[k] for k in SENDER_FIELDS if k in answers}

    def known_page(self, page: str) -> bool:
        """A page whose required answers were all known before it was asked: not asked again
        (issue 15: asked once). Its answers show on the check page, with a Change link."""
        if page not in SKIPPABLE_PAGES:
            return False
        details, _ = convert_details(self.saved)
        required = required_fields(self.letter_type, self.facts, details)
        names = page_fields(self.letter_type, self.facts, page)
        given = details.given()
        return any(n in given for n in names) and all(n in given for n in names if n in required)

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
        known = {p for p in self.pages() if self.known_page(p)}
        return set(seen.get(self.key, [])) | known >= set(self.pages())

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
    facts = answers.to_facts(today())  # raises unless the journey is finished, `who` and all
    return Draft(
        request,
        letter_type,
        facts,
        who=facts.asker,
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
    """The first page to ask: pages already known (the sender, the child) are skipped."""
    to_ask = [p for p in draft.pages() if not draft.known_page(p)]
    return redirect(draft.url("page", to_ask[0]) if to_ask else draft.url("check"))


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
    later = [p for p in pages[pages.index(page) + 1 :] if not draft.known_page(p)]
    return draft.url("page", later[0]) if later else draft.url("check")


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
    rows = _answer_rows(draft, text["change"])
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


def _answer_rows(draft: Draft, change: str) -> list[dict[str, Any]]:
    """The check page's answers: one row per answer given, each with its question and a
    Change link to its page. Dates read as dates, an address as its lines (issue 15)."""
    saved = draft.saved
    rows = []
    for page in draft.pages():
        for name in page_fields(draft.letter_type, draft.facts, page):
            value = saved.get(name)
            if value in (None, "", [], False):
                continue
            label = str(pick(words()["fields"][name]["label"], draft.who)).removesuffix(
                " (optional)"
            )
            rows.append(
                {
                    "key": {"text": label},
                    "value": _answer_value(name, value),
                    "actions": {
                        "items": [
                            {
                                "href": draft.url("page", page),
                                "text": change,
                                "visuallyHiddenText": label[:1].lower() + label[1:],
                            }
                        ]
                    },
                }
            )
    return rows


def _answer_value(name: str, value: Any) -> dict[str, Any]:
    kind = FIELDS[name].kind
    if isinstance(value, list):
        # An address: its lines, one a line; a list of points: each point, one a line.
        return {"html": mark_safe("<br>".join(escape(line) for line in value))}
    if kind == "date":
        return {"text": long_date(date.fromisoformat(value))}
    if value is True:
        return {"text": str(words()["fields"][name].get("option", "Yes"))}
    options = words()["fields"][name].get("options", {})
    return {"text": str(options.get(value, value))}


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
