"""Advisers: two-factor sign-in, the caseload, a shared case, notes and assignment; and, for
the parent, sharing a case and reading who has looked at it.

Who may open a case is decided in `web.cases.access` only; every page about one case gets it
through `web.cases.views.case_view`, which also writes the audit trail.
"""

from __future__ import annotations

import csv
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from send_redress import CONCERNS, SOON_DAYS, load_content, long_date
from web.cases import access
from web.cases import services as case_services
from web.cases.deadlines import assessment_for
from web.cases.models import NOTE, Case
from web.cases.views import case_full, case_view, timeline_page
from web.journey.clock import today

from . import caseload as cl
from . import contact_views, contacts, services
from .forms import AssignForm, CodeForm, NoteForm, ShareForm
from .middleware import needs_two_factor
from .models import ADVISER, Membership, Organisation, Share


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _after_code(request: HttpRequest, user: Any) -> str:
    """Where the page asked for, except that an adviser's default landing is the caseload
    (the sign-in page's default, the parent's list of cases, is empty for most advisers)."""
    home = _home(user)
    target = _next(request, home)
    return home if target == reverse("cases:index") else target


def _home(user: Any) -> str:
    if Membership.objects.filter(user_id=user.pk).exists():
        return reverse("advisers:caseload")
    return reverse("admin:index") if user.is_staff else reverse("cases:index")


