"""The Tribunal bundle pages (issue 17) and the Tribunal's timetable (issue 14 item 6).

Choosing and ordering works without JavaScript: every change is a small form (add, up, down,
remove), each a POST that redirects back to the bundle page at the document it changed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from send_redress import EVENTS_BY_CONCERN, load_content, long_date
from send_redress.page_budget import load_limits
from web.cases import audit, documents
from web.cases import services as case_services
from web.cases.deadlines import assessment_for
from web.cases.models import Case, Event
from web.cases.views import case_view
from web.common.responses import no_store
from web.journey.clock import today

from . import services
from .forms import TIMETABLE, AddForm, ItemForm, TimetableForm, _field
from .models import FAILED, READY, BundleBuild, BundleItem


def _back(case: Case, anchor: str = "") -> HttpResponse:
    url = reverse("bundles:bundle", args=[case.public_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_safe
@case_view(reads=services.WHAT)
def bundle(request: HttpRequest, case: Case) -> HttpResponse:
    the_bundle = services.bundle_for(case)
    chosen = set(the_bundle.items.values_list("document_id", flat=True))
    latest = services.latest_build(the_bundle)
    return no_store(
        render(
            request,
            "bundles/bundle.html",
            {
                "case": case,
                "bundle": the_bundle,
                "parts": services.parts(the_bundle),
                "part_choices": AddForm().fields["part"].choices,
                "available": [d for d in case.documents.all() if d.pk not in chosen],
                "budget": services.budget(the_bundle),
                "made_pages": services.made_pages(the_bundle),
                "practice_direction": load_limits().practice_direction,
                "reports": load_limits().reports,
                "latest": latest,
                "long_date": long_date,
                "can_change": case.owner_id == request.user.pk,
            },
        )
    )


@require_POST
@case_view(reads=None, change=True)
def add(request: HttpRequest, case: Case) -> HttpResponse:
    form = AddForm(request.POST)
    if form.is_valid():
        document = case.documents.filter(pk=form.cleaned_data["document"]).first()
        if document is None:
            raise Http404
        the_bundle = services.bundle_for(case)
        if not the_bundle.items.filter(document=document).exists():
            item = services.add(the_bundle, document, form.cleaned_data["part"], by=request.user)
            return _back(case, f"item-{item.pk}")
    return _back(case, "add")


def _item(case: Case, item_id: int) -> BundleItem:
    item = BundleItem.objects.filter(bundle__case=case, pk=item_id).select_related("bundle").first()
    if item is None:
        raise Http404
    return item


@require_POST
@case_view(reads=None, change=True)
def move(request: HttpRequest, case: Case, item_id: int) -> HttpResponse:
    item = _item(case, item_id)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.move(item, direction, by=request.user)
    return _back(case, f"item-{item.pk}")


@require_POST
@case_view(reads=None, change=True)
def remove(request: HttpRequest, case: Case, item_id: int) -> HttpResponse:
    item = _item(case, item_id)
    services.remove(item, by=request.user)
    return _back(case, f"part-{item.part}")


@require_http_methods(["GET", "HEAD", "POST"])
@case_view(reads=services.WHAT, change=True)
def item_edit(request: HttpRequest, case: Case, item_id: int) -> HttpResponse:
    item = _item(case, item_id)
    initial = {"title": item.title, "dated": item.dated, "part": item.part}
    form = ItemForm(request.POST or None, initial=initial, today=today())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.change(
            item, by=request.user, title=data["title"], dated=data["dated"], part=data["part"]
        )
        return _back(case, f"item-{item.pk}")
    return no_store(
        render(request, "bundles/item_form.html", {"case": case, "item": item, "form": form})
    )


@require_POST
@case_view(reads=None, change=True)
def chronology(request: HttpRequest, case: Case) -> HttpResponse:
    services.include_chronology(
        services.bundle_for(case), request.POST.get("include") == "yes", by=request.user
    )
    return _back(case, "chronology")


@require_POST
@case_view(reads=None, change=True)
def build(request: HttpRequest, case: Case) -> HttpResponse:
    made = services.request_build(services.bundle_for(case))
    return redirect("bundles:build", case.public_id, made.public_id)


def _build(case: Case, build_id: Any) -> BundleBuild:
    made = BundleBuild.objects.filter(bundle__case=case, public_id=build_id).first()
    if made is None:
        raise Http404
    return made


@require_safe
@case_view(reads=None)  # a build's progress; its download is the read
def build_status(request: HttpRequest, case: Case, build_id: Any) -> HttpResponse:
    made = _build(case, build_id)
    index = [
        {**e, "dated": date.fromisoformat(e["dated"]) if e["dated"] else None} for e in made.index
    ]
    return no_store(
        render(
            request,
            "bundles/build.html",
            {
                "case": case,
                "build": made,
                "ready": made.status == READY,
                "failed": made.status == FAILED,
                "index": index,
                "long_date": long_date,
            },
        )
    )


@require_safe
@case_view(reads=None)
def download(request: HttpRequest, case: Case, build_id: Any) -> FileResponse:
    made = _build(case, build_id)
    if made.status != READY:
        raise Http404
    audit.looked_at(request.user, case, f"{services.WHAT} (PDF)")
    try:
        handle = documents.open_stored(made.storage_name)
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename="tribunal-bundle.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---- the Tribunal's timetable ----------------------------------------------------------------


def _latest_events(case: Case) -> dict[str, Event]:
    latest: dict[str, Event] = {}
    for event in case.events.filter(kind__in=TIMETABLE).order_by("date", "id"):
        latest[event.kind] = event
    return latest


@require_http_methods(["GET", "HEAD", "POST"])
@case_view(reads="the Tribunal's timetable", change=True)
def timetable(request: HttpRequest, case: Case) -> HttpResponse:
    if not _has_a_tribunal_timetable(case):
        raise Http404
    latest = _latest_events(case)
    initial: dict[str, Any] = {_field(k): e.date for k, e in latest.items()}
    others: dict[str, list[date]] = {}
    for kind, day in case.events.exclude(kind__in=TIMETABLE).values_list("kind", "date"):
        others.setdefault(kind, []).append(day)
    form = TimetableForm(
        request.POST or None,
        initial=initial,
        today=today(),
        born=case.child_date_of_birth,
        child=case.child_name,
        concern=case.concern,
        others=others,
    )
    if request.method == "POST" and form.is_valid():
        for kind, day in form.cleaned_data["dates"].items():
            event = latest.get(kind)
            if event is None:
                case_services.add_event(case, by=request.user, kind=kind, day=day)
            elif event.date != day:
                case_services.update_event(
                    event, by=request.user, kind=kind, day=day, who=event.who, what=event.what
                )
        return redirect("bundles:checklist", case.public_id)
    content = load_content()
    questions = [(_field(k), content.events[k]) for k in TIMETABLE]
    return no_store(
        render(
            request,
            "bundles/timetable.html",
            {"case": case, "form": form, "questions": questions},
        )
    )


def _has_a_tribunal_timetable(case: Case) -> bool:
    """A concern that can go to the Tribunal (its events include the hearing)."""
    return "tribunal-hearing" in EVENTS_BY_CONCERN[case.concern]


@require_safe
@case_view(reads="the hearing checklist")
def checklist(request: HttpRequest, case: Case) -> HttpResponse:
    if not _has_a_tribunal_timetable(case):
        raise Http404
    assessment = assessment_for(case)
    limits = load_limits()
    steps = [d for d in assessment.deadlines if d.id in TIMETABLE]
    steps.sort(key=lambda d: (d.due, d.id))
    return no_store(
        render(
            request,
            "bundles/checklist.html",
            {
                "case": case,
                "steps": steps,
                "council_name": assessment.local_authority_name,
                "long_date": long_date,
                "practice_direction": limits.practice_direction,
                "has_bundle": hasattr(case, "bundle"),
            },
        )
    )
