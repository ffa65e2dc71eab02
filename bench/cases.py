"""Case-file benchmark (issue 5): a parent's dashboard and chronology for a large case.

    .venv/bin/python bench/cases.py [--runs 30] [--pdf-runs 7]

In process, through Django's test client, on a throwaway SQLite database and document folder.
The large case has 300 events and 100 documents (small PDFs, linked to events or not). For each
measure: median wall time over --runs requests after warm-up, and the number of SQL queries.
Baselines from the same run: the dashboard and chronology of an empty case (same user, same
middleware, same templates), and a 30-event/10-document case to show the query count does not
grow with the case. Aims: dashboard under 100 ms with a fixed number of queries; chronology PDF
under 1 s.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_setup import start_django  # noqa: E402
from tests.personas import pdf_bytes  # noqa: E402 (small real PDFs, as the tests make them)


def setup(tmp: Path) -> None:
    start_django(
        f"sqlite:///{tmp / 'bench.sqlite3'}",
        test_client=True,
        CASES_DOCUMENT_ROOT=tmp / "documents",
        PASSWORD_HASHERS=["web.accounts.testing.FastArgon2PasswordHasher"],
        SEND_REDRESS_TODAY=date(2027, 2, 1),
    )


def make_case(user, events: int, docs: int, seed: int = 5):
    from send_redress import EVENTS_BY_CONCERN
    from web.cases import documents, services
    from web.cases.models import NOTE, Event

    rng = random.Random(seed)
    case = services.create_case(
        user,
        child_name="Sam",
        child_date_of_birth=date(2015, 3, 27),
        setting="maintained-school",
        council="bedford",
        concern="refused-assessment",
    )
    kinds = [*EVENTS_BY_CONCERN["refused-assessment"], NOTE]
    start = date(2024, 1, 1)
    for i in range(events):
        services.add_event(
            case,
            by=user,
            kind=rng.choice(kinds),
            day=start + timedelta(days=rng.randrange(0, 1100)),
            who=f"Person {i % 17}",
            what=f"Event {i}: a meeting or a letter, described in a sentence or two.",
        )
    ids = list(Event.objects.filter(case=case).values_list("pk", flat=True))
    for i in range(docs):
        data = pdf_bytes(1 + i % 4)
        upload = io.BytesIO(data)
        checked = documents.check(upload, f"document {i}.pdf", len(data))
        event = Event.objects.get(pk=rng.choice(ids)) if ids and i % 5 else None
        services.add_document(case, checked, upload, by=user, event=event)
    return case


def measure(client, url: str, runs: int, warm: int = 3) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warm):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {"median_ms": statistics.median(times) * 1000, "queries": len(queries)}


def measure_render(case, runs: int) -> dict[str, float]:
    """The chronology PDF as its job renders it (web/jobs/files.py): its page only enqueues
    the job since issue 13, so the render is timed here directly."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from web.cases import chronology

    chronology.to_pdf(case)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        chronology.to_pdf(case)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        chronology.to_pdf(case)
    return {"median_ms": statistics.median(times) * 1000, "queries": len(queries)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pdf-runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="send-redress-bench-") as tmp:
        setup(Path(tmp))
        from django.test import Client
        from django.urls import reverse

        from web.accounts.models import User

        user = User.objects.create_user("bench@example.com", "a long bench password")
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        started = time.perf_counter()
        cases = {
            "empty": make_case(user, 0, 0),
            "30 events, 10 documents": make_case(user, 30, 10),
            "300 events, 100 documents": make_case(user, 300, 100),
        }
        print(f"data set built in {time.perf_counter() - started:.1f} s")
        results: dict[str, dict[str, dict[str, float]]] = {}
        for label, case in cases.items():
            results[label] = {
                "dashboard": measure(
                    client, reverse("cases:dashboard", args=[case.public_id]), args.runs
                ),
                "chronology.pdf": measure_render(case, args.pdf_runs),
            }
        print(f"\n{'case':28} {'page':16} {'median ms':>10} {'queries':>8} {'x empty':>8}")
        for label, pages in results.items():
            for page, r in pages.items():
                ratio = r["median_ms"] / results["empty"][page]["median_ms"]
                print(f"{label:28} {page:16} {r['median_ms']:10.1f} {r['queries']:8d} {ratio:8.2f}")
        big = results["300 events, 100 documents"]
        # An empty case saves one query: prefetching the documents of no events asks nothing.
        fixed = len({p["dashboard"]["queries"] for k, p in results.items() if k != "empty"}) == 1
        print(
            f"\naims: dashboard < 100 ms: {big['dashboard']['median_ms'] < 100}; "
            f"same queries at 30 and 300 events: {fixed}; "
            f"chronology < 1 s: {big['chronology.pdf']['median_ms'] < 1000}"
        )
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
