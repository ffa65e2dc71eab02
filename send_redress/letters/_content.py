"""The letters' wording, from `send_redress/content/letters/*.yaml`, validated when it is loaded.

One file per letter type, and `common.yaml` for what every letter shares. Templates are trusted
content: `{name}` placeholders are filled in one pass with the case's values (user text is
inserted as data and never read again as a template). Validation checks that every placeholder,
`when` condition, field and source exists, so a wording mistake fails at load, not in a letter.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Annotated, Any, Literal

import msgspec

from send_redress._content import ROUTE_IDS, ContentError, Source
from send_redress._registry import CONCERNS, DEADLINE_IDS, EVENT_TYPES, SETTINGS
from send_redress.letters._fields import FIELDS

__all__ = [
    "COMMON_FIELDS",
    "LETTER_TYPES",
    "BlockText",
    "CommonText",
    "LetterText",
    "LettersContent",
    "PLACEHOLDER",
    "load_letters",
]

LETTER_TYPES = (
    "raise-concern",
    "school-complaint",
    "governors-complaint",
    "la-send-team",
    "la-complaint",
    "request-assessment",
    "mediation-adviser",
    "ombudsman-summary",
    "subject-access-request",
    "letter-before-claim",
    # Issue 14: drafted from the case, every date from the engine.
    "annual-review-overdue",
    "reassessment-request",
    "tribunal-order-missed",
    "phase-transfer-missed",
    "reinstatement-request",
    "review-panel-request",
    "nhs-complaint",
)

# Every letter asks for these; `sender_name` and `child_name` are required in all of them.
COMMON_REQUIRED = ("sender_name", "child_name")
COMMON_FIELDS = COMMON_REQUIRED + (
    "sender_address",
    "sender_email",
    "sender_phone",
    "young_person_consent",
    "child_date_of_birth",
    "recipient_name",
    "recipient_organisation",
    "recipient_address",
    "reference",
    "letter_date",
)

PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")
_ANY_BRACE = re.compile(r"[{}]")

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
Names = tuple[NonEmpty, ...]


class _Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class BlockText(_Strict, frozen=True, kw_only=True):
    """One block of a letter's body: exactly one of h, p, list, items, deadlines or events."""

    h: str = ""
    p: str = ""
    list: str = ""
    """An `items` field of the details: one bullet per item."""
    items: tuple[NonEmpty, ...] = ()
    """Fixed bullets (templates)."""
    default_items: tuple[NonEmpty, ...] = ()
    """Bullets used when the `list` field is empty."""
    deadlines: Literal["", "council-missed", "council-not-known-met", "council-upcoming"] = ""
    """Bullets from the assessment: the council's time limits that the events show were met
    late (missed), that have passed with no event showing them met (not known to be met), or
    that are still to come."""
    events: bool = False
    """Bullets from the facts: each event with its date, oldest first."""
    heading: str = ""
    """For `deadlines` and `events`: a heading shown only when there are bullets."""
    when: Names = ()
    """Names (or name=value) that must all be present for the block to appear."""
    unless: Names = ()
    """Names (or name=value) of which none may be present."""
    cites: Names = ()
    """Source ids whose law or guidance the block names; listed as references."""


class LineText(_Strict, frozen=True, kw_only=True):
    text: NonEmpty
    when: Names = ()
    unless: Names = ()


class TermText(_Strict, frozen=True, kw_only=True):
    """A word that depends on the case: by setting, or by one of the details' choices."""

    by: Literal[
        "setting",
        "sender",
        "concern",
        "mediation_choice",
        "sar_to",
        "defendant",
        "governors_addressee",
    ]
    values: dict[str, NonEmpty]
    default: str = ""


class RecipientText(_Strict, frozen=True, kw_only=True):
    role: str = ""
    organisation: str = ""
    salutation: NonEmpty
    """Used when no recipient_name is given (and then the letter ends "Yours faithfully")."""


class ResponseText(_Strict, frozen=True, kw_only=True):
    """How the default reply date is chosen when the sender gives none."""

    working_days: int = 0
    days: int = 0


class FieldsText(_Strict, frozen=True, kw_only=True):
    required: Names = ()
    optional: Names = ()
    required_when: dict[str, NonEmpty] = {}
    """Field -> condition (name=value): the field is required when the condition holds."""


