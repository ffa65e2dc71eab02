"""Case files: the dashboard, the timeline, documents and exports.

Every view that touches a case gets it from `access.case_for` (404 for anyone else's case),
and every deadline shown comes from `deadlines.assessment_for`, computed on each request.
"""

from __future__ import annotations

import bisect
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Sum, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from send_redress import EVENTS_BY_CONCERN, load_content, long_date, round_starts
from send_redress.ics import deadlines_to_ics
from web.common.forms import small_number
from web.common.glossary import link_terms
from web.common.letter_links import letters_for_open_routes
from web.common.responses import no_store
from web.journey.clock import today

from . import access, audit, documents, services, uploads
from .deadlines import (
    assessment_for,
    facts_for,
    focus_for,
    marks_by_deadline,
)
from .forms import CaseForm, DocumentDetailsForm, DocumentForm, EventForm
from .journey import finished_answers, forget_journey, initial_from
from .models import NOTE, Case, Document, Event

FEED_SESSION_KEY = "cases:new-feed-url"
LETTER_SAVED_KEY = "cases:letter-saved"  # set by web.letters.case_views.save: one banner


def size_error() -> str:
    return documents.size_error()


def case_view(*, reads: str | None, change: bool = False, act: bool = False) -> Callable[..., Any]:
    """Sign-in required; the view gets the case instead of its id, if this person may use it
    (`access.case_for`: `change` for the parent only, `act` for whoever acts for the family).

    `reads` is what the page shows of the case, for its audit trail (web.cases.audit): a GET
    that shows it (a 200, not a redirect or a 404) writes that this person looked at it. None
    where the view writes its own line (naming the document read). A change is written by the
    service that makes it, not here."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, case_id: Any, *args: Any, **kwargs: Any):
            case = access.case_for(request.user, case_id, change=change, act=act)
            response = view(request, case, *args, **kwargs)
            if reads and request.method in ("GET", "HEAD") and response.status_code == 200:
                audit.looked_at(request.user, case, reads)  # it showed them the page
            return response

        return wrapper

    return decorate


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    cases = list(access.visible_cases(request.user))
    shared = [
        c.case  # web.family's Carer rows, through their relation's name
        for c in request.user.cases_as_carer.active().select_related("case")  # type: ignore[union-attr]
        if access.is_carer(request.user, c.case)
    ]
    return render(request, "cases/index.html", {"cases": cases, "shared_with_me": shared})


@require_http_methods(["GET", "POST"])
@login_required
def new(request: HttpRequest) -> HttpResponse:
    answers = finished_answers(request) if request.GET.get("from") == "journey" else None
    data = request.POST if request.method == "POST" else None
    form = CaseForm(data, today=today(), initial=initial_from(answers) if answers else None)
    earliest = min(answers.dates.values(), default=None) if answers else None
    if form.is_valid() and earliest and form.cleaned_data["date_of_birth"] > earliest:
        form.date_error(
            "date_of_birth",
            f"Your child's date of birth must be on or before {long_date(earliest)}, "
            "the first date you gave",
        )
    if form.is_valid():
        events = sorted(answers.dates.items(), key=lambda item: item[1]) if answers else []
        case = services.create_case(
            request.user,
            child_name=form.cleaned_data["child_name"].strip(),
            child_date_of_birth=form.cleaned_data["date_of_birth"],
            setting=form.cleaned_data["setting"],
            council=form.cleaned_data["council"],
            concern=form.cleaned_data["concern"],
            events=events,
        )
        if answers:
            forget_journey(request)
        return redirect("cases:dashboard", case.public_id)
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "answers": answers, "heading": "About your child", "case": None},
    )


@require_http_methods(["GET", "POST"])
@case_view(reads="the child's details", change=True)
def edit(request: HttpRequest, case: Case) -> HttpResponse:
    initial = {
        "child_name": case.child_name,
        "date_of_birth": case.child_date_of_birth,
        "setting": case.setting,
        "council": case.council,
        "concern": case.concern,
    }
    form = CaseForm(
        request.POST if request.method == "POST" else None, today=today(), initial=initial
    )
    if form.is_valid():
        born = form.cleaned_data["date_of_birth"]
        earliest = case.events.order_by("date").values_list("date", flat=True).first()
        if earliest is not None and born > earliest:
            form.date_error(
                "date_of_birth",
                f"Your child's date of birth must be on or before {long_date(earliest)}, "
                "the date of the first event",
            )
        else:
            services.update_details(
                case,
                by=request.user,
                child_name=form.cleaned_data["child_name"].strip(),
                child_date_of_birth=born,
                **{name: form.cleaned_data[name] for name in ("setting", "council", "concern")},
            )
            return redirect("cases:dashboard", case.public_id)
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "answers": None, "heading": "Change the details", "case": case},
    )


@require_safe
@case_view(reads="the case")
def dashboard(request: HttpRequest, case: Case) -> HttpResponse:
    if case.owner_id != request.user.pk:
        if access.is_carer(request.user, case):  # a second parent or carer (issue 15)
            return redirect("family:case", case.public_id)
        return redirect("advisers:case", case.public_id)  # an adviser (issue 6): read-only
    events = list(case.events.select_related("author"))
    page = timeline_page(request, events)
    loose = list(case.documents.filter(event__isnull=True))
    marks = list(case.deadline_marks.all())
    assessment, found = focus_for(case, events, marks=marks)
    starts = round_starts(facts_for(case, events))
    timeline = timeline_items(case, page.events, starts)
    content = load_content()
    return no_store(
        link_terms(
            render(
                request,
                "cases/dashboard.html",
                {
                    "case": case,
                    "timeline": timeline,
                    "rounds": timeline_rounds(case, timeline, starts),
                    "timeline_page": page,
                    "loose_documents": loose,
                    "assessment": assessment,
                    "next": assessment.route(assessment.next_step),
                    "routes_text": {
                        route_id: text.for_concern(case.concern)
                        for route_id, text in content.routes.items()
                    },
                    "focus": found,
                    "marks": marks_by_deadline(assessment, marks),
                    "council_name": assessment.local_authority_name,
                    "letters": letters_for_open_routes(
                        assessment.routes, facts_for(case, events), assessment
                    ),
                    "saved_letter": request.session.pop(LETTER_SAVED_KEY, None),
                    "events_by_concern": EVENTS_BY_CONCERN,
                },
            )
        )
    )


@dataclass(frozen=True)
class TimelinePage:
    """One page of a case's timeline, newest first (issue 12: all of a long case made a
    10 MB page). The deadlines still come from every event."""

    events: list[Event]
    number: int
    pages: int
    total: int


def timeline_page(request: HttpRequest, events: list[Event]) -> TimelinePage:
    size = settings.CASES_TIMELINE_PAGE
    pages = max(1, -(-len(events) // size))
    number = min(small_number(request.GET.get("page", ""), pages) or 1, pages)
    shown = events[(number - 1) * size : number * size]
    prefetch_related_objects(shown, "documents")
    return TimelinePage(shown, number, pages, len(events))


def round_number(day: Any, starts: tuple[Any, ...]) -> int:
    """Which round an event of `day` belongs to (1 for the first decision letter's), or 0 for
    what came before the first (the engine's rounds: send_redress.round_starts)."""
    return bisect.bisect_right(starts, day)


def timeline_rounds(
    case: Case, items: list[dict[str, Any]], starts: tuple[Any, ...]
) -> list[dict[str, Any]]:
    """The timeline's items by round, the current round first and open, earlier ones after it
    (folded on the page). One group, with no title, when the case has one round or none."""
    if len(starts) < 2:
        return [{"number": len(starts), "title": "", "items": items, "current": True}]
    starter = load_content().concerns[case.concern].round_starts_with
    what = load_content().events[starter].label if starter else "the decision"
    groups: dict[int, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(item["round"], []).append(item)
    out = []
    for number in sorted(set(range(len(starts) + 1)) & set(groups) | {len(starts)}, reverse=True):
        if number == 0:
            title = "Before the first round"
        else:
            title = f"Round {number}: from {long_date(starts[number - 1])} ({what.lower()})"
        out.append(
            {
                "number": number,
                "title": title + (" (now)" if number == len(starts) else ""),
                "items": groups.get(number, []),
                "current": number == len(starts),
            }
        )
    return out


def timeline_items(
    case: Case, events: list[Event], starts: tuple[Any, ...] = ()
) -> list[dict[str, Any]]:
    """The MOJ timeline macro's items, newest first, each with the round it belongs to."""
    cid = case.public_id
    items = []
    added_by: dict[int, str] = {}  # issue 18: the parent sees who added what for them
    for e in events:
        label = e.label
        own = _written_by_owner(case, e)
        if not own and e.author_id not in added_by:
            author = e.author if e.author_id else None
            added_by[e.author_id] = audit.actor_label(author, case)[0] if author else ""
        if e.kind == NOTE and not own:
            label = "Note from an adviser"  # issue 6: an adviser's note is marked as such
        day = long_date(e.date)
        hidden = f"{label}, {day}"
        actions = [
            {
                "text": "Change",
                "href": reverse("cases:event_edit", args=[cid, e.pk]),
                "hidden": hidden,
            },
            {
                "text": "Delete",
                "href": reverse("cases:event_delete", args=[cid, e.pk]),
                "hidden": hidden,
            },
        ]
        items.append(
            {
                "id": f"event-{e.pk}",
                "label": label,
                "text": e.what,
                "byline": e.who
                if own
                else "; ".join(
                    part for part in (e.who, f"added by {added_by[e.author_id]}") if part
                ),
                "datetime": e.date.isoformat(),
                "date_text": day,
                "documents": [
                    {
                        "text": d.description,
                        "href": reverse("cases:document", args=[cid, d.pk]),
                        "change": reverse("cases:document_edit", args=[cid, d.pk]) if own else "",
                    }
                    for d in e.documents.all()
                ],
                "actions": actions if own else [],  # another's entry is theirs to keep
                "round": (number := round_number(e.date, starts)),
                "round_text": (f"Round {number}" if number else "Before round 1") if starts else "",
            }
        )
    return items


def event_form(
    request: HttpRequest, case: Case, *, changing: Event | None = None, **kwargs: Any
) -> EventForm:
    """The form to add an event, or to change `changing` (the parent's pages, and the adviser's
    acting for the family): its date is checked against the case's other events with the
    core's date-order rules."""
    others: dict[str, list[date]] = {}
    for kind, day in case.events.exclude(pk=getattr(changing, "pk", None)).values_list(
        "kind", "date"
    ):
        others.setdefault(kind, []).append(day)
    return EventForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        concern=case.concern,
        born=case.child_date_of_birth,
        child=case.child_name,
        today=today(),
        others=others,
        **kwargs,
    )


def case_full(request: HttpRequest, case: Case) -> HttpResponse:
    """Issue 12: a clear page, not a form that cannot be saved, once a case has its limit."""
    context = {"case": case, "message": services.too_many_events_message()}
    return render(request, "cases/case_full.html", context, status=409)


@require_http_methods(["GET", "POST"])
@case_view(reads="a new event", change=True)
def event_new(request: HttpRequest, case: Case) -> HttpResponse:
    form = event_form(request, case, initial={"kind": request.GET.get("kind")})
    if not services.has_room_for_an_event(case):
        return case_full(request, case)
    if _event_saved(request, form, lambda **fields: services.add_event(case, **fields)):
        return redirect(reverse("cases:dashboard", args=[case.public_id]) + "#timeline")
    return render(request, "cases/event_form.html", {"form": form, "case": case, "event": None})


def upload_refusal(user: Any, size: int) -> str | None:
    """Why this account may not add a document of `size` bytes now, or None (issue 12: an
    unconfirmed account could fill the disk). A confirmed address, and a quota per account."""
    if not user.email_verified:
        return "Confirm your email address before you add documents: open the link we sent you"
    used = Document.objects.filter(case__owner_id=user.pk).aggregate(total=Sum("size"))["total"]
    limit = settings.CASES_ACCOUNT_QUOTA_BYTES
    if (used or 0) + size > limit:
        return (
            f"You have used the {limit // 1024**2}MB of space for documents. "
            "Delete a document to make room"
        )
    return None


def _event_saved(request: HttpRequest, form: Any, save: Callable[..., Any]) -> bool:
    """Validate the event form (and its upload's size) and save it; False if it has errors."""
    if uploads.too_large(request):
        form.is_valid()
        form.add_error("document", size_error())
        return False
    if not form.is_valid():
        return False
    upload = form.cleaned_data.get("document")
    checked = form.checked_upload if upload else None
    refusal = upload_refusal(request.user, checked.size) if checked else None
    if refusal:
        form.add_error("document", refusal)
        return False
    save(
        by=request.user,
        kind=form.cleaned_data["kind"],
        day=form.cleaned_data["date"],
        who=form.cleaned_data["who"].strip(),
        what=form.cleaned_data["what"].strip(),
        upload=(form.checked_upload, upload) if upload and form.checked_upload else None,
    )
    return True


def _event(case: Case, event_id: int, *, own: bool = False) -> Event:
    """The case's event; with `own`, only one the parent wrote (issue 12: an adviser's note
    stays as its author wrote it, so nobody else may change or delete it)."""
    event = Event.objects.filter(case=case, pk=event_id).first()
    if event is None or (own and not _written_by_owner(case, event)):
        raise Http404
    return event


def _written_by_owner(case: Case, event: Event) -> bool:
    return event.author_id in (None, case.owner_id)


@require_http_methods(["GET", "POST"])
@case_view(reads="an event", change=True)
def event_edit(request: HttpRequest, case: Case, event_id: int) -> HttpResponse:
    event = _event(case, event_id, own=True)
    initial = {"kind": event.kind, "date": event.date, "who": event.who, "what": event.what}
    form = event_form(request, case, changing=event, initial=initial)
    if form.kind_choices_missing(event.kind):
        form.fields["kind"].choices = [
            (event.kind, event.label),
            *form.fields["kind"].choices,
        ]
    if _event_saved(request, form, lambda **fields: services.update_event(event, **fields)):
        return redirect(reverse("cases:dashboard", args=[case.public_id]) + "#timeline")
    return render(request, "cases/event_form.html", {"form": form, "case": case, "event": event})


@require_http_methods(["GET", "POST"])
@case_view(reads="an event (delete)", change=True)
def event_delete(request: HttpRequest, case: Case, event_id: int) -> HttpResponse:
    event = _event(case, event_id, own=True)
    if request.method == "POST":
        services.delete_event(
            event, by=request.user, with_documents=request.POST.get("documents") == "delete"
        )
        return redirect(reverse("cases:dashboard", args=[case.public_id]) + "#timeline")
    return render(request, "cases/event_delete.html", {"case": case, "event": event})


def _event_choices(case: Case) -> list[tuple[str, str]]:
    return [
        (str(e.pk), f"{long_date(e.date)}: {e.label}")
        for e in case.events.only("pk", "date", "kind")
    ]


@require_http_methods(["GET", "POST"])
@case_view(reads="a new document", change=True)
def document_new(request: HttpRequest, case: Case) -> HttpResponse:
    post = request.method == "POST"
    form = DocumentForm(
        request.POST if post else None,
        request.FILES if post else None,
        events=_event_choices(case),
        today=today(),
        initial={"event": request.GET.get("event", "")},
    )
    if uploads.too_large(request):
        form.is_valid()
        form.errors.pop("document", None)
        form.add_error("document", size_error())
    elif (
        form.is_valid()
        and form.checked_upload
        and (refusal := upload_refusal(request.user, form.checked_upload.size))
    ):
        form.add_error("document", refusal)
    elif form.is_valid() and form.checked_upload:
        event_id = form.cleaned_data.get("event")
        event = _event(case, int(event_id)) if event_id else None
        services.add_document(
            case,
            form.checked_upload,
            form.cleaned_data["document"],
            by=request.user,
            event=event,
            title=form.cleaned_data["title"],
            dated=form.cleaned_data["dated"],
        )
        return redirect(reverse("cases:dashboard", args=[case.public_id]) + "#documents")
    return render(request, "cases/document_form.html", {"form": form, "case": case})


@require_http_methods(["GET", "POST"])
@case_view(reads="a document's name or date", change=True)
def document_edit(request: HttpRequest, case: Case, document_id: int) -> HttpResponse:
    """Change a document's name and the date on it (issue 15)."""
    doc = _document(case, document_id)
    form = DocumentDetailsForm(
        request.POST if request.method == "POST" else None,
        today=today(),
        initial={"title": doc.title, "dated": doc.dated},
    )
    if form.is_valid():
        services.update_document(
            doc, by=request.user, title=form.cleaned_data["title"], dated=form.cleaned_data["dated"]
        )
        anchor = f"#event-{doc.event_id}" if doc.event_id else "#documents"
        return redirect(reverse("cases:dashboard", args=[case.public_id]) + anchor)
    return render(
        request, "cases/document_edit.html", {"form": form, "case": case, "document": doc}
    )


def _document(case: Case, document_id: int) -> Document:
    document = Document.objects.filter(case=case, pk=document_id).first()
    if document is None:
        raise Http404
    return document


@require_safe
@case_view(reads=None)
def document(request: HttpRequest, case: Case, document_id: int) -> FileResponse:
    doc = _document(case, document_id)
    audit.looked_at(request.user, case, f"a document: {doc.title}")  # which one (issue 18)
    try:
        handle = documents.open_stored(doc.storage_name)
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=documents.safe_download_name(doc.title, doc.kind),
        content_type=documents.content_type(doc.kind),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    no_store(response)
    return response


@require_http_methods(["GET", "POST"])
@case_view(reads="a document (delete)", change=True)
def document_delete(request: HttpRequest, case: Case, document_id: int) -> HttpResponse:
    doc = _document(case, document_id)
    if request.method == "POST":
        try:
            services.delete_document(doc, by=request.user)
        except OSError:  # the disk refused: neither row nor file has gone (issue 12)
            context = {"case": case, "document": _document(case, document_id), "not_deleted": True}
            return render(request, "cases/document_delete.html", context, status=503)
        return redirect(reverse("cases:dashboard", args=[case.public_id]) + "#documents")
    return render(request, "cases/document_delete.html", {"case": case, "document": doc})


def calendar_scope(case: Case) -> str:
    """What keeps this case's calendar UIDs apart from another case's: a short hash of its id
    (the UID is seen by calendar apps; the case's own id is not given away)."""
    return hashlib.sha256(f"calendar:{case.public_id}".encode()).hexdigest()[:12]


def _ics_response(case: Case, filename: str) -> HttpResponse:
    """The case's deadlines still to do. A closed case's calendar is empty (issue 15): a phone
    subscribed to its feed drops the entries, as the reminders stop."""
    deadlines = () if case.closed_at else assessment_for(case).deadlines
    name = "SEND deadlines (case closed)" if case.closed_at else ""
    response = HttpResponse(
        deadlines_to_ics(deadlines, uid_scope=calendar_scope(case), name=name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return no_store(response)


@require_safe
@case_view(reads="the deadlines calendar file")
def calendar(request: HttpRequest, case: Case) -> HttpResponse:
    return _ics_response(case, "send-redress-deadlines.ics")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@require_http_methods(["GET", "POST"])
@case_view(reads="the calendar feed", change=True)
def calendar_feed(request: HttpRequest, case: Case) -> HttpResponse:
    """Make, replace or turn off the private feed. The URL is shown once, when it is made."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.set_calendar_feed(case, by=request.user, token_hash="")
            return redirect("cases:calendar_feed", case.public_id)
        token = secrets.token_urlsafe(32)
        services.set_calendar_feed(case, by=request.user, token_hash=_token_hash(token))
        request.session[FEED_SESSION_KEY] = request.build_absolute_uri(
            reverse("cases:feed", args=[token])
        )
        return redirect("cases:calendar_feed", case.public_id)
    return no_store(
        render(
            request,
            "cases/calendar_feed.html",
            {
                "case": case,
                "feed_url": (feed_url := request.session.pop(FEED_SESSION_KEY, None)),
                # The same address for a phone to open: webcal: makes it subscribe.
                "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed_url else None,
            },
        )
    )


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar feed: no sign-in, the long random token is the key."""
    case = access.case_for_feed(_token_hash(token)) if len(token) <= 100 else None
    if case is None:
        raise Http404
    return _ics_response(case, "send-redress.ics")


@require_POST
@case_view(reads=None, change=True)
def close(request: HttpRequest, case: Case) -> HttpResponse:
    """Close the case (reminders stop, issue 7), or open it again."""
    services.close_case(case, by=request.user, reopen=request.POST.get("action") == "reopen")
    return redirect("cases:dashboard", case.public_id)


@require_http_methods(["GET", "POST"])
@case_view(reads="the case (delete)", change=True)
def delete(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method == "POST":
        services.delete_case(case)
        return redirect(reverse("cases:index") + "?deleted=1")
    return render(request, "cases/delete.html", {"case": case})
