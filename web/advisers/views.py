"""Advisers: two-factor sign-in, the caseload, a shared case, notes and assignment; and, for
the parent, sharing a case and reading who has looked at it.

Who may open a case is decided in `web.cases.access` only; every page about one case gets it
through `web.cases.views.case_view`, which writes to the audit trail what the page shows;
the services that change a case write their own lines.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, timedelta
from functools import wraps
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

from send_redress import CONCERNS, SOON_DAYS, assess, focus, load_content, long_date
from web.cases import access, audit
from web.cases import services as case_services
from web.cases.deadlines import assessment_for, facts_for, marks_by_deadline, set_aside
from web.cases.models import NOTE, Case
from web.cases.views import case_full, case_view, event_form, timeline_page
from web.common.letter_links import letters_for_open_routes
from web.common.responses import no_store
from web.journey.clock import today

from . import caseload as cl
from . import contact_views, contacts, emails, recovery, services
from .forms import AssignForm, CodeForm, MarkForm, NoteForm, RecoveryForm, ShareForm
from .middleware import needs_two_factor
from .models import ADVISER, Membership, Organisation, Share


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
            # Recovery codes, shown once on the next page (issue 18: a lost phone stranded
            # the adviser); the session holds them only until that page is shown.
            request.session[RECOVERY_KEY] = {
                "codes": recovery.make_codes(user),
                "next": _after_code(request, user),
            }
            return redirect("advisers:recovery_codes")
        form.add_error("code", error)
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title="QR code for your authenticator app", svgclass="app-qr"
    )
    return no_store(
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
USED = "That code has been used already. Wait for your app to show a new code, then enter it"
RECOVERY_WRONG = "The recovery code is not right. Check it and try again"
RECOVERY_USED = "That recovery code has been used already. Each code works once: use another"
RECOVERY_KEY = "advisers:recovery-codes"


def _code_wait(device: TOTPDevice) -> float:
    """Seconds before the next code may be tried: 1, 2, 4... after each wrong one, but never
    more than ADVISERS_CODE_MAX_WAIT (issue 12: django-otp's own delay doubles for ever, so
    a few dozen wrong codes, from anyone with the password, kept the adviser out for days)."""
    failures = device.throttling_failure_count
    # One slip is free (issue 18: a mistyped code, then the right one, was refused for a
    # second); the wait starts at the second wrong code in a row.
    if failures < 2 or device.throttling_failure_timestamp is None:
        return 0.0
    delay = min(2 ** (failures - 2), settings.ADVISERS_CODE_MAX_WAIT)
    since = (timezone.now() - device.throttling_failure_timestamp).total_seconds()
    return max(0.0, delay - since)


def _code_error(device: TOTPDevice, code: str) -> str | None:
    """None if the code is right; otherwise what to say. Wrong codes slow further tries
    (`_code_wait`), and a code works once (django-otp)."""
    if _code_wait(device) > 0:
        return TOO_MANY
    if device.verify_token(code):
        return None
    return USED if _was_last_used(device, code) else WRONG


def _was_last_used(device: TOTPDevice, code: str) -> bool:
    """The code is the one this device last accepted (django-otp refuses a code twice)."""
    if device.last_t < 0 or not code.isdigit():
        return False
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = device.t0 + device.last_t * device.step
    return totp.token() == int(code)


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


@require_safe
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, once: straight after set-up."""
    shown = request.session.pop(RECOVERY_KEY, None)
    if not shown:
        return redirect(_home(request.user))
    return no_store(
        render(
            request,
            "advisers/recovery_codes.html",
            {"codes": shown["codes"], "next": shown["next"]},
        )
    )


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    """Sign in with a recovery code instead of the app's code. Wrong codes are slowed like
    wrong app codes (the same device counts them)."""
    user: Any = request.user
    if not needs_two_factor(user) or user.is_verified():
        return redirect(_next(request, _home(user)))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect(reverse("advisers:two_factor_setup") + _query_next(request))
    form = RecoveryForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if _code_wait(device) > 0:
            form.add_error("code", TOO_MANY)
        else:
            outcome = recovery.use_code(user, form.cleaned_data["code"])
            if outcome is None:
                device.throttle_reset()
                request.session.cycle_key()
                otp_login(request, device)
                return redirect(_after_code(request, user))
            device.throttle_increment()
            form.add_error("code", RECOVERY_USED if outcome == recovery.USED else RECOVERY_WRONG)
    return no_store(
        render(
            request,
            "advisers/two_factor_recovery.html",
            {"form": form, "next": _next(request, "")},
        )
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


def _filters_and_shares(request: HttpRequest) -> tuple[Membership, cl.Filters, date, Any]:
    membership = _membership_or_404(request)
    filters = cl.Filters.from_query(request.GET, membership, set(_concern_labels()))
    day = today()
    return membership, filters, day, cl.fresh(membership, day)


def _advisers_of(membership: Membership) -> list[Membership]:
    if not membership.is_admin:
        return []
    return list(
        Membership.objects.filter(organisation_id=membership.organisation_id, role=ADVISER)
        .select_related("user")
        .order_by("user__email")
    )


@require_safe
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    membership, filters, day, shares = _filters_and_shares(request)
    concerns = _concern_labels()
    # The counts follow every filter but "When" (each count is then what its link shows).
    counts = cl.counts(cl.filtered(shares, replace(filters, status=""), day), day)
    number = cl.small_number(request.GET.get("page", ""), cl.MAX_PAGE) or 1
    rows, more = cl.page(cl.filtered(shares, filters, day), max(number, 1), filters.sort)
    advisers = _advisers_of(membership)
    return no_store(
        render(
            request,
            "advisers/caseload.html",
            {
                "membership": membership,
                "organisation": membership.organisation,
                "counts": counts,
                "rows": [_row(r, day, concerns) for r in rows],
                "filters": filters,
                "concerns": concerns,
                "advisers": advisers,
                "workload": _workload(shares, day, advisers) if membership.is_admin else [],
                "show_adviser": membership.is_admin and not filters.one_adviser,
                "statuses": cl.STATUSES,
                "sorts": cl.SORTS,
                "page": max(number, 1),
                "more": more,
                "query": _query_without(request, "page"),
                "filter_query": _query_without(request, "page", "status"),
                "soon_days": SOON_DAYS,
            },
        )
    )


def _workload(shares: Any, day: date, advisers: list[Membership]) -> list[dict[str, Any]]:
    names = {m.user_id: m.label for m in advisers}
    rows = cl.workload(shares, day)
    for row in rows:
        adviser_id = row["adviser_id"]
        row["label"] = names.get(adviser_id, "Someone who has left") if adviser_id else None
    return sorted(rows, key=lambda r: (r["label"] is None, r["label"] or ""))


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _adviser_label(share: Share) -> str:
    adviser = share.adviser
    if adviser is None:
        return ""
    member = getattr(adviser, "membership", None)
    return (member.display_name if member else "") or adviser.email


def _row(share: Share, day: date, concerns: dict[str, str]) -> dict[str, Any]:
    case = share.case
    due = case.next_deadline
    return {
        "case": case,
        "ref": cl.case_ref(case.public_id),
        "concern": concerns.get(case.concern, case.concern),
        "due": due,
        "next": cl.next_words(case.next_deadline_kind, due, day) if due else "",
        "days": (due - day).days if due else None,
        "status": cl.status_of(due, day),
        "check": (
            cl.check_words(case.family_passed_kind, case.family_passed_on)
            if case.family_passed_on
            else ""
        ),
        "push": (
            cl.push_words(case.council_late_kind, case.council_late_since, day)
            if case.council_late_since
            else ""
        ),
        "adviser": _adviser_label(share),
        "share": share,
    }


@require_safe
@login_required
def today_view(request: HttpRequest) -> HttpResponse:
    """An adviser's day: the family deadlines today and tomorrow, council duties to push on,
    family deadlines that passed (to check), and the follow-ups advisers set."""
    membership, filters, day, shares = _filters_and_shares(request)
    concerns = _concern_labels()
    active = cl.filtered(shares, replace(filters, status="", closed=False), day)
    tomorrow = day + timedelta(days=1)

    def rows(query: Any, sort: str) -> list[dict[str, Any]]:
        return [_row(r, day, concerns) for r in cl.page(query, 1, sort)[0]]

    due = active.filter(
        case__next_deadline__gte=day,
        case__next_deadline__lte=tomorrow,
        case__next_deadline_family=True,
    )
    sections = [
        ("due", "Family deadlines today and tomorrow", rows(due, "deadline")),
        (
            "push",
            "Council duties that are late: push for them",
            rows(active.filter(cl.status_q("council-late", day)), "council-late"),
        ),
        (
            "check",
            "Family deadlines that have passed: check what happened",
            rows(active.filter(cl.status_q("family-passed", day)), "family-passed"),
        ),
    ]
    return no_store(
        render(
            request,
            "advisers/today.html",
            {
                "membership": membership,
                "organisation": membership.organisation,
                "sections": sections,
                "follow_ups": follow_ups(request, membership, day),
                "show_adviser": membership.is_admin and not filters.one_adviser,
                "day": day,
                "page_limit": cl.PAGE_SIZE,
            },
        )
    )


def follow_ups(request: HttpRequest, membership: Membership, day: date) -> list[dict[str, Any]]:
    """The contact log's follow-ups due by today (issue 18 item 4): each with the case's
    reference and page while the family still shares it, else the contact itself."""
    due = cl.follow_ups_due(membership, day)
    shared = set(
        cl.base(membership)
        .filter(case_id__in=[c.case_id for c in due if c.case_id])
        .values_list("case_id", flat=True)
    )
    found = []
    for contact in due:
        case = contact.case if contact.case_id in shared else None
        if case is not None:
            href = reverse("advisers:case", args=[case.public_id]) + "#contacts"
        elif contact.author_id == request.user.pk:
            href = reverse("advisers:contact_edit", args=[contact.pk])
        else:
            href = ""
        found.append(
            {
                "ref": cl.case_ref(case.public_id) if case else "No shared case",
                "name": case.child_name if case else "",
                "text": cl.follow_up_words(contact, day),
                "by": contact.author_label,
                "href": href,
            }
        )
    return found


@require_safe
@login_required
def caseload_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered caseload as CSV for the organisation's reporting, without children's names."""
    _, filters, day, shares = _filters_and_shares(request)
    shares = cl.filtered(shares, filters, day)

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
        "whose",
        "days left",
        "status",
        "family deadline passed on",
        "family deadline passed",
        "council late since",
        "council late with",
        "closed",
    ]

    def lines() -> Any:
        yield writer.writerow(header)
        for row in cl.csv_rows(shares, filters.sort):
            ref, concern, council, setting, adviser, shared, closed = row[:7]
            due, kind, passed_on, passed_kind, late_since, late_kind = row[7:]
            yield writer.writerow(
                cell(v)
                for v in [
                    cl.case_ref(ref),
                    concern,
                    council,
                    setting,
                    adviser or "",
                    shared.date().isoformat(),
                    due.isoformat() if due else "",
                    kind,
                    cl.whose_words(kind) if due else "",
                    (due - day).days if due else "",
                    cl.status_of(due, day),
                    passed_on.isoformat() if passed_on else "",
                    passed_kind,
                    late_since.isoformat() if late_since else "",
                    late_kind,
                    "yes" if closed else "no",
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="caseload.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def stopped_sharing(view: Any) -> Any:
    """A case page for an adviser whose organisation the family has stopped sharing with: a
    plain page that says so, with the organisation's own record of the share (its reference,
    dates and adviser) and nothing of the case's content. Anyone else still gets a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, case_id: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, case_id, *args, **kwargs)
        except Http404:
            record = _stopped_share(request, case_id)
            if record is None:
                raise
            return no_store(
                render(
                    request,
                    "advisers/stopped_sharing.html",
                    {
                        "ref": cl.case_ref(case_id),
                        "share": record,
                        "adviser": _adviser_label(record),
                    },
                    status=410,
                )
            )

    return wrapper


