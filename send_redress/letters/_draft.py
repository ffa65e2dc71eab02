"""Drafting: from the case's facts, its assessment and the letter's details to a `Letter`.

Dates, deadlines and legal references come from the assessment and the content only: a letter
states a statutory date only when the engine has computed it, and names law only in blocks that
cite a source from sources.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Literal

from send_redress._calendar import add_working_days, next_working_day
from send_redress._content import DEFAULT_PACK, load_content
from send_redress._engine import assess
from send_redress._facts import Facts
from send_redress._model import Assessment, DeadlineResult
from send_redress._registry import ASKERS
from send_redress._wording import long_date
from send_redress.letters._content import (
    PLACEHOLDER,
    BlockText,
    LettersContent,
    LetterText,
    LineText,
    load_letters,
)
from send_redress.letters._fields import FIELDS, LetterDetails, LetterError, Problem
from send_redress.letters._model import (
    Block,
    BulletList,
    Heading,
    Labels,
    Letter,
    Paragraph,
    Reference,
)

__all__ = ["check_details", "default_response_date", "draft_letter", "fits_case"]

# Values that depend on the engine or the content pack, not on the sender: when one is missing,
# the line or block that needs it is left out (a statutory date is never guessed).
_SOFT_PREFIXES = ("deadline_", "local_contact_")


def _letter_text(letter_type: str) -> LetterText:
    return load_letters().letters[letter_type]


def default_response_date(letter_type: str, letter_date: date) -> date | None:
    """The reply date a letter asks for when the sender gives none, or None if it asks none.

    Complaints and requests to a school or council ask for a reply 10 working days (two weeks
    without weekends and bank holidays in England) after the letter's date: long enough to look
    into it, short enough to keep things moving. A letter before claim asks for 14 days, the
    period the Pre-Action Protocol's letters commonly give, moved to a working day. See each
    type's `response` in content/letters/.
    """
    response = _letter_text(letter_type).response
    if response is None:
        return None
    if response.working_days:
        return add_working_days(letter_date, response.working_days)
    return next_working_day(letter_date + timedelta(days=response.days))


def check_details(
    letter_type: str, details: LetterDetails, facts: Facts | None = None
) -> list[Problem]:
    """What is wrong with these details for this letter type (empty when nothing is).

    Without `facts`, the checks that need the case (its setting, its date) are skipped.
    """
    letters = load_letters()
    text = letters.letters.get(letter_type)
    if text is None:
        return [Problem("letter_type", f"unknown letter type {letter_type!r}", code="unknown")]
    common = letters.common
    given = details.given()
    allowed = set(text.allowed_fields())
    problems = [
        Problem(name, _fill_plain(common.not_used, {"letter": text.name}), code="not-used")
        for name in given
        if name not in allowed
    ]
    required = list(text.required_fields())
    flags = _flags(given, facts)
    required += [
        name for name, condition in text.fields.required_when.items() if _holds(condition, flags)
    ]
    problems += [
        Problem(name, _missing_message(letters, text, name), code="missing")
        for name in required
        if name not in given
    ]
    letter_date = details.letter_date or (facts.today if facts else None)
    if details.response_date and letter_date and details.response_date <= letter_date:
        problems.append(
            Problem(
                "response_date",
                f"must be after the letter's date ({long_date(letter_date)})",
                code="not-after-letter",
            )
        )
    born = details.child_date_of_birth
    if born and letter_date and born > letter_date:
        problems.append(
            Problem(
                "child_date_of_birth",
                f"must not be after the letter's date ({long_date(letter_date)})",
                code="future",
            )
        )
    if facts is not None:
        content = load_content()
        problems += [
            Problem(
                "events",
                _fill_plain(
                    common.needs_event, {"event": event, "label": content.events[event].label}
                ),
                code="needs-event",
            )
            for event in text.needed_events()
            if event not in facts.events
        ]
    if facts is not None:
        problems += _check_fit(letters, letter_type, details, facts)
    if details.copy_to_director and facts and facts.setting != "maintained-school":
        problems.append(
            Problem(
                "copy_to_director",
                "only for a maintained school: the setting is " + facts.setting,
                code="not-for-setting",
            )
        )
    return problems


def sender_of(facts: Facts, details: LetterDetails) -> str:
    """Who signs: the young person (asking for themselves, perhaps helped by an adviser), a
    parent, or a parent writing with the young person's consent. From the end of compulsory
    school age the rights are the young person's own (CFA 2014 s.36(1), s.51, s.83(2))."""
    assert facts.asker in ASKERS
    if facts.asker in ("young-person", "adviser-for-young-person"):
        return "young-person"
    return "parent-with-consent" if details.young_person_consent else "parent"


