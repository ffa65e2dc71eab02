"""The contact log's pages: a contact on a shared case, an enquiry without a case, the
organisation's log, and "correct your own note" (only its author may).

A contact's note on the timeline writes the case's audit trail as it changes
(web.advisers.contacts); reading a correction page writes it here, since its URL names the
contact, not the case.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from send_redress import load_content
from web.cases import access, audit
from web.cases import services as case_services
from web.cases.models import Case
from web.cases.views import case_full
from web.common.responses import no_store
from web.journey.clock import today

from . import contacts
from .forms import ContactForm
from .models import Contact, Membership

PAGE = 100


def _membership_or_404(request: HttpRequest) -> Membership:
    membership = access.adviser_membership(request.user)
    if membership is None:
        raise Http404
    return membership


def _form_page(request: HttpRequest, form: ContactForm, **context: Any) -> HttpResponse:
    return no_store(render(request, "advisers/contact_form.html", {"form": form, **context}))


def note_on_case(request: HttpRequest, case: Case) -> HttpResponse:
    """The assigned adviser's contact on a shared case (`views.note_new` for an adviser)."""
    membership = _membership_or_404(request)
    if not case_services.has_room_for_an_event(case):
        return case_full(request, case)
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        today=today(),
        enquiry=False,
        initial={"date": today(), "concern": case.concern},
    )
    if form.is_valid():
        contacts.record(membership, form.cleaned_data, case)
        return redirect(reverse("advisers:case", args=[case.public_id]) + "#contacts")
    return _form_page(request, form, case=case, contact=None)


@require_http_methods(["GET", "POST"])
@login_required
def enquiry_new(request: HttpRequest) -> HttpResponse:
    """A contact without a case: an enquiry, with no child's name."""
    membership = _membership_or_404(request)
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        today=today(),
        enquiry=True,
        initial={"date": today()},
    )
    if form.is_valid():
        contacts.record(membership, form.cleaned_data)
        return redirect("advisers:contacts")
    return _form_page(request, form, case=None, contact=None)


def _contact_for_author(request: HttpRequest, pk: int) -> tuple[Membership, Contact]:
    """The contact, if this is its author, still in its organisation, and (for a contact on a
    case) still allowed to see the case; otherwise 404, like every case page."""
    membership = _membership_or_404(request)
    contact = (
        Contact.objects.of(membership.organisation_id)
        .filter(pk=pk, author_id=membership.user_id)
        .select_related("case", "event")
        .first()
    )
    if contact is None:
        raise Http404
    if contact.case is not None and not access.can_view(request.user, contact.case):
        raise Http404  # the family stopped sharing: the record stays, the case is closed to us
    return membership, contact


def _initial(contact: Contact) -> dict[str, Any]:
    names = [*contacts.FIELDS, "council", "setting"]
    return {name: getattr(contact, name) for name in names}


@require_http_methods(["GET", "POST"])
@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct your own note."""
    _, contact = _contact_for_author(request, pk)
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        today=today(),
        enquiry=contact.case is None,
        initial=_initial(contact),
    )
    if form.is_valid():
        contacts.correct(contact, form.cleaned_data, by=request.user)
        if contact.case is not None:
            return redirect(reverse("advisers:case", args=[contact.case.public_id]) + "#contacts")
        return redirect("advisers:contacts")
    if contact.case is not None:
        audit.looked_at(request.user, contact.case, "a note")
    return _form_page(request, form, case=contact.case, contact=contact)


@require_safe
@login_required
def contact_log(request: HttpRequest) -> HttpResponse:
    """The organisation's contact log, newest first: an adviser's own contacts, or all of
    the organisation's for its admin. No child's name: a case is named by its reference."""
    membership = _membership_or_404(request)
    rows = Contact.objects.of(membership.organisation_id).select_related("case")
    if not membership.is_admin:
        rows = rows.filter(author_id=membership.user_id)
    content = load_content()
    follow_ups = Contact.objects.follow_ups_due(
        membership.organisation_id,
        today(),
        author_id=None if membership.is_admin else membership.user_id,
    )
    return no_store(
        render(
            request,
            "advisers/contacts.html",
            {
                "membership": membership,
                "contacts": list(rows[:PAGE]),
                "follow_ups": list(follow_ups[:PAGE]),
                "concerns": {c: t.label for c, t in content.concerns.items()},
                "routes": {r: t.name for r, t in content.routes.items()},
                "user_id": membership.user_id,
            },
        )
    )