def _stopped_share(request: HttpRequest, case_id: Any) -> Share | None:
    membership = access.adviser_membership(request.user)
    if membership is None:
        return None
    shares = Share.objects.filter(
        case__public_id=case_id, organisation_id=membership.organisation_id
    )
    if shares.filter(revoked_at=None).exists():
        return None  # still shared: the 404 was for another reason (not assigned to them)
    stopped = shares.exclude(revoked_at=None).select_related("adviser__membership")
    if not membership.is_admin:
        stopped = stopped.filter(adviser_id=membership.user_id)
    return stopped.order_by("-revoked_at").first()


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def compulsory_school_age_ends(born: date) -> date:
    """The last Friday in June of the school year (September to August) in which the child
    turns 16 (Education Act 1996 s.8, https://www.legislation.gov.uk/ukpga/1996/56/section/8;
    as IPSEA explains, https://www.ipsea.org.uk/faqs/young-person). After it the child is a
    "young person" (Children and Families Act 2014 s.83(2),
    https://www.legislation.gov.uk/ukpga/2014/6/section/83) and holds the rights."""
    sixteen = born.year + 16
    turns_in_autumn = (born.month, born.day) >= (9, 1)
    year = sixteen + 1 if turns_in_autumn else sixteen
    last = date(year, 6, 30)
    return last - timedelta(days=(last.weekday() - 4) % 7)