def _check_fit(
    letters: LettersContent, letter_type: str, details: LetterDetails, facts: Facts
) -> list[Problem]:
    """Choices that cannot fit this case: a letter that asks for what the law does not give."""
    refusals = letters.common.refusals
    problems = []
    if details.young_person_consent and facts.asker in ("young-person", "adviser-for-young-person"):
        problems.append(
            Problem("young_person_consent", refusals["consent_own_letter"], code="not-for-sender")
        )
    if letter_type == "mediation-adviser" and details.mediation_choice == "certificate":
        appeal = load_content().concerns[facts.concern].appeal
        if facts.concern == "health-or-care-only" or appeal == "none":
            key = "certificate_no_appeal"
        elif appeal == "without-certificate":
            key = "certificate_not_needed"
        else:
            key = ""
        if key:
            problems.append(Problem("mediation_choice", refusals[key], code="not-for-case"))
    if details.governors_addressee and facts.setting != "independent-school":
        problems.append(
            Problem(
                "governors_addressee", refusals["addressee_independent"], code="not-for-setting"
            )
        )
    return problems


def draft_letter(
    letter_type: str,
    facts: Facts,
    details: LetterDetails,
    assessment: Assessment | None = None,
) -> Letter:
    """Draft one letter. Raises LetterError listing every problem, each naming its field."""
    letters = load_letters()
    problems = check_details(letter_type, details, facts)
    if any(p.field == "letter_type" for p in problems):
        raise LetterError(problems)
    text = letters.letters[letter_type]
    assessment = assessment or assess(facts)
    problems += _check_route(letters, text, assessment)
    if not fits_case(letter_type, facts, assessment):
        # Not drafted at all: the letter's words need the date it is about.
        why = _fill_plain(letters.common.not_shown, {"letter": text.name})
        raise LetterError(_unique([*problems, Problem("events", why, code="not-for-case")]))

    letter_date = details.letter_date or facts.today
    response_date = None
    defaulted = False
    if text.response is not None:
        response_date = details.response_date or default_response_date(letter_type, letter_date)
        defaulted = details.response_date is None
    deadlines = assessment.deadlines
    chasing = bool(text.sending_is_event) and _unanswered(facts, text.sending_is_event)
    if text.sending_is_event and not chasing:
        # Worked out as if this letter were received on its date: the engine's own clock.
        sent = facts.with_event(text.sending_is_event, letter_date)
        deadlines = assess(replace(sent, today=max(facts.today, letter_date))).deadlines

    drafter = _Drafter(letters, text, facts, details, assessment, deadlines)
    drafter.values["letter_date"] = long_date(letter_date)
    drafter.values["sar_due"] = long_date(add_months(letter_date, 1))
    born = details.child_date_of_birth
    if born is not None and add_months(born, 16 * 12) <= letter_date:
        # 16 by the letter's date: at or near the end of compulsory school age, when the rights
        # become the young person's own (CFA 2014 s.83(2)); the note asks, it does not decide.
        drafter.values["sixteen_or_over"] = "yes"
        drafter.flags.add("sixteen_or_over")
    if chasing:
        drafter.values["chasing"] = "yes"
        drafter.flags.add("chasing")
    if response_date is not None:
        drafter.values["response_date"] = long_date(response_date)
    letter = drafter.letter(letter_date, response_date, defaulted)
    problems += drafter.problems
    if problems:
        raise LetterError(_unique(problems))
    return letter


def _unanswered(facts: Facts, request_event: str) -> bool:
    """An earlier request is on file and no decision letter has followed it: the letter chases
    that request instead of starting the council's clock again."""
    requested = facts.date_of(request_event)
    if requested is None:
        return False
    return not any(day >= requested for day in facts.dates_of("decision-notice-sent"))


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month if it is shorter (how the
    ICO counts a month for a subject access request: received 31 March, due 30 April)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def fits_case(letter_type: str, facts: Facts, assessment: Assessment | None = None) -> bool:
    """Whether the case shows what the letter is about (its `offered_when`): an event on file,
    or one of the engine's dates still to come (deadline_*) or passed with nothing on file to
    show it was met (passed_*). A letter with no `offered_when` fits every case its routes do."""
    text = _letter_text(letter_type)
    if not text.offered_when:
        return True
    assessment = assessment or assess(facts)
    present = {"event_" + e.replace("-", "_") for e in facts.events if facts.date_of(e)}
    for d in assessment.deadlines:
        if d.met_on is None:
            prefix = "passed_" if d.status == "passed" else "deadline_"
            present.add(prefix + d.id.replace("-", "_"))
    return any(name in present for name in text.offered_when)


