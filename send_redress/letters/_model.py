"""A drafted letter as a structured document: what every renderer walks.

Text in a `Letter` is plain text (never markup): each renderer escapes it for its own format.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Block",
    "Labels",
    "BulletList",
    "Heading",
    "Letter",
    "Paragraph",
    "Reference",
    "text_direction",
]


@dataclass(frozen=True)
class Heading:
    """A section heading inside the letter's body (one level below the subject)."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    numbered: bool = False


Block = Heading | Paragraph | BulletList


@dataclass(frozen=True)
class Reference:
    """A source of law or guidance that the letter's words rely on."""

    title: str
    url: str


@dataclass(frozen=True)
class Labels:
    """The fixed words the renderers add around a letter (from content/letters/common.yaml)."""

    before_you_send: str = "Before you send this letter"
    letter_starts: str = "The letter starts below this line"
    for_you: str = "These notes are for you. Do not send them with the letter."
    warning: str = "Important"
    references: str = "The law and guidance this letter refers to"


@dataclass(frozen=True)
class Letter:
    """One letter, ready to render as text, DOCX or PDF.

    `warning` and `notes` are for the sender and are not part of the letter: the letter's
    renderers leave them out, and `render_notes` gives them as a document of their own
    ("Before you send this letter"), so the file the sender attaches is the letter only.
    """

    letter_type: str
    title: str
    """The document's title (PDF and DOCX metadata); the subject line is usually the same."""
    sender: tuple[str, ...]
    """Name, address lines, email, phone: one line each."""
    date: datetime.date
    recipient: tuple[str, ...]
    subject: str
    regarding: tuple[str, ...]
    """Short lines under the subject: the child, the school, a reference number."""
    salutation: str
    blocks: tuple[Block, ...]
    closing: str
    signature: str
    copies: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    warning: str = ""
    notes: tuple[str, ...] = ()
    response_date: datetime.date | None = None
    """The reply date the letter asks for, if it asks for one."""
    labels: Labels = Labels()

    @property
    def has_front_matter(self) -> bool:
        return bool(self.warning or self.notes)


def text_direction(text: str) -> Literal["ltr", "rtl"]:
    """The direction of a piece of text, by its first strong character (Unicode bidi rule P2)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"
