"""The parent's representations on a draft EHC plan (CFA 2014 s.38(2)), built from the findings of
a plan check that the parent chose to keep, ready to render as text, DOCX or PDF with the letters'
renderers (send_redress.letters.render).

It is not one of the templated letter types in content/letters/: its body is a list of the kept
findings, grouped by section, which the templates' fields cannot express.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from send_redress._plan_check import SECTION_NAMES, SECTIONS, load_rules
from send_redress._wording import long_date
from send_redress.letters._model import BulletList, Heading, Letter, Paragraph, Reference

LETTER_TYPE = "draft-plan-representations"


@dataclass(frozen=True)
class KeptFinding:
    check: str
    section: str
    quote: str
    page: int | None = None

    @classmethod
    def from_jsonable(cls, data: Mapping[str, Any]) -> KeptFinding:
        """One finding as the check-plan JSON gives it; raises ValueError if it is not one."""
        check, section, quote = data.get("check"), data.get("section"), data.get("quote")
        page = data.get("page")
        if check not in load_rules().checks or section not in SECTIONS:
            raise ValueError("not a finding of the plan check")
        if not isinstance(quote, str) or not quote.strip() or len(quote) > 1000:
            raise ValueError("a finding's words are missing or too long")
        if page is not None and (not isinstance(page, int) or isinstance(page, bool) or page < 1):
            raise ValueError("a finding's page is not a page number")
        return cls(check, section, " ".join(quote.split()), page)


def representations_letter(
    findings: Sequence[KeptFinding],
    *,
    today: date,
    child_name: str = "",
    sender_name: str = "",
    council_name: str = "",
    plan_dated: date | None = None,
    comments_due: date | None = None,
    school_wanted: str = "",
) -> Letter:
    rules = load_rules()
    child = child_name.strip() or "my child"
    council = council_name.strip() or "the council"
    dated = f", dated {long_date(plan_dated)}" if plan_dated else ""
    blocks: list[Any] = [
        Paragraph(
            f"I am writing to make my representations on the draft education, health and care "
            f"(EHC) plan for {child}{dated}, as section 38 of the Children and Families Act 2014 "
            "allows."
        )
    ]
    if comments_due:
        blocks.append(
            Paragraph(
                f"I am sending them within the 15 days I have to comment, which end on "
                f"{long_date(comments_due)}."
            )
        )
    blocks.append(
        Paragraph(
            "Please amend the draft as set out below before the plan is finalised. Each point "
            "says what the draft says and what I ask for."
        )
    )
    references: dict[str, Reference] = {}
    for section in SECTIONS:
        kept = [f for f in findings if f.section == section]
        if not kept:
            continue
        blocks.append(Heading(f"Section {section}: {SECTION_NAMES[section]}"))
        items = []
        for finding in kept:
            rule = rules.checks[finding.check]
            where = f" (page {finding.page})" if finding.page else ""
            items.append(
                f"{rule.title}{where}. The draft says: {finding.quote}. {rule.letter_asks}"
            )
            for source in rule.sources:
                references.setdefault(
                    source.url + source.title, Reference(source.title, source.url)
                )
        blocks.append(BulletList(tuple(items), numbered=True))
    if school_wanted.strip():
        blocks += [
            Heading("Section I: the school I ask you to name"),
            Paragraph(
                f"I ask you to name {school_wanted.strip()} in section I of the final plan, as "
                "section 38(2)(b) of the Children and Families Act 2014 allows me to."
            ),
        ]
    blocks.append(
        Paragraph(
            "Please send me the amended plan, and tell me in writing if you decide not to make "
            "any of these changes, with your reasons."
        )
    )
    return Letter(
        letter_type=LETTER_TYPE,
        title=f"Representations on the draft EHC plan: {child}",
        sender=(sender_name.strip(),) if sender_name.strip() else (),
        date=today,
        recipient=(f"The SEND team, {council}",),
        subject=f"Representations on the draft EHC plan: {child}",
        regarding=(),
        salutation="Dear SEND team",
        blocks=tuple(blocks),
        closing="Yours faithfully",
        signature=sender_name.strip(),
        references=tuple(references.values()),
        notes=(
            "Check each point against the plan before you send it: the checks look for words, "
            "and you know your child's plan best. Add anything the check could not see.",
            "Keep a copy, and a note of the day you sent it.",
        ),
        response_date=None,
    )