def _check_route(
    letters: LettersContent, text: LetterText, assessment: Assessment
) -> list[Problem]:
    if not text.gated:
        return []
    route_id = text.routes[0]
    try:
        route = assessment.route(route_id)
    except KeyError:
        why = f"the {assessment.local_authority_name} pack has no route {route_id}"
    else:
        if route.status != "not-applicable":
            return []
        why = route.why
    message = _fill_plain(letters.common.not_for_case, {"letter": text.name, "why": why})
    return [Problem("concern", message, code="not-for-case")]


class _Drafter:
    def __init__(
        self,
        letters: LettersContent,
        text: LetterText,
        facts: Facts,
        details: LetterDetails,
        assessment: Assessment,
        deadlines: tuple[DeadlineResult, ...],
    ) -> None:
        self.letters = letters
        self.common = letters.common
        self.text = text
        self.facts = facts
        self.details = details
        self.assessment = assessment
        self.deadlines = deadlines
        self.problems: list[Problem] = []
        self.cited: list[str] = []
        self.values = self._values()
        self.terms = self._terms()
        concern = load_content().concerns[facts.concern]
        self.flags = (
            _flags(details.given(), facts)
            | {k for k, v in self.values.items() if v}
            | {
                f"sender={self.values['sender']}",
                f"concern={facts.concern}",
                f"appeal={concern.appeal}",
                f"judicial_review={concern.judicial_review}",
                f"letter={text.id}",
            }
        )

    def _values(self) -> dict[str, str]:
        content = load_content()
        values: dict[str, str] = {}
        for name, value in self.details.given().items():
            if isinstance(value, date):
                values[name] = long_date(value)
            elif isinstance(value, bool):
                values[name] = "yes"
            elif isinstance(value, str):
                values[name] = value
        pack = content.local_authority(self.assessment.local_authority)
        if pack is None:  # not from assess(), which names a pack it has
            pack = content.local_authorities[DEFAULT_PACK]
        if not values.get("council_name") and pack.id != DEFAULT_PACK:
            values["council_name"] = pack.name
        values["setting"] = self.facts.setting
        values["sender"] = sender_of(self.facts, self.details)
        values["school_word"] = content.settings[self.facts.setting].school_word
        for event in self.facts.events:
            latest = self.facts.date_of(event)
            if latest is not None:
                values["event_" + event.replace("-", "_")] = long_date(latest)
        for deadline in self.deadlines:
            key = deadline.id.replace("-", "_")
            if deadline.met_on is None:
                prefix = "passed_" if deadline.status == "passed" else "deadline_"
                values[prefix + key] = long_date(deadline.due)
        if pack.has_own_pack and pack.id != DEFAULT_PACK:  # England-wide contacts name no one
            for route_id, contact in pack.contacts.items():
                values["local_contact_" + route_id.replace("-", "_")] = contact.name
        return values

    def _terms(self) -> dict[str, str]:
        """Each term's template for this case (by setting or by a choice), filled when used."""
        terms = {}
        for name, term in self.text.terms.items():
            if term.by == "setting":
                key = self.facts.setting
            elif term.by == "sender":
                key = self.values["sender"]
            elif term.by == "concern":
                key = self.facts.concern
            else:
                key = str(getattr(self.details, term.by))
            terms[name] = term.values.get(key, term.default)
        return terms

    # --- filling templates -----------------------------------------------------------------

    def fill(self, template: str, *, soft: bool = False) -> str | None:
        """The template with its placeholders filled, in one pass: inserted text is never read
        again, so user text stays data. A term (itself content) is filled first, the same way.
        None when a value is missing: a soft miss is silent, any other is a problem."""
        missing: list[str] = []

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in self.terms:
                found = self.fill(self.terms[name], soft=soft) if self.terms[name] else None
                if found is None:
                    missing.append(name)
                return found or ""
            found = self.values.get(name, "")
            if not found:
                missing.append(name)
            return found

        filled = PLACEHOLDER.sub(value, template)
        if not missing:
            return filled
        if not soft:
            for name in missing:
                if not name.startswith(_SOFT_PREFIXES) and name not in self.terms:
                    self._report_missing(name)
        return None

    def _report_missing(self, name: str) -> None:
        if name.startswith("event_"):
            event = name.removeprefix("event_").replace("_", "-")
            label = load_content().events[event].label
            message = _fill_plain(self.common.needs_event, {"event": event, "label": label})
            self.problems.append(Problem("events", message, code="needs-event"))
        elif name in FIELDS:
            message = _missing_message(self.letters, self.text, name)
            self.problems.append(Problem(name, message, code="missing"))
        else:  # a content mistake the load-time checks did not catch
            raise LookupError(f"letters/{self.text.id}.yaml: no value for {{{name}}}")

    def shows(self, when: tuple[str, ...], unless: tuple[str, ...]) -> bool:
        return all(_holds(c, self.flags, self.values) for c in when) and not any(
            _holds(c, self.flags, self.values) for c in unless
        )

    # --- the letter ------------------------------------------------------------------------

    def letter(self, letter_date: date, response_date: date | None, defaulted: bool) -> Letter:
        details, common, text = self.details, self.common, self.text
        title = self.fill(text.title) or ""
        subject = self.fill(text.subject) or ""
        blocks = self.blocks()
        if details.recipient_name:
            salutation = f"{common.dear} {details.recipient_name},"
            closing = common.yours_sincerely
        else:
            salutation = (self.fill(text.recipient.salutation) or "") + ","
            closing = common.yours_faithfully
        sender = (
            details.sender_name,
            *details.sender_address,
            *(v for v in (details.sender_email, details.sender_phone) if v),
        )
        first = details.recipient_name or self.fill(text.recipient.role, soft=True) or ""
        organisation = details.recipient_organisation or (
            self.fill(text.recipient.organisation) if text.recipient.organisation else ""
        )
        recipient = _distinct_lines((first, organisation or "", *details.recipient_address))
        regarding = self.lines(common.regarding)
        copies = tuple(f"{common.copy_to}: {line}" for line in self.lines(text.copies))
        sources = self.letters.sources
        references = tuple(
            Reference(sources[s].title, sources[s].url) for s in dict.fromkeys(self.cited)
        )
        return Letter(
            letter_type=text.id,
            title=title,
            sender=sender,
            date=letter_date,
            recipient=recipient,
            subject=subject,
            regarding=regarding,
            salutation=salutation,
            blocks=blocks,
            closing=closing,
            signature=details.sender_name,
            copies=copies,
            references=references,
            warning=(self.fill(text.warning) or "") if text.warning else "",
            notes=self.notes(response_date, defaulted),
            response_date=response_date,
            labels=Labels(
                before_you_send=common.before_you_send,
                letter_starts=common.letter_starts,
                for_you=common.for_you,
                warning=common.warning_label,
                references=common.references,
            ),
        )

    def lines(self, lines: tuple[LineText, ...]) -> tuple[str, ...]:
        out = []
        for line in lines:
            if self.shows(line.when, line.unless):
                filled = self.fill(line.text)
                if filled:
                    out.append(filled)
        return tuple(out)

    def blocks(self) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in self.text.body:
            if not self.shows(block.when, block.unless):
                continue
            made = self.block(block)
            if made:
                out.extend(made)
                self.cited.extend(block.cites)
        return tuple(out)

    def block(self, block: BlockText) -> list[Block]:
        if block.h:
            heading = self.fill(block.h)
            return [Heading(heading)] if heading else []
        if block.p:
            paragraph = self.fill(block.p)
            return [Paragraph(paragraph)] if paragraph else []
        if block.list:
            items: tuple[str, ...] = getattr(self.details, block.list)
            if not items:
                items = tuple(i for t in block.default_items if (i := self.fill(t)))
            return [BulletList(items)] if items else []
        if block.items:
            filled = tuple(i for t in block.items if (i := self.fill(t)))
            return [BulletList(filled)] if filled else []
        bullets = self.deadline_lines(block.deadlines) if block.deadlines else self.event_lines()
        if not bullets:
            return []
        heading = self.fill(block.heading) if block.heading else None
        return [*([Heading(heading)] if heading else []), BulletList(bullets)]

    def council_deadlines(self, which: str) -> list[DeadlineResult]:
        """The council's time limits, only as far as the facts show them.

        `council-missed`: an event shows the council did it, but after the limit (met late).
        `council-not-known-met`: the limit has passed and no event shows it was met; that is not
        proof it was missed, so the letter says so and the sender is asked to check each one.
        `council-upcoming`: still to come. The 16-week limit (SEND Regulations 2014 reg 10(1))
        is only about a decision not to issue a plan, so it appears only for that concern.
        """
        out = []
        for d in self.assessment.deadlines:
            if d.whose != "council":
                continue
            if d.id == "no-plan-decision" and self.facts.concern != "refused-plan":
                continue
            if which == "council-missed":
                keep = d.done_late
            elif which == "council-not-known-met":
                keep = d.met_on is None and d.status == "passed"
            else:
                keep = d.met_on is None and d.status != "passed"
            if keep:
                out.append(d)
        return out

    def deadline_lines(self, which: str) -> tuple[str, ...]:
        templates = {
            "council-missed": self.common.deadline_missed,
            "council-not-known-met": self.common.deadline_not_known_met,
            "council-upcoming": self.common.deadline_upcoming,
        }
        return tuple(
            _fill_plain(
                templates[which],
                {
                    "name": d.name,
                    "due": long_date(d.due),
                    "met_on": long_date(d.met_on) if d.met_on else "",
                },
            )
            for d in self.council_deadlines(which)
        )

    def event_lines(self) -> tuple[str, ...]:
        events = load_content().events
        return tuple(
            _fill_plain(
                self.common.event_line,
                {"date": long_date(day), "label": events[event].letter_label},
            )
            for day, event in self.facts.timeline()
        )

    def notes(self, response_date: date | None, defaulted: bool) -> tuple[str, ...]:
        common, text = self.common, self.text
        notes: list[str] = []
        if text.gated:
            try:
                route = self.assessment.route(text.routes[0])
            except KeyError:
                pass
            else:
                if route.status in ("not-yet", "closed"):
                    notes.append(route.why)
        for note in text.notes:
            line = note if isinstance(note, LineText) else LineText(text=note)
            if self.shows(line.when, line.unless) and (filled := self.fill(line.text, soft=True)):
                notes.append(filled)
        if response_date is not None and defaulted and text.response is not None:
            how_key: Literal["working_days", "days"] = (
                "working_days" if text.response.working_days else "days"
            )
            count = text.response.working_days or text.response.days
            how = _fill_plain(common.response_how[how_key], {"count": str(count)})
            notes.append(
                _fill_plain(
                    common.default_response_note,
                    {"response_date": long_date(response_date), "how": how},
                )
            )
        # Every running time limit of the sender's own, whatever the reply date: a letter never
        # stops one running. Those that end before the reply is due say not to wait for it.
        for d in self.assessment.deadlines:
            if d.whose != "parent" or d.met_on is not None or d.status == "passed":
                continue
            soon = response_date is not None and d.due <= response_date
            template = common.parent_deadline_note if soon else common.own_deadline_note
            notes.append(_fill_plain(template, {"name": d.name, "due": long_date(d.due)}))
        if any(
            b.deadlines == "council-not-known-met"
            and self.shows(b.when, b.unless)
            and self.council_deadlines("council-not-known-met")
            for b in text.body
        ):
            notes.append(common.not_known_met_note)
        notes += common.notes
        notes += [line.text for line in common.sender_notes if self.shows(line.when, line.unless)]
        return tuple(notes)


