"""Sharing a case with a second parent or carer (issue 15 item 15): the owner invites an
address; the person signs in with it and agrees; either can end it. Every step is written to
the case's audit trail (web/family/services.py). Apart from sharing with an adviser (web.advisers: an organisation, with
the parent's consent, and an adviser assigned by its admin)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from send_redress import weekday_date
from web.cases import access
from web.cases.deadlines import assessment_for
from web.cases.models import Case
from web.cases.views import case_view, timeline_items, timeline_page
from web.common.forms import small_number
from web.common.responses import no_store

from . import services
from .emails import send_invitation, token_hash
from .models import Carer


class InviteForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Enter the email address of the second parent or carer",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_http_methods(["GET", "POST"])
@case_view(reads="who else in the family can see the case", change=True)
def sharing(request: HttpRequest, case: Case) -> HttpResponse:
    """The owner's page: invite a second parent or carer, see who can see the case, stop it."""
    open_rows = list(Carer.objects.open().filter(case=case))
    form = InviteForm(request.POST if "email" in request.POST else None)
    if request.method == "POST":
        end_id = small_number(request.POST.get("end", ""), 2**63 - 1)
        if end_id is not None:
            row = next((c for c in open_rows if c.pk == end_id), None)
            if row is None:
                raise Http404
            services.stop(row, by=request.user)
            return redirect(reverse("family:sharing_family", args=[case.public_id]) + "?stopped=1")
        if form.is_valid():
            email = form.cleaned_data["email"].strip()
            if not getattr(request.user, "email_verified", False):
                form.add_error("email", "Confirm your email address before you share your case")
            elif email.lower() == request.user.email.lower():
                form.add_error("email", "Enter the email address of someone else, not your own")
            else:
                try:
                    carer = services.invite(case, email, by=request.user)
                except IntegrityError:
                    form.add_error("email", "You have already invited this email address")
                else:
                    send_invitation.enqueue(carer.pk, _base(request))
                    return redirect(
                        reverse("family:sharing_family", args=[case.public_id]) + "?invited=1"
                    )
    return no_store(
        render(
            request,
            "family/sharing.html",
            {
                "case": case,
                "form": form,
                "rows": open_rows,
                "stopped": "stopped" in request.GET,
                "invited": "invited" in request.GET,
            },
        )
    )


def _invitation(token: str) -> Carer | None:
    if not token or len(token) > 100:
        return None
    return (
        Carer.objects.open()
        .filter(token_hash=token_hash(token), accepted_at__isnull=True)
        .select_related("case")
        .first()
    )


@require_http_methods(["GET", "POST"])
@login_required
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person agrees (or says no), signed in with the address invited."""
    carer = _invitation(token)
    if carer is None:
        return no_store(render(request, "family/invitation_gone.html", status=404))
    user = request.user
    right_person = bool(
        getattr(user, "email_verified", False) and user.email.lower() == carer.email.lower()
    )
    if not right_person or carer.case.owner_id == user.pk:
        return no_store(render(request, "family/wrong_account.html", status=403))
    if request.method == "POST":
        if request.POST.get("answer") == "yes":
            services.agree(carer, user=user)
            return redirect("family:case", carer.case.public_id)
        services.decline(carer)
        return redirect("cases:index")
    return no_store(render(request, "family/accept.html", {"carer": carer, "case": carer.case}))


@require_safe
@case_view(reads="the case")
def shared_case(request: HttpRequest, case: Case) -> HttpResponse:
    """What a second parent or carer sees: the deadlines, the timeline and the documents."""
    if case.owner_id == request.user.pk:
        return redirect("cases:dashboard", case.public_id)
    if not access.is_carer(request.user, case):
        return redirect("advisers:case", case.public_id)
    events = list(case.events.all())
    page = timeline_page(request, events)
    assessment = assessment_for(case, events)
    return no_store(
        render(
            request,
            "family/case.html",
            {
                "case": case,
                "events": page.events,
                "timeline_items": _read_only(timeline_items(case, page.events)),
                "timeline_page": page,
                "weekday_date": weekday_date,
                "deadlines": sorted(assessment.deadlines, key=lambda d: (d.due, d.id)),
                "loose_documents": list(case.documents.filter(event__isnull=True)),
            },
        )
    )


def _read_only(items: list[dict]) -> list[dict]:
    """The timeline without the parent's Change and Delete links."""
    return [
        {
            **item,
            "actions": [],
            "documents": [{**d, "change": ""} for d in item["documents"]],
        }
        for item in items
    ]


@require_POST
@case_view(reads=None)
def leave(request: HttpRequest, case: Case) -> HttpResponse:
    """The second parent or carer stops seeing the case."""
    if not services.leave(case, user=request.user):
        raise Http404
    return redirect("cases:index")