def _secret_text(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the QR code (or type the key), then give one code."""
    user: Any = request.user
    if not needs_two_factor(user) or user.is_verified():
        return redirect(_next(request, _home(user)))
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(reverse("advisers:two_factor_verify") + _query_next(request))
    device = _setup_device(request, user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        error = _code_error(device, form.cleaned_data["code"])
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.cycle_key()  # a new session key once the second factor is in
            otp_login(request, device)
            return redirect(_after_code(request, user))
        form.add_error("code", error)
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title="QR code for your authenticator app", svgclass="app-qr"
    )
    return _no_store(
        render(
            request,
            "advisers/two_factor_setup.html",
            {
                "form": form,
                "qr_svg": qr.replace("<svg ", '<svg role="img" ', 1),
                "secret": _secret_text(device),
                "next": _next(request, ""),
            },
        )
    )


SETUP_DEVICE_KEY = "advisers:setup-device"


def _setup_device(request: HttpRequest, user: Any) -> TOTPDevice:
    """The not-yet-confirmed device this session is setting up. Each sign-in gets a new key
    (issue 12: a key shown once, say on a shared screen, stayed valid until enrolment)."""
    device_id = request.session.get(SETUP_DEVICE_KEY)
    device = TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        request.session[SETUP_DEVICE_KEY] = device.pk
    return device


TOO_MANY = "Too many wrong codes. Wait 30 seconds, then enter the newest code"
WRONG = "The code is not right. Enter the newest 6-digit code from your app"


def _code_wait(device: TOTPDevice) -> float:
    """Seconds before the next code may be tried: 1, 2, 4... after each wrong one, but never
    more than ADVISERS_CODE_MAX_WAIT (issue 12: django-otp's own delay doubles for ever, so
    a few dozen wrong codes, from anyone with the password, kept the adviser out for days)."""
    failures = device.throttling_failure_count
    if not failures or device.throttling_failure_timestamp is None:
        return 0.0
    delay = min(2 ** (failures - 1), settings.ADVISERS_CODE_MAX_WAIT)
    since = (timezone.now() - device.throttling_failure_timestamp).total_seconds()
    return max(0.0, delay - since)


def _code_error(device: TOTPDevice, code: str) -> str | None:
    """None if the code is right; otherwise what to say. Wrong codes slow further tries
    (`_code_wait`), and a code works once (django-otp)."""
    if _code_wait(device) > 0:
        return TOO_MANY
    return None if device.verify_token(code) else WRONG


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not needs_two_factor(user) or user.is_verified():
        return redirect(_next(request, _home(user)))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect(reverse("advisers:two_factor_setup") + _query_next(request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        error = _code_error(device, form.cleaned_data["code"])
        if error is None:
            request.session.cycle_key()  # a new session key once the second factor is in
            otp_login(request, device)
            return redirect(_after_code(request, user))
        form.add_error("code", error)
    return render(
        request, "advisers/two_factor_verify.html", {"form": form, "next": _next(request, "")}
    )


def _query_next(request: HttpRequest) -> str:
    target = _next(request, "")
    from urllib.parse import urlencode

    return f"?{urlencode({'next': target})}" if target else ""


def _membership_or_404(request: HttpRequest) -> Membership:
    membership = access.adviser_membership(request.user)
    if membership is None:
        raise Http404
    return membership


def _concern_labels() -> dict[str, str]:
    content = load_content()
    return {c: content.concerns[c].label for c in CONCERNS}


@require_safe
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    membership = _membership_or_404(request)
    concerns = _concern_labels()
    filters = cl.Filters.from_query(request.GET, membership, set(concerns))
    day = today()
    soon = SOON_DAYS
    shares = cl.base(membership)
    counts = cl.counts(shares, day, soon)
    number = cl.small_number(request.GET.get("page", ""), cl.MAX_PAGE) or 1
    rows, more = cl.page(cl.filtered(shares, filters, day, soon), max(number, 1))
    advisers = (
        list(
            Membership.objects.filter(organisation_id=membership.organisation_id, role=ADVISER)
            .select_related("user")
            .order_by("user__email")
        )
        if membership.is_admin
        else []
    )
    deadline_names = {d.id: d.name for d in load_content().deadlines.values()}
    return _no_store(
        render(
            request,
            "advisers/caseload.html",
            {
                "membership": membership,
                "organisation": membership.organisation,
                "counts": counts,
                "rows": [_row(r, day, soon, concerns, deadline_names) for r in rows],
                "filters": filters,
                "concerns": concerns,
                "advisers": advisers,
                "statuses": cl.STATUSES,
                "page": max(number, 1),
                "more": more,
                "query": _query_without_page(request),
            },
        )
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _status(due: Any, day: Any, soon: int) -> str:
    if due is None:
        return "none"
    if due < day:
        return "overdue"
    return "soon" if (due - day).days <= soon else "later"


def _row(share: Share, day: Any, soon: int, concerns: dict[str, str], names: dict[str, str]):
    case = share.case
    due = case.next_deadline
    adviser = share.adviser
    adviser_label = ""
    if adviser is not None:
        member = getattr(adviser, "membership", None)
        adviser_label = (member.display_name if member else "") or adviser.email
    return {
        "case": case,
        "concern": concerns.get(case.concern, case.concern),
        "due": due,
        "due_text": long_date(due) if due else "",
        "deadline": names.get(case.next_deadline_kind, case.next_deadline_kind),
        "days": (due - day).days if due else None,
        "status": _status(due, day, soon),
        "adviser": adviser_label,
        "share": share,
    }


@require_safe
@login_required
def caseload_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered caseload as CSV for the organisation's reporting, without children's names."""
    membership = _membership_or_404(request)
    concerns = _concern_labels()
    filters = cl.Filters.from_query(request.GET, membership, set(concerns))
    day = today()
    soon = SOON_DAYS
    shares = cl.filtered(cl.base(membership), filters, day, soon)

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())

    def cell(value: Any) -> Any:
        """No spreadsheet formulas: a text cell starting =, +, - or @ gets a leading '."""
        if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
            return "'" + value
        return value

    header = [
        "reference",
        "concern",
        "council",
        "setting",
        "adviser",
        "shared on",
        "next deadline",
        "deadline",
        "days left",
        "status",
        "closed",
    ]

    def lines() -> Any:
        yield writer.writerow(header)
        for ref, concern, council, setting, adviser, shared, due, kind, closed in cl.csv_rows(
            shares
        ):
            yield writer.writerow(
                cell(v)
                for v in [
                    str(ref)[:8],
                    concern,
                    council,
                    setting,
                    adviser or "",
                    shared.date().isoformat(),
                    due.isoformat() if due else "",
                    kind,
                    (due - day).days if due else "",
                    _status(due, day, soon),
                    "yes" if closed else "no",
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="caseload.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@case_view()
def case(request: HttpRequest, case: Case) -> HttpResponse:
    """An adviser's (or organisation admin's) read-only view: deadlines, timeline, notes."""
    if case.owner_id == request.user.pk:
        return redirect("cases:dashboard", case.public_id)
    events = list(case.events.select_related("author"))
    page = timeline_page(request, events)
    assessment = assessment_for(case, events)
    return _no_store(
        render(
            request,
            "advisers/case.html",
            {
                "case": case,
                "assessment": assessment,
                "events": page.events,
                "timeline_page": page,
                "loose_documents": list(case.documents.filter(event__isnull=True)),
                "owner_id": case.owner_id,
                "can_note": access.can_add_note(request.user, case),
                "contacts": contacts.visible_to(_membership_or_404(request), case),
                "user_id": request.user.pk,
                "can_assign": access.can_assign(request.user, case),
            },
        )
    )


@require_http_methods(["GET", "POST"])
@case_view()
def note_new(request: HttpRequest, case: Case) -> HttpResponse:
    if not access.can_add_note(request.user, case):
        raise Http404
    if case.owner_id != request.user.pk:
        return contact_views.note_on_case(request, case)  # the contact log (issue 18 item 4)
    if not case_services.has_room_for_an_event(case):
        return case_full(request, case)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        case_services.add_event(
            case, by=request.user, kind=NOTE, day=today(), what=form.cleaned_data["what"].strip()
        )
        target = "cases:dashboard" if case.owner_id == request.user.pk else "advisers:case"
        return redirect(reverse(target, args=[case.public_id]) + "#timeline")
    return render(request, "advisers/note_form.html", {"form": form, "case": case})


def _active_share_for_admin(request: HttpRequest, case: Case) -> tuple[Membership, Share]:
    membership = _membership_or_404(request)
    share = Share.objects.active().filter(case=case, organisation_id=membership.organisation_id)
    row = share.select_related("organisation", "case").first()
    if row is None or not access.can_assign(request.user, case):
        raise Http404
    return membership, row


@require_http_methods(["GET", "POST"])
@case_view()
def assign(request: HttpRequest, case: Case) -> HttpResponse:
    membership, share = _active_share_for_admin(request, case)
    advisers = list(
        Membership.objects.filter(organisation_id=membership.organisation_id, role=ADVISER)
        .select_related("user")
        .order_by("user__email")
    )
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        advisers=[(m.user_id, m.label) for m in advisers],
        initial={"adviser": share.adviser_id},
    )
    if form.is_valid():
        chosen = next(m for m in advisers if m.user_id == form.cleaned_data["adviser"])
        services.assign(share, chosen)
        return redirect("advisers:caseload")
    return render(request, "advisers/assign.html", {"form": form, "case": case, "share": share})


@require_http_methods(["GET", "POST"])
@case_view(change=True)
def sharing(request: HttpRequest, case: Case) -> HttpResponse:
    """The parent shares the case with an organisation, or stops sharing it."""
    active = list(Share.objects.active().filter(case=case).select_related("organisation"))
    shared_with = {s.organisation_id for s in active}
    organisations = [(o.pk, o.name) for o in Organisation.objects.all() if o.pk not in shared_with]
    form = ShareForm(
        request.POST if request.method == "POST" and "organisation" in request.POST else None,
        organisations=organisations,
    )
    if request.method == "POST":
        revoke_id = cl.small_number(request.POST.get("revoke", ""), 2**63 - 1)
        if revoke_id is not None:
            row = next((s for s in active if s.pk == revoke_id), None)
            if row is None:
                raise Http404
            services.revoke(row)
            return redirect(reverse("advisers:sharing", args=[case.public_id]) + "?stopped=1")
        if form.is_valid() and not getattr(request.user, "email_verified", False):
            # Issue 12: consent to share goes with an address that is known to be the parent's.
            form.add_error("organisation", "Confirm your email address before you share your case")
        elif form.is_valid():
            organisation = Organisation.objects.get(pk=form.cleaned_data["organisation"])
            services.share(case, organisation)
            return redirect("advisers:sharing", case.public_id)
        if not form.is_bound:
            form = ShareForm({}, organisations=organisations)
            form.is_valid()
    return _no_store(
        render(
            request,
            "advisers/sharing.html",
            {"case": case, "form": form, "active": active, "organisations": organisations},
        )
    )


@require_safe
@case_view(change=True)
def audit_trail(request: HttpRequest, case: Case) -> HttpResponse:
    """Who has looked at or changed the case: everyone but the parent, newest first."""
    entries = [
        {"at": timezone.localtime(e.at), "actor": e.actor, "action": e.action, "what": e.what}
        for e in case.audit_entries.filter(is_owner=False)[:500]
    ]
    return _no_store(render(request, "advisers/audit.html", {"case": case, "entries": entries}))