class LetterText(_Strict, frozen=True, kw_only=True):
    id: NonEmpty
    name: NonEmpty
    """Short, for links: "a formal complaint to the school"."""
    summary: NonEmpty
    routes: Annotated[tuple[NonEmpty, ...], msgspec.Meta(min_length=1)]
    """The routes this letter serves; the web offers it from each of them."""
    gated: bool = True
    """Only for cases where the first route is open (or not yet open); never where it cannot
    deal with the concern."""
    sending_is_event: str = ""
    """An event type that sending this letter starts (its deadlines are worked out as if the
    letter were received on its date)."""
    offered_when: Names = ()
    """Values of the case (event_*, deadline_*, passed_*) of which at least one must be there
    for the letter to fit it: an overdue review's letter only when the engine shows the
    review's date has passed with no review. Empty: the routes alone decide."""
    fields: FieldsText
    response: ResponseText | None = None
    recipient: RecipientText
    title: NonEmpty
    subject: NonEmpty
    terms: dict[str, TermText] = {}
    body: Annotated[tuple[BlockText, ...], msgspec.Meta(min_length=1)]
    copies: tuple[LineText, ...] = ()
    warning: str = ""
    notes: tuple[NonEmpty | LineText, ...] = ()
    """For the sender: shown before the letter, never in it."""

    def allowed_fields(self) -> tuple[str, ...]:
        extra = tuple(
            f for f in self.fields.required + self.fields.optional if f not in COMMON_FIELDS
        )
        return COMMON_FIELDS + extra

    def required_fields(self) -> tuple[str, ...]:
        return COMMON_REQUIRED + self.fields.required

    def needed_events(self) -> tuple[str, ...]:
        """Event types the letter always states (a placeholder outside any `when` on it)."""
        texts = [self.title, self.subject, self.recipient.role, self.recipient.organisation]
        texts += [
            t
            for block in self.body
            if not block.when and not block.unless
            for t in (block.h, block.p, *block.items)
        ]
        names = {n for t in texts for n in PLACEHOLDER.findall(t) if n.startswith("event_")}
        return tuple(e for e in EVENT_TYPES if "event_" + e.replace("-", "_") in names)


class CommonText(_Strict, frozen=True, kw_only=True):
    before_you_send: NonEmpty
    letter_starts: NonEmpty
    for_you: NonEmpty
    warning_label: NonEmpty
    copy_to: NonEmpty
    references: NonEmpty
    yours_sincerely: NonEmpty
    yours_faithfully: NonEmpty
    dear: NonEmpty
    regarding: tuple[LineText, ...]
    notes: tuple[NonEmpty, ...]
    sender_notes: tuple[LineText, ...] = ()
    """Notes for the sender that depend on who signs or on the case (`when`/`unless`)."""
    default_response_note: NonEmpty
    response_how: dict[Literal["working_days", "days"], NonEmpty]
    parent_deadline_note: NonEmpty
    deadline_missed: NonEmpty
    deadline_not_known_met: NonEmpty
    deadline_upcoming: NonEmpty
    event_line: NonEmpty
    missing: dict[str, NonEmpty]
    """Messages for a missing value that a letter needs, by placeholder name."""
    not_known_met_note: NonEmpty
    own_deadline_note: NonEmpty
    refusals: dict[str, NonEmpty]
    """Messages for a choice that does not fit the case, by key (see _draft.check_details)."""
    needs_event: NonEmpty
    not_for_case: NonEmpty
    not_shown: NonEmpty
    """Why a letter with `offered_when` does not fit a case whose facts do not show it."""
    not_used: NonEmpty
    required: NonEmpty


class LettersContent(msgspec.Struct, frozen=True):
    common: CommonText
    letters: dict[str, LetterText]
    sources: dict[str, Source]


class _SourcesFile(_Strict, frozen=True, kw_only=True):
    sources: dict[str, Source]


