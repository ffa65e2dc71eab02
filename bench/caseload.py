"""Caseload benchmark (issue 6): an organisation with 10,000 shared cases and 200,000 events.

    scripts/postgres start
    SEND_REDRESS_DATABASE=$(scripts/postgres url) .venv/bin/python bench/caseload.py [--runs 30]
    scripts/postgres stop

Migrates the database, builds the data set once with `manage.py build_caseload_bench` (bulk
inserts; skipped when "Bench SENDIASS" exists), then, in process through Django's test client
with real two-factor sign-in, times the caseload page for the organisation admin (all 10,000
cases) and for one adviser (about 475), with filters, a deep page and the CSV export: median
wall time over --runs requests after warm-up, and the number of SQL queries (the same for
every variant). The caseload's status filters and the Today view are issue 18's. Prints EXPLAIN ANALYZE for the page and count queries. Aim: under 150 ms
median with a fixed number of queries. Results: docs/advisers-caseload.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_setup import start_django  # noqa: E402

NAME = "Bench SENDIASS"
TODAY = date(2027, 2, 1)


def setup() -> None:
    database = os.environ.get("SEND_REDRESS_DATABASE", "")
    if not database.startswith("postgres"):
        sys.exit("Set SEND_REDRESS_DATABASE to a PostgreSQL URL: see the docstring.")
    start_django(database, test_client=True, SEND_REDRESS_TODAY=TODAY)


def build(cases: int, events: int) -> None:
    from django.core.management import call_command

    from web.advisers.models import Organisation

    if Organisation.objects.filter(name=NAME).exists():
        print(f"{NAME} exists: reusing it")
        return
    started = time.perf_counter()
    call_command(
        "build_caseload_bench", f"--cases={cases}", f"--events={events}", "--organisation", NAME
    )
    print(f"built in {time.perf_counter() - started:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def client_for(user):
    from django.test import Client
    from django.urls import reverse
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    response = client.post(reverse("advisers:two_factor_verify"), {"code": f"{code:06d}"})
    assert response.status_code == 302, response.status_code
    return client


def measure(client, url: str, runs: int, streaming: bool = False) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get() -> int:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if streaming else response.content
        return len(body)

    for _ in range(3):
        get()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        size = get()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        get()
    return statistics.median(times), len(queries), size


def explain(client, url: str, title: str) -> None:
    """EXPLAIN ANALYZE each query of the request that reads the shares (the page's own SQL,
    as Django sent it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for query in queries:
        sql = query["sql"]
        if "advisers_share" not in sql or not sql.lstrip().upper().startswith("SELECT"):
            continue
        print(f"\nEXPLAIN ANALYZE, {title}: {sql[:160]}...")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            for (line,) in cursor.fetchall():
                print("  " + line)


def digest_rows(members, runs: int) -> list[tuple[str, str, float, int, int]]:
    """The daily digest's lines (issue 18) for each member, as the sender builds them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from web.reminders.digest import lines_for

    found = []
    for who, member in members:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            lines = lines_for(member.user, TODAY)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            lines_for(member.user, TODAY)
        found.append(
            (who, f"digest, {len(lines)} lines", statistics.median(times), len(queries), 0)
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--no-explain", action="store_true")
    args = parser.parse_args()
    setup()
    build(args.cases, args.events)
    from django.urls import reverse

    from web.advisers.models import Membership
    from web.cases.models import Case, Event

    admin = Membership.objects.get(organisation__name=NAME, role="admin")
    adviser = Membership.objects.filter(organisation__name=NAME, role="adviser").first()
    assert adviser is not None
    print(
        f"{Case.objects.count()} cases, {Event.objects.count()} events; "
        f"admin sees {admin.organisation.shares.count()}, one adviser "
        f"{admin.organisation.shares.filter(adviser_id=adviser.user_id).count()}"
    )
    caseload = reverse("advisers:caseload")
    rows = []
    clients = {}
    for who, member in [("org admin", admin), ("adviser", adviser)]:
        client = clients[who] = client_for(member.user)
        variants = [
            ("caseload", caseload, False),
            ("due today", caseload + "?status=today", False),
            ("due in 14 days", caseload + "?status=soon", False),
            ("council late", caseload + "?status=council-late", False),
            ("family passed", caseload + "?status=family-passed", False),
            ("by concern", caseload + "?concern=refused-plan", False),
            ("council late 1st", caseload + "?sort=council-late", False),
            ("page 20", caseload + "?page=20", False),
            ("Today view", reverse("advisers:today"), False),
            ("CSV, all", reverse("advisers:caseload_csv"), True),
        ]
        if member.is_admin:
            variants.insert(4, ("by adviser", caseload + f"?adviser={adviser.user_id}", False))
        for name, url, streaming in variants:
            median, queries, size = measure(client, url, args.runs, streaming)
            rows.append((who, name, median, queries, size))
    rows += digest_rows([("org admin", admin), ("adviser", adviser)], args.runs)
    print(f"\n{'who':10} {'page':16} {'median ms':>10} {'queries':>8} {'bytes':>9}")
    for who, name, median, queries, size in rows:
        print(f"{who:10} {name:16} {median:10.1f} {queries:8d} {size:9d}")
    if not args.no_explain:
        explain(clients["org admin"], caseload, "org admin, caseload")
        explain(clients["org admin"], caseload + "?status=soon", "org admin, due in 14 days")
        explain(clients["org admin"], reverse("advisers:today"), "org admin, Today view")
        explain(clients["adviser"], caseload, "adviser, caseload")


if __name__ == "__main__":
    main()
