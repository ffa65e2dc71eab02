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

import bisect
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
# A start or end tag of a no-link element, in HTML in lower case.
_NO_LINK_TAG = re.compile(r"<(/?)(" + "|".join(sorted(_NO_LINKS)) + r")(?=[\s/>])")


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


@functools.cache
def _words() -> tuple[tuple[str, int], ...]:
    """Every term's words in lower case, with the term's position in terms()."""
    return tuple((word.lower(), position) for position, t in enumerate(terms()) for word in t.words)


def link_fragment(html: str) -> str:
    """A piece of a page (rendered HTML) with the first use of each term in its running text
    (not in a link, a heading, a label, a button or the like) linked to the glossary page.

    Pure: the same HTML gives the same answer, so a template can link a fragment it keeps
    (`{% filter glossary %}` inside `{% cache %}`, web/common/jinja.py) once, not per request.
    """
    html = str(html)  # not Markup: joining its slices to text would escape the text
    lower = _lower(html)
    found = sorted(_uses(lower))
    if not found:
        return html
    regions = _no_link_regions(lower)
    pending = set(range(len(terms())))
    uses: list[tuple[int, int, int]] = []  # (start, end, term) of each use to link
    after, passed = 0, -1
    # In the order of the page; where two terms' words start at one place, the term first in
    # the glossary, and its longest word.
    for start, position, shorter in found:
        if start < after or start == passed or position not in pending:
            continue
        if not _in_running_text(html, start, regions):
            passed = start
            continue
        uses.append((start, start - shorter, position))
        pending.discard(position)
        after = start - shorter
        if not pending:
            break
    return _with_links(html, uses, reverse("pages:glossary")) if uses else html


def _lower(html: str) -> str:
    """The HTML in lower case, each character where it was (str.lower() makes two of a few)."""
    lower = html.lower()
    if len(lower) == len(html):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in html)


def _uses(lower: str) -> list[tuple[int, int, int]]:
    """Every use of a term's word as a whole word: (start, term, minus the word's length)."""
    found = []
    for word, position in _words():
        at = lower.find(word)
        while at >= 0:
            end = at + len(word)
            if not (_word_character(lower, at - 1) or _word_character(lower, end)):
                found.append((at, position, -len(word)))
            at = lower.find(word, at + 1)
    return found


def _word_character(text: str, at: int) -> bool:
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def _no_link_regions(lower: str) -> list[tuple[int, int]]:
    """Where the no-link elements are in the HTML (in lower case), outermost only, in order:
    (start, end)."""
    regions: list[tuple[int, int]] = []
    open_tags: list[tuple[str, int]] = []
    for tag in _NO_LINK_TAG.finditer(lower):
        closing, name = tag.groups()
        if not closing:
            open_tags.append((name, tag.start()))
        elif any(open_name == name for open_name, _ in open_tags):
            outermost = open_tags[0][1]
            while open_tags.pop()[0] != name:
                pass  # an element left open inside this one ends with it
            if not open_tags:
                regions.append((outermost, tag.end()))
    if open_tags:  # never closed: to the end
        regions.append((open_tags[0][1], len(lower)))
    return regions


def _in_running_text(html: str, at: int, regions: list[tuple[int, int]]) -> bool:
    """Whether `at` is in text (not inside a tag) and outside every no-link element."""
    if html.rfind("<", 0, at) > html.rfind(">", 0, at):
        return False  # inside a tag's attributes
    index = bisect.bisect_right(regions, (at, len(html))) - 1
    return index < 0 or not regions[index][0] <= at < regions[index][1]


def _with_links(html: str, uses: list[tuple[int, int, int]], page: str) -> str:
    pieces, done = [], 0
    for begin, end, position in uses:
        term = terms()[position]
        pieces += [html[done:begin], f'<a class="govuk-link" href="{page}#{term.id}">']
        pieces += [html[begin:end], "</a>"]
        done = end
    return "".join(pieces) + html[done:]


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