# Who signs the letter: the young person, a parent, or a parent with the young person's consent
# (from Facts.asker and the young_person_consent detail; CFA 2014 s.36(1), s.51).
SENDERS = ("parent", "young-person", "parent-with-consent")
# What a concern allows (content/registry.yaml): name=value flags for `when` and `unless`.
CASE_CHOICES: dict[str, tuple[str, ...]] = {
    "sender": SENDERS,
    "concern": CONCERNS,
    "appeal": ("none", "with-certificate", "without-certificate"),
    "judicial_review": ("none", "one-off", "continuing"),
    "letter": LETTER_TYPES,
}

# Values every letter can use besides the details' own fields (see _draft.values()).
COMPUTED = (
    {"letter_date", "response_date", "council_name", "school_word", "setting", "sender"}
    | {"sar_due", "chasing", "sixteen_or_over"}
    | {"event_" + e.replace("-", "_") for e in EVENT_TYPES}
    | {"deadline_" + d.replace("-", "_") for d in DEADLINE_IDS}
    | {"passed_" + d.replace("-", "_") for d in DEADLINE_IDS}
    | {"local_contact_" + r.replace("-", "_") for r in ROUTE_IDS}
)


@functools.cache
def load_letters() -> LettersContent:
    """Every letter type's wording, validated; ContentError names the file and the problem."""
    root = resources.files("send_redress.content")
    sources = _decode(root, "sources.yaml", _SourcesFile).sources
    folder = root.joinpath("letters")
    common = _decode(folder, "common.yaml", CommonText)
    letters: dict[str, LetterText] = {}
    for letter_type in LETTER_TYPES:
        text = _decode(folder, f"{letter_type}.yaml", LetterText)
        if text.id != letter_type:
            raise ContentError(f"letters/{letter_type}.yaml: id is {text.id!r}")
        letters[letter_type] = text
    extra = sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
        and entry.name[:-5] not in LETTER_TYPES
        and entry.name != "common.yaml"
    )
    if extra:
        raise ContentError(f"letters: files for unknown letter types {extra}")
    content = LettersContent(common=common, letters=letters, sources=sources)
    problems = _check_common(common)
    for letter in letters.values():
        problems += _check_letter(letter, sources)
    if problems:
        raise ContentError("; ".join(problems))
    return content


def _decode(folder: Traversable, name: str, kind: type[Any]) -> Any:
    import yaml  # only here: slow to import, and not needed to assess a case

    try:
        text = folder.joinpath(name).read_text("utf-8")
    except OSError as error:
        raise ContentError(f"letters/{name}: cannot read it ({error})") from error
    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return msgspec.convert(raw, type=kind)
    except (yaml.YAMLError, msgspec.ValidationError) as error:
        raise ContentError(f"letters/{name}: {error}") from error


REFUSALS = (
    "consent_own_letter",
    "certificate_no_appeal",
    "certificate_not_needed",
    "addressee_independent",
)


def _check_common(common: CommonText) -> list[str]:
    where = "letters/common.yaml"
    problems = [
        f"{where} refusals: missing {key!r}" for key in REFUSALS if key not in common.refusals
    ]
    names = set(FIELDS) | COMPUTED
    for line in (*common.regarding, *common.sender_notes):
        problems += _check_template(where, line.text, names)
        for condition in line.when + line.unless:
            problems += _check_condition(where, condition, names)
    unknown_missing = sorted(set(common.missing) - set(FIELDS) - COMPUTED)
    if unknown_missing:
        problems.append(f"letters/common.yaml missing: unknown names {unknown_missing}")
    return problems


