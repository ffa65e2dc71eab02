"""Helpers for the journey's tests (tests/web/test_journey_*.py and tests/browser/).

Answers go straight into the session with `put_answers(client, answers)`; `TODAY` is the day
the tests fix with `override_settings(SEND_REDRESS_TODAY=TODAY)`, and `finished(concern)` is a
complete journey for one concern whose dates fit every rule of the date question.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

from django.conf import settings

from send_redress import CONCERNS, EVENTS_BY_CONCERN, event_order_for

from .answers import SESSION_KEY, Answers

TODAY = date(2027, 3, 15)
QUESTION_URLS = {q: f"/questions/{q}" for q in ("who", "council", "setting", "concern", "events")}


def finished(
    concern: str,
    *,
    who: str = "parent",
    council: str = "bedford",
    setting: str = "maintained-school",
    events: tuple[str, ...] | None = None,
    today: date = TODAY,
) -> Answers:
    """A finished journey. By default: the concern's first two events, 50 and 20 days before
    `today` (the journey asks the earlier of an ordered pair first, so they stay in order)."""
    chosen = EVENTS_BY_CONCERN[concern][:2] if events is None else events
    dates = {e: today - timedelta(days=50 - 30 * i) for i, e in enumerate(chosen)}
    return Answers(
        who=who, council=council, setting=setting, concern=concern, events=chosen, dates=dates
    )


def journey_session(answers: Answers) -> str:
    """A new server-side session holding `answers`, as the journey would have left it: its
    key, for a browser's session cookie."""
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = answers.to_session()
    session.create()
    return str(session.session_key)


def put_answers(client: Any, answers: Answers | Any) -> None:
    """Store answers (or, for tampering tests, anything) in the test client's session."""
    session = client.session
    session[SESSION_KEY] = answers.to_session() if isinstance(answers, Answers) else answers
    session.save()
    # After a response deleted the cookie, client.session made a new session: link to it.
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def stored(client: Any) -> Any:
    """What the session holds for the journey now."""
    return client.session.get(SESSION_KEY)


def ordered_pairs() -> list[tuple[str, str, str]]:
    """(concern, later, earlier): every pair the date question checks, for each concern that
    asks about both events."""
    return [
        (concern, later, earlier)
        for concern in CONCERNS
        for later, earlier in event_order_for(concern)
        if {later, earlier} <= set(EVENTS_BY_CONCERN[concern])
    ]


# --- Reading pages -------------------------------------------------------------------------


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside chosen elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def tags(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


def ids(html: str) -> list[str]:
    return [attrs["id"] for _, attrs in tags(html) if "id" in attrs]


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed. Inline tags (a link in a
    sentence: the glossary's) join the words around them as a browser does."""
    inline = re.sub(r"</?(?:a|abbr|b|em|i|span|strong|time)\b[^>]*>", "", fragment)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match, "no <title>"
    return text_of(match.group(1))


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "no <h1>"
    return text_of(match.group(1))


def error_summary(html: str) -> list[tuple[str, str]]:
    """(href, text) of each link in the GOV.UK error summary; [] when there is none."""
    if "govuk-error-summary" not in html:
        return []
    start = html.index('class="govuk-error-summary"')
    block = html[start : html.index("</ul>", start)]
    return [(href, text_of(t)) for href, t in re.findall(r'<a href="([^"]+)">(.*?)</a>', block)]


def inline_error(html: str, field_id: str = "answer") -> str:
    match = re.search(
        rf'<p id="{field_id}-error" class="govuk-error-message">(.*?)</p>', html, re.S
    )
    return text_of(match.group(1)).removeprefix("Error: ") if match else ""


def links(html: str) -> list[str]:
    """Every URL the page points at: links, form actions, scripts, styles, images."""
    found = []
    for _, attrs in tags(html):
        for name in ("href", "action", "src", "formaction"):
            if name in attrs:
                found.append(attrs[name])
    found += re.findall(r'from "([^"]+)"', html)  # the module script's import
    return found


class _ResultPage(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.next_step: str | None = None
        self.routes: dict[str, str] = {}
        self.deadlines: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        self._warning: list[str] | None = None
        self._hidden_depth = 0
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "data-next-step" in a:
            self.next_step = a["data-next-step"]
        if "data-route-id" in a:
            assert a["data-route-id"] not in self.routes, f"{a['data-route-id']} shown twice"
            self.routes[a["data-route-id"]] = a["data-status"]
        if "data-deadline-id" in a:
            self.deadlines.append(
                {
                    "id": a["data-deadline-id"],
                    "status": a["data-status"],
                    "days_left": int(a["data-days-left"]),
                }
            )
        if tag == "time" and self.deadlines and "due" not in self.deadlines[-1]:
            self.deadlines[-1]["due"] = a["datetime"]
        if self._warning is not None:
            self._depth += 1
            if "govuk-visually-hidden" in a.get("class", "") and not self._hidden_depth:
                self._hidden_depth = self._depth
        elif "govuk-warning-text__text" in a.get("class", ""):
            self._warning, self._depth = [], 0

    def handle_endtag(self, tag: str) -> None:
        if self._warning is None:
            return
        if self._depth == 0:
            self.warnings.append(" ".join("".join(self._warning).split()))
            self._warning = None
            return
        if self._hidden_depth == self._depth:
            self._hidden_depth = 0
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._warning is not None and not self._hidden_depth:
            self._warning.append(data)


def result_figures(html: str) -> dict[str, Any]:
    """What the result page says, read from its markup: `next_step`, `routes` ({id: status},
    the next step's route as "recommended"), `deadlines` ([{id, due, status, days_left}] in
    page order)
    and `warnings` (their text, without the hidden "Warning" prefix)."""
    parser = _ResultPage()
    parser.feed(html)
    parser.close()
    return {
        "next_step": parser.next_step,
        "routes": parser.routes,
        "deadlines": parser.deadlines,
        "warnings": parser.warnings,
    }


def assessment_figures(data: dict[str, Any]) -> dict[str, Any]:
    """The same figures from `send-redress assess --format json` (or to_jsonable())."""
    return {
        "next_step": data["next_step"],
        "routes": {r["id"]: r["status"] for r in data["routes"]},
        "deadlines": [
            {"id": d["id"], "status": d["status"], "due": d["due"], "days_left": d["days_left"]}
            for d in data["deadlines"]
        ],
        "warnings": [" ".join(w.split()) for w in data["warnings"]],
    }
