"""Draft a letter from a case file, and save it to the case.

The same pages as the journey's (`views.py`), with the facts taken from the case's events
(`web.cases.deadlines.facts_for`) instead of the session's journey. Only the parent, or the
adviser acting for the family (`access.can_act_for_family`), drafts or saves: every URL goes
through `case_view`.
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

from send_redress import load_content, long_date
from send_redress.letters import LETTER_TYPES, Letter, to_docx, to_pdf
from web.cases import documents, services
from web.cases.deadlines import facts_for
from web.cases.models import NOTE, Case, Document
from web.cases.views import LETTER_SAVED_KEY, case_view

from . import views
from .views import Draft


def known_from_case(case: Case, user: Any, letter_type: str) -> dict[str, Any]:
    """What a letter from this case need not ask (issue 15): the child's name and date of
    birth, the account's email address, the council's name, and for the mediation adviser's
    letter the service the council's pack names. Each is only a first answer: the parent can
    change it on its page."""
    content = load_content()
    known: dict[str, Any] = {
        "child_name": case.child_name,
        "child_date_of_birth": case.child_date_of_birth.isoformat(),
        "sender_email": getattr(user, "email", ""),
    }
    council = content.councils.get(case.council)
    if council is not None:
        known["council_name"] = council.name
    pack = content.local_authority(case.council)
    if letter_type == "mediation-adviser" and pack is not None and pack.has_own_pack:
        mediation = pack.contacts.get("mediation")
        if mediation is not None:
            known["recipient_organisation"] = mediation.name
    return known


def case_draft(request: HttpRequest, case: Case, letter_type: str) -> Draft:
    cid = case.public_id
    return Draft(
        request,
        letter_type,
        facts_for(case, case.events.only("case_id", "kind", "date")),
        who="parent",
        key=f"case-{cid}-{letter_type}",
        url=lambda name, *args: reverse(f"cases:letter_{name}", args=[cid, letter_type, *args]),
        back_url=reverse(
            "cases:dashboard" if case.owner_id == request.user.pk else "advisers:case", args=[cid]
        )
        + "#letters",
        can_save=True,
        known=known_from_case(case, request.user, letter_type),
    )


def with_case_draft(
    view: Callable[..., HttpResponse], *, reads: str | None = "a letter", pass_case: bool = False
) -> Callable[..., HttpResponse]:
    """The case's draft of this letter (and the case, with `pass_case`); unknown letter types
    are 404, so are letters for a route that is not open for the case. `reads` names the page
    in the case's audit trail (`case_view`)."""

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

    # The parent, or the adviser acting for the family with their consent (issue 18).
    return case_view(reads=reads, act=True)(wrapper)


def document_title(letter_name: str, letter: Letter) -> str:
    """'A letter to the mediation adviser, 1 February 2027' (no extension)."""
    return f"{letter_name[:1].upper()}{letter_name[1:]}, {long_date(letter.date)}"


def recipient_of(letter: Letter) -> str:
    """Whom the letter is to, in one line: "The SEND team, Bedford Borough Council"."""
    return ", ".join(letter.recipient[:2])


def sent_note(letter: Letter) -> str:
    """The timeline's words for a saved letter (issue 15), with the date to chase a reply."""
    words = f"Letter sent to {recipient_of(letter) or 'them'}: {letter.subject}."
    if letter.response_date is not None:
        words += (
            f" It asks for a reply by {long_date(letter.response_date)}."
            f" If none has come by then, chase it."
        )
    return words


FILE_KINDS = {"pdf": "PDF", "docx": "Word"}
SAVED = "a letter (saved to the case)"


def save_letter(case: Case, letter: Letter, title: str, *, by: Any) -> list[Document]:
    """The letter as PDF and DOCX (the letter only), added to the case's documents with a
    "Letter sent to ..." entry on the timeline, in one transaction. Files of a failed save are
    removed (services.add_document removes only its own on its own failure)."""
    files = [(f"{title}.pdf", to_pdf(letter)), (f"{title}.docx", to_docx(letter))]
    name_only = title.removesuffix(f", {long_date(letter.date)}")
    made: list[Document] = []
    try:
        with transaction.atomic():
            event = None
            if services.has_room_for_an_event(case):
                event = services.add_event(
                    case,
                    by=by,
                    kind=NOTE,
                    day=letter.date,
                    what=sent_note(letter),  # `who` stays empty: the timeline shows "by <who>"
                    audit_what=SAVED,
                )
            for name, data in files:
                checked = documents.check(io.BytesIO(data), name, len(data))
                made.append(
                    services.add_document(
                        case,
                        checked,
                        io.BytesIO(data),
                        by=by,
                        event=event,
                        # "A letter to the SEND team (PDF)", dated: the chronology adds the date
                        title=f"{name_only} ({FILE_KINDS[checked.kind]})",
                        dated=letter.date,
                        audit_what=SAVED,
                    )
                )
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
    return redirect(reverse("cases:dashboard", args=[case.public_id]) + "#timeline")


start = require_safe(with_case_draft(views.start_page))
page = require_http_methods(["GET", "POST"])(with_case_draft(views.question_page))
check = require_safe(with_case_draft(views.check_page_view))
download = require_safe(with_case_draft(views.download_file, reads="a letter (download)"))
notes = require_safe(with_case_draft(views.notes_page))
notes_download = require_safe(
    with_case_draft(
        functools.partial(views.download_file, notes=True), reads="a letter's notes (download)"
    )
)
save = require_POST(with_case_draft(save_page, reads=None, pass_case=True))