def _check_letter(letter: LetterText, sources: dict[str, Source]) -> list[str]:
    where = f"letters/{letter.id}.yaml"
    problems: list[str] = []
    fields = letter.fields
    for name in fields.required + fields.optional + tuple(fields.required_when):
        if name not in FIELDS:
            problems.append(f"{where}: unknown field {name!r}")
    overlap = set(fields.required) & set(fields.optional)
    if overlap:
        problems.append(f"{where}: fields both required and optional: {sorted(overlap)}")
    allowed = set(letter.allowed_fields())
    for name, condition in fields.required_when.items():
        if name not in allowed:
            problems.append(f"{where}: required_when names {name!r}, not a field of this letter")
        problems += _check_condition(where, condition, allowed)
    for route in letter.routes:
        if route not in ROUTE_IDS:
            problems.append(f"{where}: unknown route {route!r}")
    for condition in letter.offered_when:
        problems += _check_condition(where, condition, COMPUTED)
    if letter.sending_is_event and letter.sending_is_event not in EVENT_TYPES:
        problems.append(f"{where}: unknown event {letter.sending_is_event!r}")
    if letter.response is not None:
        days = (letter.response.working_days, letter.response.days)
        if sum(1 for d in days if d > 0) != 1 or min(days) < 0:
            problems.append(f"{where}: response needs exactly one of working_days or days")
        if "response_date" not in allowed:
            problems.append(f"{where}: a response needs the response_date field")
    for name, term in letter.terms.items():
        if name in FIELDS or name in COMPUTED:
            problems.append(f"{where}: term {name!r} hides a field or value of the same name")
        choices = _choices(term.by)
        unknown = sorted(set(term.values) - set(choices))
        if unknown:
            problems.append(f"{where}: term {name!r} has values for unknown {term.by} {unknown}")
        if term.by in FIELDS and term.by not in allowed:
            problems.append(f"{where}: term {name!r} depends on {term.by!r}, not a field here")
        for value in (*term.values.values(), term.default):
            problems += _check_template(where, value, allowed | COMPUTED | set(letter.terms))

    names = allowed | COMPUTED | set(letter.terms)
    templates = [letter.title, letter.subject, letter.recipient.role, letter.recipient.organisation]
    templates += [letter.recipient.salutation, letter.warning]
    for template in templates:
        problems += _check_template(where, template, names)
    notes = [n if isinstance(n, LineText) else LineText(text=n) for n in letter.notes]
    for line in (*letter.copies, *notes):
        problems += _check_template(where, line.text, names)
        for condition in line.when + line.unless:
            problems += _check_condition(where, condition, names)
    for index, block in enumerate(letter.body):
        at = f"{where} body[{index}]"
        kinds = [
            k
            for k, v in (
                ("h", block.h),
                ("p", block.p),
                ("list", block.list),
                ("items", block.items),
                ("deadlines", block.deadlines),
                ("events", block.events),
            )
            if v
        ]
        if len(kinds) != 1:
            problems.append(f"{at}: needs exactly one of h, p, list, items, deadlines, events")
        if block.list:
            spec = FIELDS.get(block.list)
            if spec is None or spec.kind != "items" or block.list not in allowed:
                problems.append(f"{at}: list must name an items field of this letter")
        if block.default_items and not block.list:
            problems.append(f"{at}: default_items only go with list")
        if block.heading and not (block.deadlines or block.events):
            problems.append(f"{at}: heading only goes with deadlines or events")
        for template in (block.h, block.p, block.heading, *block.items, *block.default_items):
            problems += _check_template(at, template, names)
        for condition in block.when + block.unless:
            problems += _check_condition(at, condition, names)
        for source_id in block.cites:
            if source_id not in sources:
                problems.append(f"{at}: unknown source {source_id!r} (not in sources.yaml)")
    return problems


def _check_template(where: str, template: str, names: set[str]) -> list[str]:
    used = PLACEHOLDER.findall(template)
    problems = [
        f"{where}: unknown placeholder {{{name}}} in {template!r}"
        for name in used
        if name not in names or (name in FIELDS and FIELDS[name].kind == "items")
    ]
    # Any brace left after removing the placeholders is a typo ({Name}, { x }, a lone brace).
    if _ANY_BRACE.search(PLACEHOLDER.sub("", template)):
        problems.append(f"{where}: stray brace in {template!r}")
    return problems


def _choices(name: str) -> tuple[str, ...]:
    if name == "setting":
        return SETTINGS
    if name in CASE_CHOICES:
        return CASE_CHOICES[name]
    return FIELDS[name].choices if name in FIELDS else ()


def _check_condition(where: str, condition: str, names: set[str]) -> list[str]:
    name, _, value = condition.partition("=")
    if name not in names and name not in FIELDS and name not in CASE_CHOICES:
        return [f"{where}: unknown name {name!r} in condition {condition!r}"]
    if value:
        choices = _choices(name)
        if value not in choices:
            return [f"{where}: {value!r} is not a value of {name!r} in {condition!r}"]
    return []
