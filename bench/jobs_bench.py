"""Queue benchmark (issue 13): chronology jobs through two workers, and the request that
enqueues one.

    make bench-queue   (PostgreSQL, a private cluster; or .venv/bin/python bench/jobs_bench.py
                        [--jobs 1000] [--requests 200] with SEND_REDRESS_DATABASE set, SQLite
                        in a temporary folder otherwise)

1. --jobs cases of 12 events each; one chronology PDF job per case, enqueued in one transaction
   while two `manage.py worker` processes wait (started and warmed first). Figure: jobs per
   second from the commit to the last job's end, each job claimed by one worker. Baseline from
   the same run: one render of the same chronology in this process (median of 15), so "2 /
   render time" is what two workers on two idle cores could at best do.
2. The request that enqueues a job (GET cases/<id>/chronology.pdf for a case with no file yet:
   one PreparedFile row and one job row, then a redirect to the "being prepared" page), through
   Django's test client in this process, signed in, --requests times, against the hello view
   (web_bench_urls) timed alternately in the same loop. Figures: medians and the ratio.

The machine's 2 cores are shared with the workers' PostgreSQL and with anything else running,
so the ratios matter more than the absolute figures. Workers are stopped by their PIDs.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def setup(tmp: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jobs_bench_settings",
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "SEND_REDRESS_DOCUMENT_ROOT": str(tmp / "documents"),
    }
    env.setdefault("SEND_REDRESS_DATABASE", f"sqlite:///{tmp / 'queue.sqlite3'}")
    os.environ.update(env)
    sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return env


def make_cases(count: int) -> list:
    from web.accounts.models import User
    from web.cases.models import Case, Event

    owner = User.objects.create_user("bench@example.com", "a long bench password")
    cases = Case.objects.bulk_create(
        Case(
            owner=owner,
            child_name=f"Child {n}",
            child_date_of_birth=date(2015, 3, 27),
            setting="maintained-school",
            council="bedford",
            concern="refused-assessment",
        )
        for n in range(count)
    )
    start = date(2026, 1, 5)
    Event.objects.bulk_create(
        Event(
            case=case,
            kind="note",
            date=start + timedelta(days=14 * i),
            who="Bedford SEN team",
            what=f"Phoned about the assessment, call {i + 1}. They said they would write.",
            author=owner,
        )
        for case in cases
        for i in range(12)
    )
    return cases


def start_workers(env: dict[str, str], tmp: Path) -> list[subprocess.Popen]:
    workers = []
    for name in ("a", "b"):
        log = tmp / f"worker-{name}.log"
        with log.open("w") as out:
            workers.append(
                subprocess.Popen(
                    [
                        str(BIN / "python"),
                        str(ROOT / "manage.py"),
                        "worker",
                        "--interval",
                        "0.05",
                        "--worker-id",
                        f"bench-{name}",
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )  # fmt: skip
            )
    deadline = time.monotonic() + 120
    for name in ("a", "b"):
        while "Starting worker" not in (tmp / f"worker-{name}.log").read_text():
            if time.monotonic() > deadline:
                raise SystemExit(f"worker {name} did not start")
            time.sleep(0.1)
    return workers


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()


def run_jobs(cases: list, env: dict[str, str], tmp: Path) -> dict[str, float]:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from web.jobs.files import request_file

    workers = start_workers(env, tmp)
    try:
        with transaction.atomic():
            for case in cases:
                request_file(case, "chronology.pdf")
        committed = time.perf_counter()
        while True:
            done = DBTaskResult.objects.filter(status__in=["SUCCESSFUL", "FAILED"]).count()
            if done >= len(cases):
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - committed
    finally:
        stop(workers)
    rows = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert all(s == "SUCCESSFUL" and len(w) == 1 for s, w in rows), "a job failed or ran twice"
    per_worker = {w: sum(1 for _, ids in rows if ids[0] == w) for w in ("bench-a", "bench-b")}
    return {"jobs": len(rows), "seconds": elapsed, "jobs_per_s": len(rows) / elapsed, **per_worker}


def render_median(case) -> float:
    from web.cases import chronology

    chronology.to_pdf(case)
    times = []
    for _ in range(15):
        started = time.perf_counter()
        chronology.to_pdf(case)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def enqueue_requests(cases: list, owner) -> dict[str, float]:
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    client = Client()
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    hello, enqueue = [], []
    for case in cases[:3]:  # warm-up
        client.get("/bench/hello")
        client.get(reverse("cases:chronology_pdf", args=[case.public_id]))
    for case in cases[3:]:
        started = time.perf_counter()
        response = client.get("/bench/hello")
        hello.append(time.perf_counter() - started)
        url = reverse("cases:chronology_pdf", args=[case.public_id])
        started = time.perf_counter()
        response = client.get(url)
        enqueue.append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
    h, e = statistics.median(hello), statistics.median(enqueue)
    return {"hello_ms": h * 1000, "enqueue_ms": e * 1000, "enqueue_x_hello": e / h}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="send-redress-bench-queue-") as name:
        tmp = Path(name)
        env = setup(tmp)
        from django.db import connection

        started = time.perf_counter()
        cases = make_cases(args.jobs + args.requests + 3)
        print(f"{len(cases)} cases of 12 events built in {time.perf_counter() - started:.1f} s "
              f"on {connection.vendor}")  # fmt: skip
        render = render_median(cases[-1])
        jobs = run_jobs(cases[: args.jobs], env, tmp)
        requests = enqueue_requests(cases[args.jobs :], cases[0].owner)
        best = 2 / render
        print(f"\n{'measure':52} {'figure':>12}")
        print(f"{'one chronology render in this process (median)':52} {render * 1000:10.1f} ms")
        print(f"{'jobs through two workers':52} {jobs['jobs_per_s']:8.1f} jobs/s")
        print(
            f"{'  share of 2 / render time (two idle cores)':52} {jobs['jobs_per_s'] / best:10.0%}"
        )
        print(f"{'  jobs run by worker a / b':52} {jobs['bench-a']:>6} / {jobs['bench-b']}")
        print(f"{'hello view (median)':52} {requests['hello_ms']:10.2f} ms")
        print(
            f"{'request that enqueues a chronology (median)':52} {requests['enqueue_ms']:10.2f} ms"
        )
        print(f"{'  x hello':52} {requests['enqueue_x_hello']:10.1f}")
        print(json.dumps({"render_s": render, **jobs, **requests}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
