"""The glossary (web/pages/glossary.yaml, the page /glossary): the words parents meet, and a
link to each where it first appears on a page (issue 15).

`link_terms(response)` rewrites a rendered page: in <main>, the first time each term's words
appear in running text (not in a link, a heading, a label, a button or the like), they become
a link to the term on the glossary page. The glossary page itself is left alone.
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

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        longest_first = sorted(self.words, key=len, reverse=True)
        return re.compile(r"\b(" + "|".join(map(re.escape, longest_first)) + r")\b", re.I)


@functools.cache
def terms() -> tuple[Term, ...]:
    loaded = yaml.safe_load(GLOSSARY_FILE.read_text("utf-8"))
    return tuple(
        Term(t["id"], t["term"], " ".join(t["text"].split()), tuple(t["words"]))
        for t in loaded["terms"]
    )


def link_first_uses(html: str) -> str:
    """The page with the first use of each term in <main>'s running text linked."""
    start, end = html.find("<main"), html.rfind("</main>")
    if start < 0 or end < 0:
        return html
    page = reverse("pages:glossary")
    pending = list(terms())
    pieces = _TAG.split(html[start:end])
    inside: list[str] = []
    for index, piece in enumerate(pieces):
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
        if not pending or _NO_LINKS.intersection(inside):
            continue
        pieces[index] = _link_in(piece, pending, page)
    return html[:start] + "".join(pieces) + html[end:]


def _link_in(text: str, pending: list[Term], page: str) -> str:
    """One piece of running text (already escaped HTML) with the first use of each pending
    term linked, earliest first; a term linked is no longer pending."""
    out, rest = "", text
    while pending:
        matches = [(m.start(), term, m) for term in pending if (m := term.pattern.search(rest))]
        if not matches:
            break
        _, term, found = min(matches, key=lambda item: item[0])
        link = f'<a class="govuk-link" href="{page}#{term.id}">{found.group(0)}</a>'
        out += rest[: found.start()] + link
        rest = rest[found.end() :]
        pending.remove(term)
    return out + rest


def link_terms(response: HttpResponse) -> HttpResponse:
    """Link the glossary's words where they first appear in a rendered HTML page."""
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        response.content = link_first_uses(response.content.decode()).encode()
    return response


__all__ = ["Term", "link_first_uses", "link_terms", "terms"]
