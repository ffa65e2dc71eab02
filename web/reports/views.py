"""Reports: a service's own report (organisation admins only, every one logged), the parent's
consent to count in public statistics, and the public page of each council's clocks.

The service's report names no case and no child. The public pages show only what
`publication` allows: figures from consenting cases, small counts hidden.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from send_redress import load_content
from web.advisers.models import Membership
from web.cases import access
from web.cases.models import Case
from web.cases.views import case_view
from web.common.responses import no_store
from web.journey.clock import today

from . import charts, exports, figures, publication, services
from .forms import PeriodForm, last_quarter, period_query
from .models import PublicConsent, ReportLog


def _admin_or_404(request: HttpRequest) -> Membership:
    membership = access.adviser_membership(request.user)
    if membership is None or not membership.is_admin:
        raise Http404
    return membership


def _period(request: HttpRequest, day: date) -> tuple[PeriodForm, date, date]:
    """The period asked for, or the last whole quarter when none was. A wrong period leaves
    errors on the form (and its dates are then not used)."""
    if not any(key.startswith(("start-", "end-")) for key in request.GET):
        start, end = last_quarter(day)
        form = PeriodForm(period_query(start, end), today=day)
    else:
        form = PeriodForm(request.GET, today=day)
    if not form.is_valid() or form.errors:
        return form, date.min, date.min
    return form, form.cleaned_data["start"], form.cleaned_data["end"]


def _log(membership: Membership, start: date, end: date, kind: str) -> None:
    role = membership.get_role_display().lower()
    name = f"{membership.display_name}, " if membership.display_name else ""
    ReportLog.objects.create(
        organisation_id=membership.organisation_id,
        actor_id=membership.user_id,
        actor=f"{name}{membership.user.email} ({role}, {membership.organisation.name})",
        start=start,
        end=end,
        format=kind,
    )


def _report(membership: Membership, start: date, end: date, day: date) -> figures.Report:
    return figures.service_report(
        membership.organisation_id, membership.organisation.name, start, end, day
    )


@require_safe
@login_required
def service_report(request: HttpRequest) -> HttpResponse:
    membership = _admin_or_404(request)
    day = today()
    form, start, end = _period(request, day)
    if form.errors:
        return no_store(
            render(request, "reports/service.html", {"form": form, "report": None}, status=400)
        )
    report = _report(membership, start, end, day)
    _log(membership, start, end, "page")
    query = urlencode(period_query(start, end))
    quick = [
        ("The last whole quarter", period_query(*last_quarter(day))),
        ("The last 12 months", period_query(day - timedelta(days=364), day)),
        ("This year so far", period_query(date(day.year, 1, 1), day)),
    ]
    missed_by_council: dict[str, int] = {}
    for row in report.clocks:
        missed_by_council[row.council] = missed_by_council.get(row.council, 0) + row.missed
    missed_rows = sorted(missed_by_council.items(), key=lambda r: (-r[1], r[0]))
    return no_store(
        render(
            request,
            "reports/service.html",
            {
                "form": form,
                "report": report,
                "charts": {t.id: charts.bar_chart(t.rows) for t in report.tables},
                "missed_chart": charts.bar_chart(missed_rows),
                "missed_rows": missed_rows,
                "query": query,
                "quick": [(text, urlencode(q)) for text, q in quick],
                "logs": list(
                    ReportLog.objects.filter(organisation_id=membership.organisation_id)[:10]
                ),
            },
        )
    )


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    membership = _admin_or_404(request)
    day = today()
    form, start, end = _period(request, day)
    if form.errors:
        return no_store(HttpResponse("Choose a period on the report page.", status=400))
    report = _report(membership, start, end, day)
    _log(membership, start, end, kind)
    filename = f"report-{start.isoformat()}-to-{end.isoformat()}.{kind}"
    if kind == "csv":
        response = HttpResponse(exports.to_csv(report), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return no_store(response)


@require_safe
@login_required
def service_report_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@require_safe
@login_required
def service_report_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@require_http_methods(["GET", "POST"])
@case_view(reads=services.WHAT, change=True)
def public_statistics(request: HttpRequest, case: Case) -> HttpResponse:
    """The parent agrees, or stops agreeing, that their case's dates count in the public
    figures about their council. Separate from sharing with an adviser."""
    if request.method == "POST":
        if request.POST.get("consent") == "give":
            services.give_public_consent(case, by=request.user)
        elif request.POST.get("consent") == "withdraw":
            services.withdraw_public_consent(case, by=request.user)
        else:
            raise Http404
        return redirect("reports:public_statistics", case.public_id)
    consent = PublicConsent.objects.active().filter(case=case).first()
    council = figures.council_names().get(case.council, case.council)
    return no_store(
        render(
            request,
            "reports/public_statistics.html",
            {
                "case": case,
                "consent": consent,
                "council": council,
                "has_page": case.council in load_content().councils,
            },
        )
    )


def _council_or_404(council: str) -> str:
    content = load_content()
    found = content.councils.get(council)
    if found is None:
        raise Http404
    return found.name


@require_safe
def councils(request: HttpRequest) -> HttpResponse:
    content = load_content()
    return render(
        request,
        "reports/councils.html",
        {"councils": list(content.councils.values()), "minimum": publication.MINIMUM},
    )


@require_safe
def council_clocks(request: HttpRequest, council: str) -> HttpResponse:
    name = _council_or_404(council)
    rows = publication.council_rows(council, today())
    return render(
        request,
        "reports/council.html",
        {
            "council_id": council,
            "name": name,
            "rows": rows,
            "names": publication.clock_names(),
            "minimum": publication.MINIMUM,
            "as_at": publication.as_at(today()),
        },
    )


@require_safe
def council_clocks_csv(request: HttpRequest, council: str) -> HttpResponse:
    name = _council_or_404(council)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(publication.csv_lines(name, publication.council_rows(council, today())))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{council}-clocks.csv"'
    return response
