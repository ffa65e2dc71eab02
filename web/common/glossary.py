"""The glossary (web/pages/glossary.yaml, the page /glossary): the words parents meet, and a
link to each where it first appears on a page (issue 15).

The first time each term's words appear in running text (not in a link, a heading, a label, a
button or the like), they become a link to the term on the glossary page. A template links a
fragment with the `glossary` filter (`{% filter glossary %}`, web/common/jinja.py): inside a
`{% cache %}` block that is done once for each distinct fragment, not on every request.
`link_terms(response)` does the same to a rendered page's <main>. The glossary page itself is
left alone.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.http import HttpResponse
from django.urls import reverse

GLOSSARY_FILE = Path(__file__).parent.parent / "pages" / "glossary.yaml"

# Inside these, a link would be wrong (nested links, headings, form labels) or unseen.
_NO_LINKS = frozenset(
    [
        "a",
        "button",
        "label",
        "legend",
        "summary",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "title",
        "script",
        "style",
        "option",
        "select",
        "textarea",
        "time",
        "caption",
        "th",
    ]
)
_TAG = re.compile(r"(<[^>]*>)")
_NAME = re.compile(r"</?([a-zA-Z0-9]+)")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    text: str
    words: tuple[str, ...]


@functools.cache
def terms() -> tuple[Term, ...]:
    loaded = yaml.safe_load(GLOSSARY_FILE.read_text("utf-8"))
    return tuple(
        Term(t["id"], t["term"], " ".join(t["text"].split()), tuple(t["words"]))
        for t in loaded["terms"]
    )


@functools.lru_cache(maxsize=1024)
def _pattern(pending: tuple[int, ...]) -> re.Pattern[str]:
    """One pattern for the pending terms (their positions in terms()), so that a piece of text
    is searched once, not once a term. Each term is a named group `t<position>`; at one place
    the earlier term wins, and within a term its longest words, as searching them one by one
    and taking the earliest match would."""
    every = terms()
    groups = []
    for position in pending:
        longest_first = sorted(every[position].words, key=len, reverse=True)
        groups.append(f"(?P<t{position}>" + "|".join(map(re.escape, longest_first)) + ")")
    return re.compile(r"\b(?:" + "|".join(groups) + r")\b", re.I)


def link_fragment(html: str) -> str:
    """A piece of a page (rendered HTML) with the first use of each term in its running text
    (not in a link, a heading, a label, a button or the like) linked to the glossary page.

    Pure: the same HTML gives the same answer, so a template can link a fragment it keeps
    (`{% filter glossary %}` inside `{% cache %}`, web/common/jinja.py) once, not per request.
    """
    page = reverse("pages:glossary")
    pending = tuple(range(len(terms())))
    pieces = _TAG.split(html)
    inside: list[str] = []
    for index, piece in enumerate(pieces):
        if not pending:
            break
        if piece.startswith("<"):
            name = _NAME.match(piece)
            tag = name.group(1).lower() if name else ""
            if tag in _VOID or piece.endswith("/>") or not name:
                continue
            if piece.startswith("</"):
                if tag in inside:
                    del inside[len(inside) - 1 - inside[::-1].index(tag) :]
            else:
                inside.append(tag)
            continue
        if piece.isspace() or not piece or _NO_LINKS.intersection(inside):
            continue
        pieces[index], pending = _link_in(piece, pending, page)
    return "".join(pieces)


def _link_in(text: str, pending: tuple[int, ...], page: str) -> tuple[str, tuple[int, ...]]:
    """One piece of running text (already escaped HTML) with the first use of each pending
    term linked, earliest first; and the terms still pending."""
    out, start = [], 0
    while pending:
        found = _pattern(pending).search(text, start)
        if found is None:
            break
        position = int(str(found.lastgroup)[1:])
        term = terms()[position]
        out += [text[start : found.start()], f'<a class="govuk-link" href="{page}#{term.id}">']
        out += [found.group(0), "</a>"]
        start = found.end()
        pending = tuple(p for p in pending if p != position)
    return "".join(out) + text[start:], pending


def link_first_uses(html: str) -> str:
    """The page with the first use of each term in <main>'s running text linked."""
    start, end = html.find("<main"), html.rfind("</main>")
    if start < 0 or end < 0:
        return html
    return html[:start] + link_fragment(html[start:end]) + html[end:]


def link_terms(response: HttpResponse) -> HttpResponse:
    """Link the glossary's words where they first appear in a rendered HTML page (for a page
    that keeps nothing; a template can link its fragments itself, see link_fragment)."""
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        response.content = link_first_uses(response.content.decode()).encode()
    return response


__all__ = ["Term", "link_first_uses", "link_fragment", "link_terms", "terms"]