def _flags(given: Mapping[str, object], facts: Facts | None) -> set[str]:
    """Names that are present, and name=value for the choices and the setting."""
    flags = set(given)
    for name in (n for n, spec in FIELDS.items() if spec.kind == "choice"):
        if name in given:
            flags.add(f"{name}={given[name]}")
    if facts is not None:
        flags.add(f"setting={facts.setting}")
        flags.add("setting")
    return flags


def _holds(condition: str, flags: set[str], values: Mapping[str, str] | None = None) -> bool:
    return condition in flags or bool(values and "=" not in condition and values.get(condition))


def _fill_plain(template: str, values: Mapping[str, str]) -> str:
    """Fill a content template whose values are all known (content words, dates, labels)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def _missing_message(letters: LettersContent, text: LetterText, name: str) -> str:
    special = letters.common.missing.get(name)
    return special or _fill_plain(letters.common.required, {"letter": text.name})


def _distinct_lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The recipient's lines without blanks or repeats (issue 15: the council's name given as
    the organisation and again as the first line of the address was printed twice)."""
    seen: set[str] = set()
    out = []
    for line in lines:
        key = " ".join(line.casefold().split()).strip(" ,.")
        if key and key not in seen:
            seen.add(key)
            out.append(line)
    return tuple(out)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, int | None, str]] = set()
    out = []
    for problem in problems:
        key = (problem.field, problem.index, problem.message)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out
