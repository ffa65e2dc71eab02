"""Draft a letter from a case file, and save it to the case.

The same pages as the journey's (`views.py`), with the facts taken from the case's events
(`web.cases.deadlines.facts_for`) instead of the session's journey. Only someone who may change
the case (`access.can_change`: its owner) drafts or saves: every URL goes through `case_view`.
The answers are kept in the session per case and letter type; the URLs carry only the case's
public id, the letter type and the page.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from send_redress import long_date
from send_redress.letters import LETTER_TYPES, Letter, to_docx, to_pdf
from web.cases import documents, services
from web.cases.deadlines import facts_for
from web.cases.models import Case, Document
from web.cases.views import LETTER_SAVED_KEY, case_view

from . import views
from .views import Draft


def case_draft(request: HttpRequest, case: Case, letter_type: str) -> Draft:
    cid = case.public_id
    return Draft(
        request,
        letter_type,
        facts_for(case, case.events.only("case_id", "kind", "date")),
        who="parent",
        key=f"case-{cid}-{letter_type}",
        url=lambda name, *args: reverse(f"cases:letter_{name}", args=[cid, letter_type, *args]),
        back_url=reverse("cases:dashboard", args=[cid]) + "#letters",
        can_save=True,
    )


def with_case_draft(
    view: Callable[..., HttpResponse], *, pass_case: bool = False
) -> Callable[..., HttpResponse]:
    """The case's draft of this letter (and the case, with `pass_case`); unknown letter types
    are 404, so are letters for a route that is not open for the case."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, case: Case, letter_type: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        if letter_type not in LETTER_TYPES:
            raise Http404
        draft = case_draft(request, case, letter_type)
        if not draft.offered():
            dashboard = reverse("cases:dashboard", args=[case.public_id])
            return views.not_offered(request, draft, dashboard, "Go back to the case")
        if pass_case:
            return view(request, case, draft, *args, **kwargs)
        return view(request, draft, *args, **kwargs)

    return case_view(change=True)(wrapper)


def document_title(letter_name: str, letter: Letter) -> str:
    """'A letter to the mediation adviser, 1 February 2027' (no extension)."""
    return f"{letter_name[:1].upper()}{letter_name[1:]}, {long_date(letter.date)}"


def save_letter(case: Case, letter: Letter, title: str, *, by: Any) -> list[Document]:
    """The letter as PDF and DOCX, added to the case's documents in one transaction. Files of a
    failed save are removed (services.add_document removes only its own on its own failure)."""
    files = [(f"{title}.pdf", to_pdf(letter)), (f"{title}.docx", to_docx(letter))]
    made: list[Document] = []
    try:
        with transaction.atomic():
            for name, data in files:
                checked = documents.check(io.BytesIO(data), name, len(data))
                made.append(services.add_document(case, checked, io.BytesIO(data), by=by))
    except BaseException:
        documents.remove([d.storage_name for d in made])
        raise
    return made


def save_page(request: HttpRequest, case: Case, draft: Draft) -> HttpResponse:
    letter = draft.finished_letter()
    if letter is None:
        return redirect(draft.url("check"))
    title = document_title(draft.text.name, letter)
    save_letter(case, letter, title, by=request.user)
    request.session[LETTER_SAVED_KEY] = title
    return redirect(reverse("cases:dashboard", args=[case.public_id]) + "#documents")


start = require_safe(with_case_draft(views.start_page))
page = require_http_methods(["GET", "POST"])(with_case_draft(views.question_page))
check = require_safe(with_case_draft(views.check_page_view))
download = require_safe(with_case_draft(views.download_file))
notes = require_safe(with_case_draft(views.notes_page))
notes_download = require_safe(with_case_draft(functools.partial(views.download_file, notes=True)))
save = require_POST(with_case_draft(save_page, pass_case=True))
