"""Web benchmark (issue 3): wrk against gunicorn, 2 sync workers, on 127.0.0.1.

    make bench-web   (or .venv/bin/python bench/web_bench.py [--duration 4] [--rounds 3]
                      [--connections 32] [--json FILE])

For each page (and the partner API, POST /api/v1/assess with a realistic case): requests per second and p50/p95/p99 latency at 32 connections, requests per
second as a share of a bare Django hello-world view (same server, same middleware), and the
workers' CPU time per request (from /proc) with the same share. Pages: the
start page, the first question, and the result page of a journey walked by this script (first
option of each question, dates 60 days ago), with its session cookie. Each round measures every
page in turn and each ratio is to the hello of its own round; the figures are the medians over
the rounds, which keeps the machine's other work (tests, builds) out of the ratios. Then the
first visit's transfer size, for the start page and the result page: HTML, CSS, JS, icons and
fonts, compressed as served (WhiteNoise serves gzip for static files; the HTML's gzip size is
what a compressing proxy would send).

Bounded: each wrk run lasts --duration seconds (default 4; 4 pages x 3 rounds, about a minute)
against 127.0.0.1 only; the server is stopped by its PID at the end, also on failure. wrk and
gunicorn share the machine's 2 cores, so the ratios matter more than the absolute figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from datetime import date, timedelta
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from statistics import median

from core import REALISTIC  # bench/core.py: a case with most clocks running
from server import ROOT, gunicorn  # bench/server.py: gunicorn on a throwaway database

LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"errors": %d, "bad_status": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""


# wrk sends the API's request body from a script of its own (the same report at the end).
API_LUA = (
    'wrk.method = "POST"\n'
    'wrk.headers["Content-Type"] = "application/json"\n'
    f"wrk.body = [==[{json.dumps(REALISTIC)}]==]\n" + LUA
)
API_PATH = "/api/v1/assess"


class _Form(HTMLParser):
    """The first POST form of a page: its action and the fields to send."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.in_form = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self.choices: dict[str, list[str]] = {}
        self.texts: list[str] = []
        self.button_link: str | None = None
        self.select = ""  # the name of the <select> being read (its first option is chosen)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "govuk-button" in a.get("class", "") and self.button_link is None:
            self.button_link = a.get("href")
        if tag == "form" and not self.done and a.get("method", "").lower() == "post":
            self.in_form, self.action = True, a.get("action", "")
        elif tag == "input" and self.in_form:
            kind, name = a.get("type", "text"), a.get("name", "")
            if kind == "hidden":
                self.fields.append((name, a.get("value", "")))
            elif kind in {"radio", "checkbox"}:
                self.choices.setdefault(name, []).append(a.get("value", ""))
            elif kind in {"text", "number"} and name:
                self.texts.append(name)
        elif tag == "select" and self.in_form:
            self.select = a.get("name", "")
        elif tag == "option" and self.in_form and self.select and a.get("value"):
            self.choices.setdefault(self.select, []).append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = ""
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def _answers(form: _Form) -> list[tuple[str, str]]:
    data = list(form.fields)
    for name, values in form.choices.items():
        data.append((name, values[0]))
    when = date.today() - timedelta(days=60)
    for name in form.texts:
        part = name.rsplit("-", 1)[-1]
        value = {"day": when.day, "month": when.month, "year": when.year}.get(part, "Bedford")
        data.append((name, str(value)))
    return data