def is_young_person(born: date, day: date) -> bool:
    return day > compulsory_school_age_ends(born)


@stopped_sharing
@require_safe
@case_view(reads="the case")
def case(request: HttpRequest, case: Case) -> HttpResponse:
    """An adviser's (or organisation admin's) view: what the parent sees, in an adviser's
    words (whose each deadline is, the working, warnings, routes open now), with the child's
    age, what needs doing, and the actions the assigned adviser may take for the family."""
    if case.owner_id == request.user.pk:
        return redirect("cases:dashboard", case.public_id)
    events = list(case.events.select_related("author"))
    page = timeline_page(request, events)
    day = today()
    age = age_on(case.child_date_of_birth, day)
    young = is_young_person(case.child_date_of_birth, day)
    facts = replace(
        facts_for(case, events, day),
        asker="adviser-for-young-person" if young else "adviser-for-parent",
    )
    assessment = assess(facts)
    marks = list(case.deadline_marks.all())
    found = focus(assessment, facts, set_aside(assessment, marks))
    acting = access.can_act_for_family(request.user, case)
    share = _share_of(request, case)
    return no_store(
        render(
            request,
            "advisers/case.html",
            {
                "case": case,
                "ref": cl.case_ref(case.public_id),
                "age": age,
                "young_person": young,
                "school_age_ends": compulsory_school_age_ends(case.child_date_of_birth),
                "assessment": assessment,
                "focus": found,
                "marks": marks_by_deadline(assessment, marks),
                "push": [cl.push_words(d.id, d.due, day) for d in found.to_push],
                "check": [cl.check_words(d.id, d.due) for d in found.to_check],
                "open_routes": [
                    r for r in assessment.routes if r.status in ("recommended", "available")
                ],
                "events": page.events,
                "timeline_page": page,
                "authors": _authors(case, page.events),
                "loose_documents": list(case.documents.filter(event__isnull=True)),
                "owner_id": case.owner_id,
                "can_note": access.can_add_note(request.user, case),
                "can_act": acting,
                "letters": letters_for_open_routes(assessment.routes) if acting else (),
                "contacts": contacts.visible_to(_membership_or_404(request), case),
                "user_id": request.user.pk,
                "can_assign": access.can_assign(request.user, case),
                "share": share,
                "handover": share if share and share.handed_over_at else None,
                "contact": share.case.owner.email if share and share.contact_shared else "",
            },
        )
    )


