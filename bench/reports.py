"""Reports benchmark (issue 20 item 4): a service with 10,000 shared cases and 100,000
contacts on PostgreSQL.

    scripts/postgres start
    SEND_REDRESS_DATABASE=$(scripts/postgres url) .venv/bin/python bench/reports.py [--runs 30]
    scripts/postgres stop

(`make bench-reports` does all three.) Migrates, builds the data once with
`manage.py build_reports_bench` (skipped when the organisation exists), then, in process
through Django's test client with real two-factor sign-in, times the organisation admin's
report for a year (page, CSV, XLSX) and for a quarter, and the public page and CSV of the
council with the most consenting cases: the median wall time over --runs requests after
warm-up, and the number of SQL queries (the same for a quarter as for a year). Baseline in the
same run: the caseload page for the same admin (issue 6's benchmark, 150 ms aim). Aim: the
year's report under 300 ms median with a fixed number of queries. Results: docs/reports.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from caseload import TODAY, client_for, measure, setup  # noqa: E402

NAME = "Reports Bench SENDIASS"


def build(cases: int, events: int, contacts: int) -> None:
    import time

    from django.core.management import call_command
    from django.db import connection

    from web.advisers.models import Organisation

    if Organisation.objects.filter(name=NAME).exists():
        print(f"{NAME} exists: reusing it")
        return
    started = time.perf_counter()
    call_command(
        "build_reports_bench",
        f"--cases={cases}",
        f"--events={events}",
        f"--contacts={contacts}",
        "--organisation",
        NAME,
    )
    print(f"built in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def period(start: str, end: str) -> str:
    from urllib.parse import urlencode

    (sy, sm, sd), (ey, em, ed) = start.split("-"), end.split("-")
    return "?" + urlencode(
        {"start-day": sd, "start-month": sm, "start-year": sy, "end-day": ed, "end-month": em, "end-year": ey}
    )  # fmt: skip


def explain(client, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for query in queries:
        sql = query["sql"]
        if "advisers_contact" not in sql and "reports_caseclock" not in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE) " + sql)
            plan = [line for (line,) in cursor.fetchall()]
        print(f"\n{sql[:150]}...\n  " + "\n  ".join(plan[:3] + plan[-2:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    setup()
    build(args.cases, args.events, args.contacts)
    from django.db.models import Count
    from django.urls import reverse

    from web.advisers.models import Contact, Membership
    from web.reports.models import CaseClock, PublicConsent

    admin = Membership.objects.get(organisation__name=NAME, role="admin")
    org = admin.organisation
    year = period("2026-02-01", "2027-01-31")
    quarter = period("2026-10-01", "2026-12-31")
    in_year = Contact.objects.filter(organisation=org, date__range=("2026-02-01", "2027-01-31"))
    top = (
        CaseClock.objects.filter(whose="council", case__public_consents__withdrawn_at__isnull=True,
                                 case__public_consents__isnull=False)
        .exclude(council="england")  # the fallback for no council has no public page
        .values("council").annotate(n=Count("id")).order_by("-n").first()
    )  # fmt: skip
    council = top["council"] if top else "bedford"
    print(
        f"today {TODAY}; {org.shares.count()} shared cases, "
        f"{Contact.objects.filter(organisation=org).count()} contacts ({in_year.count()} in the"
        f" year), {CaseClock.objects.count()} clock rows, {PublicConsent.objects.count()}"
        f" consents; public page for {council!r}"
    )
    client = client_for(admin.user)
    variants = [
        ("caseload (baseline)", reverse("advisers:caseload"), False),
        ("report, a year", reverse("reports:service") + year, False),
        ("report, a quarter", reverse("reports:service") + quarter, False),
        ("CSV, a year", reverse("reports:service_csv") + year, False),
        ("XLSX, a year", reverse("reports:service_xlsx") + year, False),
        ("council page", reverse("reports:council", args=[council]), False),
        ("council CSV", reverse("reports:council_csv", args=[council]), False),
    ]
    rows = []
    for name, url, streaming in variants:
        median, queries, size = measure(client, url, args.runs, streaming)
        rows.append((name, median, queries, size))
    baseline = rows[0][1]
    print(f"\n{'page':22} {'median ms':>10} {'x caseload':>10} {'queries':>8} {'bytes':>9}")
    for name, median, queries, size in rows:
        print(f"{name:22} {median:10.1f} {median / baseline:10.2f} {queries:8d} {size:9d}")
    if args.explain:
        explain(client, reverse("reports:service") + year)


if __name__ == "__main__":
    main()
