"""The letter as plain text, to paste into an email. No line wrapping: email programs wrap."""

from __future__ import annotations

from send_redress._wording import long_date
from send_redress.letters._model import BulletList, Heading, Letter, Paragraph

__all__ = ["notes_to_text", "to_text"]


def notes_to_text(letter: Letter) -> str:
    """The notes for the sender on their own (issue 15): never part of the letter's file."""
    labels = letter.labels
    out = [labels.before_you_send.upper(), "", labels.for_you, ""]
    if letter.warning:
        out += [f"{labels.warning.upper()}: {letter.warning}", ""]
    out += [f"- {note}" for note in letter.notes]
    out.append("")
    return "\n".join(out)


def to_text(letter: Letter) -> str:
    """The letter only: what the sender pastes into an email (the notes are `notes_to_text`)."""
    labels = letter.labels
    out: list[str] = []
    out += [*letter.sender, "", long_date(letter.date), "", *letter.recipient, ""]
    out += [letter.subject, *letter.regarding, "", letter.salutation, ""]
    for block in letter.blocks:
        if isinstance(block, Heading | Paragraph):
            out += [block.text, ""]
        elif isinstance(block, BulletList):
            out += [
                f"{n}. {item}" if block.numbered else f"- {item}"
                for n, item in enumerate(block.items, start=1)
            ]
            out.append("")
    out += [letter.closing, "", letter.signature, ""]
    if letter.copies:
        out += [*letter.copies, ""]
    if letter.references:
        out += [labels.references, ""]
        out += [f"- {ref.title}: {ref.url}" for ref in letter.references]
        out.append("")
    return "\n".join(out)
