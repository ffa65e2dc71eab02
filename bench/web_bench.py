"""Web benchmark (issue 3): wrk against gunicorn, 2 sync workers, on 127.0.0.1.

    make bench-web      (or .venv/bin/python bench/web_bench.py [--duration 5] [--connections 32])

For each page: requests per second and p50/p95/p99 latency at 32 connections, and requests per
second as a share of a bare Django hello-world view measured in the same run (same server,
same middleware). Pages: the start page, the first question, and the result page of a journey
walked by this script (first option of each question, dates 60 days ago), with its session
cookie. Then the first visit's transfer size: the start page's HTML, CSS, JS, icons and fonts,
compressed as served (WhiteNoise serves gzip for static files; the HTML's gzip size is what a
compressing proxy would send).

Bounded: each wrk run lasts --duration seconds (default 5) against 127.0.0.1 only; the server
is stopped by its PID at the end, also on failure. wrk and gunicorn share the machine's 2 cores,
so the ratios matter more than the absolute figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

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

    def handle_endtag(self, tag: str) -> None:
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


def transfer_sizes(base: str, path: str) -> dict[str, int]:
    """Bytes on the wire for a first visit, by kind, compressed as served (HTML: gzip -6)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def get(url: str) -> tuple[bytes, int]:
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
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
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (<= 30)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    args.duration = max(1, min(args.duration, 30))
    if not shutil.which("wrk"):
        subprocess.run([str(ROOT / "scripts" / "apt-install"), "wrk"], check=True)

    work = Path(tempfile.mkdtemp(prefix="send-redress-bench-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "web_bench_settings",
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "SEND_REDRESS_DATABASE": f"sqlite:///{work / 'db.sqlite3'}",
        "SEND_REDRESS_BENCH_STATIC_ROOT": str(work / "static"),
    }
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    lua = work / "report.lua"
    lua.write_text(LUA)
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "web.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--no-control-socket", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        question, result_path, cookie = walk_journey(base)
        pages = [
            ("hello (bare Django)", "/bench/hello", ""),
            ("start page", "/", ""),
            (f"question {question}", question, cookie),
            (f"result {result_path}", result_path, cookie),
        ]
        rows = []
        for name, path, page_cookie in pages:
            wrk(base + path, duration=1, connections=4, cookie=page_cookie, lua=lua)  # warm up
            figures = wrk(
                base + path,
                duration=args.duration,
                connections=args.connections,
                cookie=page_cookie,
                lua=lua,
            )
            rows.append({"page": name, "path": path, **figures})
        hello = rows[0]["rps"]
        print(f"wrk -t2 -c{args.connections} -d{args.duration}s, gunicorn 2 sync workers")
        print(f"{'page':40} {'req/s':>8} {'vs hello':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
        for row in rows:
            row["ratio"] = row["rps"] / hello
            print(
                f"{row['page']:40} {row['rps']:8.0f} {row['ratio']:8.0%} "
                f"{row['p50_us'] / 1000:7.1f} {row['p95_us'] / 1000:7.1f} {row['p99_us'] / 1000:7.1f}"
            )
        sizes = transfer_sizes(base, "/")
        print("first visit to / (bytes on the wire, compressed): " + ", ".join(
            f"{k} {v:,}" for k, v in sizes.items()))  # fmt: skip
        if args.json:
            args.json.write_text(json.dumps({"pages": rows, "first_visit": sizes}, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
