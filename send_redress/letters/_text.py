"""The letter as plain text, to paste into an email. No line wrapping: email programs wrap."""

from __future__ import annotations

from send_redress._wording import long_date
from send_redress.letters._model import BulletList, Heading, Letter, Paragraph

__all__ = ["to_text"]


def to_text(letter: Letter) -> str:
    labels = letter.labels
    out: list[str] = []
    if letter.has_front_matter:
        out += [labels.before_you_send.upper(), ""]
        if letter.warning:
            out += [f"{labels.warning.upper()}: {letter.warning}", ""]
        out += [f"- {note}" for note in letter.notes]
        out += ["", f"----- {labels.letter_starts} -----", ""]
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