def _share_of(request: HttpRequest, case: Case) -> Share | None:
    """The active share of the case with this adviser's organisation."""
    membership = access.adviser_membership(request.user)
    if membership is None:
        return None
    return (
        Share.objects.active()
        .filter(case=case, organisation_id=membership.organisation_id)
        .select_related("case__owner")
        .first()
    )


def _authors(case: Case, events: list[Any]) -> dict[int, str]:
    """Who added each entry that is not the parent's, as the audit trail names them."""
    users = {e.author_id: e.author for e in events if e.author_id not in (None, case.owner_id)}
    return {pk: audit.actor_label(user, case)[0] for pk, user in users.items()}


@require_http_methods(["GET", "POST"])
@case_view(reads="a note")
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
            case,
            by=request.user,
            kind=NOTE,
            day=today(),
            what=form.cleaned_data["what"].strip(),
            audit_what="a note",
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
@case_view(reads="which adviser has the case")
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
        note = form.cleaned_data["note"].strip()
        if services.assign(share, chosen, by=request.user, note=note):
            emails.handed_over(request, share)  # the family and the new adviser are told
        return redirect("advisers:caseload")
    return render(request, "advisers/assign.html", {"form": form, "case": case, "share": share})


@require_http_methods(["GET", "POST"])
@case_view(reads="who the case is shared with", change=True)
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
            services.revoke(row, by=request.user)
            return redirect(reverse("advisers:sharing", args=[case.public_id]) + "?stopped=1")
        if form.is_valid() and not getattr(request.user, "email_verified", False):
            # Issue 12: consent to share goes with an address that is known to be the parent's.
            form.add_error("organisation", "Confirm your email address before you share your case")
        elif form.is_valid():
            organisation = Organisation.objects.get(pk=form.cleaned_data["organisation"])
            if organisation.pk not in shared_with:  # a new consent, not the same one again
                row = services.share(
                    case,
                    organisation,
                    by=request.user,
                    contact=form.cleaned_data["share_contact"],
                )
                emails.shared(request, row)  # the organisation's admins are told
            return redirect("advisers:sharing", case.public_id)
        if not form.is_bound:
            form = ShareForm({}, organisations=organisations)
            form.is_valid()
    return no_store(
        render(
            request,
            "advisers/sharing.html",
            {"case": case, "form": form, "active": active, "organisations": organisations},
        )
    )


