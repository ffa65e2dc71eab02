"""The letter as HTML: the whole document the PDF is made from, or a fragment for a web page.

One walker for both, so the PDF and the web preview cannot differ. Every piece of text is
escaped here (user text is never markup), and each paragraph or list item whose text starts
with a right-to-left letter gets dir="rtl".
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from send_redress._wording import long_date
from send_redress.letters._model import BulletList, Heading, Letter, Paragraph, text_direction

__all__ = [
    "GOVUK_CLASSES",
    "HtmlClasses",
    "front_matter_html",
    "letter_body_html",
    "letter_document_html",
    "notes_document_html",
]


@dataclass(frozen=True)
class HtmlClasses:
    """CSS classes per element; empty means no class attribute."""

    letter: str = "letter"
    paragraph: str = ""
    subject: str = "subject"
    heading: str = ""
    bullets: str = ""
    numbers: str = ""
    lines: str = "lines"
    """Sender, date, recipient, regarding, copies: short lines."""


PLAIN = HtmlClasses()
GOVUK_CLASSES = HtmlClasses(
    letter="app-letter",
    paragraph="govuk-body",
    subject="govuk-heading-m",
    heading="govuk-heading-s",
    bullets="govuk-list govuk-list--bullet",
    numbers="govuk-list govuk-list--number",
    lines="govuk-body app-letter__lines",
)


def _attrs(css: str, text: str = "") -> str:
    out = f' class="{escape(css)}"' if css else ""
    if text and text_direction(text) == "rtl":
        out += ' dir="rtl"'
    return out


def _p(text: str, css: str) -> str:
    return f"<p{_attrs(css, text)}>{escape(text)}</p>"


def _lines(lines: tuple[str, ...], css: str) -> str:
    if not lines:
        return ""
    # One line each; a line break between, never markup from the text itself.
    return f"<p{_attrs(css, lines[0])}>" + "<br>".join(escape(line) for line in lines) + "</p>"


def letter_body_html(letter: Letter, *, level: int = 1, classes: HtmlClasses = PLAIN) -> str:
    """The letter itself (not the notes for the sender) as an <article>; the subject is an
    h{level} heading and the letter's own headings one level below it."""
    c = classes
    sub = min(level + 1, 6)
    parts = [
        f'<article{_attrs(c.letter)} lang="en-GB">',
        _lines(letter.sender, c.lines),
        _p(long_date(letter.date), c.lines),
        _lines(letter.recipient, c.lines),
        f"<h{level}{_attrs(c.subject, letter.subject)}>{escape(letter.subject)}</h{level}>",
        _lines(letter.regarding, c.lines),
        _p(letter.salutation, c.paragraph),
    ]
    blocks = [_block_html(block, c, sub) for block in letter.blocks]
    # The sign-off stays with the last paragraph: never "Yours faithfully" alone on a page
    # (the PDF's CSS keeps .signoff in one piece).
    last = blocks.pop() if blocks else ""
    parts += blocks
    parts += [
        '<div class="signoff">',
        last,
        _p(letter.closing, c.paragraph),
        _p(letter.signature, c.paragraph),
        "</div>",
    ]
    parts.append(_lines(letter.copies, c.lines))
    if letter.references:
        refs = "".join(
            f"<li>{escape(ref.title)}: {escape(ref.url)}</li>" for ref in letter.references
        )
        parts.append(
            f"<h{sub}{_attrs(c.heading)}>{escape(letter.labels.references)}</h{sub}>"
            f"<ul{_attrs(c.bullets)}>{refs}</ul>"
        )
    parts.append("</article>")
    return "".join(p for p in parts if p)


def _block_html(block: Heading | Paragraph | BulletList, c: HtmlClasses, sub: int) -> str:
    if isinstance(block, Heading):
        return f"<h{sub}{_attrs(c.heading, block.text)}>{escape(block.text)}</h{sub}>"
    if isinstance(block, Paragraph):
        return _p(block.text, c.paragraph)
    tag, css = ("ol", c.numbers) if block.numbered else ("ul", c.bullets)
    items = "".join(f"<li{_attrs('', i)}>{escape(i)}</li>" for i in block.items)
    return f"<{tag}{_attrs(css)}>{items}</{tag}>"


def front_matter_html(letter: Letter) -> str:
    """The notes for the sender (their own document: never in the letter's)."""
    if not letter.has_front_matter:
        return ""
    labels = letter.labels
    parts = [
        "<section>",
        f"<h1>{escape(labels.before_you_send)}</h1>",
        f"<p>{escape(labels.for_you)}</p>",
    ]
    if letter.warning:
        parts.append(
            f'<p class="warning"><strong>{escape(labels.warning)}:</strong> '
            f"{escape(letter.warning)}</p>"
        )
    parts.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in letter.notes) + "</ul>")
    parts.append("</section>")
    return "".join(parts)


def _document(title: str, description: str, css: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<meta name="description" content="{escape(description)}">'
        f"<style>{css}</style></head><body>" + body + "</body></html>"
    )


def letter_document_html(letter: Letter, css: str) -> str:
    """A complete HTML document for the letter's PDF: the letter only (issue 15: a parent
    attaches the file as it is, so the notes for them are never in it)."""
    return _document(letter.title, letter.subject, css, letter_body_html(letter, level=1))


def notes_document_html(letter: Letter, css: str) -> str:
    """A complete HTML document for the notes' PDF, apart from the letter."""
    title = letter.labels.before_you_send
    return _document(title, letter.subject, css, front_matter_html(letter))
