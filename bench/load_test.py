"""Load test (issue 12): 32 connections for 60 s on loopback, against the start page, the
first question, the result page and a signed-in parent's case dashboard at once; zero errors
allowed; each page's p95 latency reported against the bare hello view's in the same run.

    make bench-load   (or .venv/bin/python bench/load_test.py [--duration 60] [--json FILE])

Same server as bench/web_bench.py (bench/server.py): gunicorn, 2 sync workers, SQLite (WAL,
BEGIN IMMEDIATE) in a throwaway directory, 127.0.0.1 only. First the hello view alone at 32 connections (a
quarter of the duration), then the four pages together, 8 connections each (32 in all), for
the whole duration: the dashboard writes an audit entry on every view, so the database's
writes contend as they do in service. Bounded: every wrk run has a fixed duration, and the
server is stopped by its PID at the end, also on failure. Exit status 1 if any request failed
or answered other than 2xx/3xx.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import ROOT, gunicorn  # noqa: E402
from web_bench import LUA, walk_journey  # noqa: E402

SIGNED_IN = """
from datetime import date
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from importlib import import_module
from web.accounts.models import User
from web.cases import services
user = User.objects.create_user("bench@example.com", None, email_verified=True)
case = services.create_case(user, child_name="Sam", child_date_of_birth=date(2015, 3, 27),
    setting="maintained-school", council="bedford", concern="refused-assessment",
    events=[("assessment-requested", date(2026, 10, 1)), ("decision-notice-sent", date(2026, 11, 6))])
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.save()
from django.urls import reverse
print(reverse("cases:dashboard", args=[case.public_id]), f"{settings.SESSION_COOKIE_NAME}={store.session_key}")
"""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def first_status(url: str, cookie: str) -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with opener.open(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def start_wrk(url: str, *, duration: int, connections: int, cookie: str, lua: Path):
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(lua)]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    return subprocess.Popen([*cmd, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_wrk(process: subprocess.Popen, duration: int) -> dict:
    out, err = process.communicate(timeout=duration + 60)
    line = next((x for x in out.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {err[-500:]}")
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of mixed load (<= 120)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.duration = max(5, min(args.duration, 120))
    if not shutil.which("wrk"):
        subprocess.run([str(ROOT / "scripts" / "apt-install"), "wrk"], check=True)
    failed = False
    with gunicorn("send-redress-load-") as server:
        base = server.base
        made = server.manage("shell", "-c", SIGNED_IN)
        dashboard, session_cookie = made.strip().splitlines()[-1].split(" ", 1)
        lua = server.work / "report.lua"
        lua.write_text(LUA)
        question, result_path, cookie = walk_journey(base)
        pages = [
            ("start page", "/", ""),
            (f"question {question}", question, cookie),
            ("result", result_path, cookie),
            ("signed-in dashboard", dashboard, session_cookie),
        ]
        for name, path, page_cookie in pages:  # each must be the page itself, not a redirect
            status = first_status(base + path, page_cookie)
            if status != 200:
                raise SystemExit(f"{name}: {path} answered {status}, not 200")
        for _, path, page_cookie in [("hello", "/bench/hello", ""), *pages]:  # warm up
            finish_wrk(
                start_wrk(base + path, duration=1, connections=2, cookie=page_cookie, lua=lua), 1
            )
        hello_seconds = max(5, args.duration // 4)
        hello = finish_wrk(
            start_wrk(base + "/bench/hello", duration=hello_seconds,
                      connections=args.connections, cookie="", lua=lua),
            hello_seconds,
        )  # fmt: skip
        each = max(1, args.connections // len(pages))
        running = [
            start_wrk(base + path, duration=args.duration, connections=each, cookie=c, lua=lua)
            for _, path, c in pages
        ]
        results = [finish_wrk(p, args.duration) for p in running]
        print(
            f"load test: hello alone at {args.connections} connections for {hello_seconds} s, then "
            f"{len(pages)} pages at once, {each} connections each ({each * len(pages)} in all), "
            f"for {args.duration} s; gunicorn 2 sync workers, SQLite, 127.0.0.1"
        )
        print(
            f"{'page':28} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p95 vs hello':>12}"
        )
        rows = [("hello (bare Django)", hello)] + [
            (name, r) for (name, _, _), r in zip(pages, results, strict=True)
        ]
        for name, r in rows:
            bad = r["errors"] + r["bad_status"]
            failed = failed or bad > 0
            print(
                f"{name:28} {r['requests']:8d} {bad:6d} {r['rps']:7.0f} {r['p50_us'] / 1000:7.1f} "
                f"{r['p95_us'] / 1000:7.1f} {r['p95_us'] / hello['p95_us']:11.1f}x"
            )
        total_errors = sum(r["errors"] + r["bad_status"] for _, r in rows)
        print(f"errors in all: {total_errors}")
        if args.json:
            args.json.write_text(json.dumps({name: r for name, r in rows}, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