@require_safe
@case_view(reads="who has looked at the case", change=True)
def audit_trail(request: HttpRequest, case: Case) -> HttpResponse:
    """Who has looked at or changed the case: everyone but the parent, newest first."""
    entries = list(case.audit_entries.filter(is_owner=False)[:2000])
    found = audit.visits(entries)
    for visit in found:
        visit["start"], visit["end"] = (
            timezone.localtime(visit["start"]),
            timezone.localtime(visit["end"]),
        )
    return no_store(render(request, "advisers/audit.html", {"case": case, "visits": found}))


# ---- acting for the family, with consent (issue 18) ----------------------------------------


def _back_to_case(request: HttpRequest, case: Case, anchor: str = "") -> HttpResponse:
    target = "cases:dashboard" if case.owner_id == request.user.pk else "advisers:case"
    return redirect(reverse(target, args=[case.public_id]) + anchor)


@require_http_methods(["GET", "POST"])
@case_view(reads="a new event, for the family", act=True)
def event_for_family(request: HttpRequest, case: Case) -> HttpResponse:
    """The assigned adviser records something that happened (a letter the family received, a
    meeting held): marked as theirs on the timeline; the deadlines follow it."""
    if case.owner_id == request.user.pk:
        return redirect("cases:event_new", case.public_id)
    if not case_services.has_room_for_an_event(case):
        return case_full(request, case)
    form = event_form(request, case)
    if request.method == "POST" and request.FILES:
        form.is_valid()
        form.add_error("document", "Ask the family to add documents to their case")
    elif request.method == "POST" and form.is_valid():
        case_services.add_event(
            case,
            by=request.user,
            kind=form.cleaned_data["kind"],
            day=form.cleaned_data["date"],
            who=form.cleaned_data["who"].strip(),
            what=form.cleaned_data["what"].strip(),
            audit_what="a new event, for the family",
        )
        return _back_to_case(request, case, "#timeline")
    return render(request, "advisers/event_form.html", {"form": form, "case": case, "event": None})


@require_http_methods(["GET", "POST"])
@case_view(reads="a deadline (to mark dealt with or not applicable)", act=True)
def mark_deadline(request: HttpRequest, case: Case) -> HttpResponse:
    """Mark an open deadline "dealt with" or "not applicable", with the reason: it leaves the
    caseload's next deadline and flags, and the parent sees who marked it and why."""
    assessment = assessment_for(case)
    open_now = [d for d in assessment.deadlines if d.met_on is None]
    form = MarkForm(
        request.POST if request.method == "POST" else None,
        deadlines=[(d.id, f"{d.name}: {long_date(d.due)}") for d in open_now],
        initial={"deadline": request.GET.get("deadline", "")},
    )
    if form.is_valid():
        chosen = next(d for d in open_now if d.id == form.cleaned_data["deadline"])
        case_services.mark_deadline(
            case,
            deadline_id=chosen.id,
            due=chosen.due,
            state=form.cleaned_data["state"],
            reason=form.cleaned_data["reason"].strip(),
            by=request.user,
            by_label=audit.actor_label(request.user, case)[0],
        )
        return _back_to_case(request, case, "#deadlines")
    return render(
        request,
        "advisers/mark_deadline.html",
        {"form": form, "case": case, "deadlines": open_now},
    )