def walk_journey(base: str) -> tuple[str, str, str]:
    """Answer every question with its first option; return (question path, result path,
    Cookie header)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar)
    )
    with opener.open(base + "/start", timeout=30) as response:
        url, html = response.geturl(), response.read().decode()
    question = urllib.parse.urlsplit(url).path
    for _ in range(40):
        path = urllib.parse.urlsplit(url).path
        if path.rstrip("/").endswith("/result"):
            cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
            return question, path, cookie
        form = _Form()
        form.feed(html)
        if form.action is not None:
            body: bytes | None = urllib.parse.urlencode(_answers(form)).encode()
            target = urllib.parse.urljoin(url, form.action or url)
        elif form.button_link:  # e.g. check your answers: a "Continue" link, no form
            body, target = None, urllib.parse.urljoin(url, form.button_link)
        else:
            raise SystemExit(f"walking the journey stopped at {url}: no form or button")
        with opener.open(urllib.request.Request(target, data=body), timeout=30) as response:
            url, html = response.geturl(), response.read().decode()
    raise SystemExit("walking the journey did not reach the result page in 40 steps")


def wrk(url: str, *, duration: int, connections: int, cookie: str, lua: Path) -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-s", str(lua)]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True, timeout=120)
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    if result["errors"] or result["bad_status"]:
        raise SystemExit(f"{url}: {result['errors']} errors, {result['bad_status']} non-2xx/3xx")
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def server_cpu(master: int) -> float:
    """CPU seconds used so far by gunicorn's workers (user + system, from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return 0.0
    total = 0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def transfer_sizes(base: str, path: str, cookie: str = "") -> dict[str, int]:
    """Bytes on the wire for a first visit, by kind, compressed as served (HTML: gzip -6)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def get(url: str) -> tuple[bytes, int]:
        headers = {"Accept-Encoding": "gzip", **({"Cookie": cookie} if cookie else {})}
        request = urllib.request.Request(url, headers=headers)
        with opener.open(request, timeout=30) as response:
            body = response.read()
            encoded = response.headers.get("Content-Encoding") == "gzip"
            return (gzip.decompress(body) if encoded else body), len(body)

    html, _ = get(base + path)
    sizes = {"html": len(gzip.compress(html, 6)), "css": 0, "js": 0, "images": 0, "fonts": 0}
    text = html.decode()
    assets = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', text))
    assets |= set(re.findall(r'from "(/static/[^"]+)"', text))
    for asset in sorted(assets):
        body, wire = get(base + asset)
        if asset.endswith(".css"):
            sizes["css"] += wire
            for ref in re.findall(r"url\(['\"]?([^'\")]+)", body.decode()):
                kind = "fonts" if re.search(r"\.(woff2?|ttf|otf)$", ref) else "images"
                sizes[kind] += get(urllib.parse.urljoin(base + asset, ref))[1]
        elif asset.endswith((".js", ".mjs")):
            sizes["js"] += wire
        else:
            sizes["images"] += wire
    sizes["total"] = sum(sizes.values())
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=4, help="seconds per wrk run (<= 30)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every page (<= 9)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--api-only", action="store_true", help="only hello and the API (make bench-api)"
    )
    args = parser.parse_args()
    args.duration = max(1, min(args.duration, 30))
    args.rounds = max(1, min(args.rounds, 9))
    if not shutil.which("wrk"):
        subprocess.run([str(ROOT / "scripts" / "apt-install"), "wrk"], check=True)

    with gunicorn("send-redress-bench-") as server:
        base = server.base
        lua = server.work / "report.lua"
        lua.write_text(LUA)
        api_lua = server.work / "api.lua"
        api_lua.write_text(API_LUA)
        pages = [("hello (bare Django)", "/bench/hello", "")]
        if not args.api_only:
            question, result_path, cookie = walk_journey(base)
            pages += [
                ("start page", "/", ""),
                (f"question {question}", question, cookie),
                (f"result {result_path}", result_path, cookie),
            ]
        pages.append((f"API POST {API_PATH}", API_PATH, ""))
        scripts = {API_PATH: api_lua}
        for _, path, page_cookie in pages:  # warm up: imports, caches, the session
            wrk(
                base + path, duration=1, connections=4, cookie=page_cookie,
                lua=scripts.get(path, lua),
            )  # fmt: skip
        # Rounds of every page in turn, so that each page's ratio is to the hello of its own
        # round: the machine's other load changes over a run, and this keeps it out of the ratio.
        runs: dict[str, list[dict[str, float]]] = {path: [] for _, path, _ in pages}
        for _ in range(args.rounds):
            hello = None
            for _, path, page_cookie in pages:
                cpu = server_cpu(server.pid)
                figures = wrk(
                    base + path,
                    duration=args.duration,
                    connections=args.connections,
                    cookie=page_cookie,
                    lua=scripts.get(path, lua),
                )
                figures["cpu_us"] = (server_cpu(server.pid) - cpu) / figures["requests"] * 1e6
                hello = hello or figures
                runs[path].append(
                    {
                        **figures,
                        "ratio": figures["rps"] / hello["rps"],
                        "cpu_ratio": hello["cpu_us"] / figures["cpu_us"],
                    }
                )
        rows = [
            {
                "page": name,
                "path": path,
                **{key: median(run[key] for run in runs[path]) for key in runs[path][0]},
                "rounds": runs[path],
            }
            for name, path, _ in pages
        ]
        print(
            f"wrk -t2 -c{args.connections} -d{args.duration}s x {args.rounds} rounds, "
            "gunicorn 2 sync workers; medians of the rounds (ratio: to hello in the same round)"
        )
        print(
            f"{'page':34} {'req/s':>7} {'vs hello':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
            f" {'CPU us/req':>10} {'vs hello':>8}"
        )
        for row in rows:
            print(
                f"{row['page']:34} {row['rps']:7.0f} {row['ratio']:8.0%} "
                f"{row['p50_us'] / 1000:7.1f} {row['p95_us'] / 1000:7.1f} {row['p99_us'] / 1000:7.1f}"
                f" {row['cpu_us']:10.0f} {row['cpu_ratio']:8.0%}"
            )
        print(
            "CPU us/req: the gunicorn workers' CPU time per request (from /proc), which the "
            "machine's other load disturbs far less than req/s; its ratio is hello's over the page's."
        )
        visits = (
            {}
            if args.api_only
            else {
                "/": transfer_sizes(base, "/"),
                result_path: transfer_sizes(base, result_path, cookie),
            }
        )
        for path, sizes in visits.items():
            print(f"first visit to {path} (bytes on the wire, compressed): " + ", ".join(
                f"{k} {v:,}" for k, v in sizes.items()))  # fmt: skip
        if args.json:
            args.json.write_text(json.dumps({"pages": rows, "first_visit": visits}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
