"""Check an EHC plan (issue 16): find its sections A to K by their headings, then run the checks
in content/plan-checks.yaml, each finding quoting the words found, where they are, why they matter
(with the law) and a pattern for the rewrite. The plan's dates (the draft's 15 days to comment,
the 20 weeks, the appeal) come from the engine.

    from send_redress import check_plan, read_plan
    result = check_plan(read_plan(open("plan.pdf", "rb").read()), today=date(2026, 12, 2))
    for finding in result.findings:
        print(finding.section, finding.page, finding.quote, finding.why)

Pure Python: nothing leaves the process, and nothing is written anywhere.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from send_redress._plan_read import Line, PlanText

SECTIONS = ("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K")
SECTION_NAMES = {
    "A": "Views, interests and aspirations",
    "B": "Special educational needs",
    "C": "Health care needs",
    "D": "Social care needs",
    "E": "Outcomes",
    "F": "Special educational provision",
    "G": "Health care provision",
    "H": "Social care provision",
    "I": "Placement (school or other institution)",
    "J": "Personal budget",
    "K": "Advice and information",
}
SEVERITIES = ("high", "medium", "low", "info")
KINDS = ("draft", "final", "unknown")

# What the words after a bare letter must say for "F. Special educational provision" to be taken
# as a heading (and not, say, a numbered list item "B. Reading").
_TITLE_WORDS = {
    "A": r"views|interests|aspirations|about me|all about|profile|history",
    "B": r"special educational needs?|\bsen\b|needs",
    "C": r"health",
    "D": r"social",
    "E": r"outcomes?",
    "F": r"special educational provision|provision|support",
    "G": r"health",
    "H": r"social",
    "I": r"placement|school|institution|setting|name",
    "J": r"personal budget|direct payment|budget",
    "K": r"advice|information|appendi|reports?",
}
_SEPARATOR = r"[:.\-–—)|,]"
_SECTION_WORD = re.compile(
    rf"^\s*(?:section|part)\s+\(?([A-Ka-k])\)?\s*([12])?(?=$|\s|{_SEPARATOR})(.*)$", re.IGNORECASE
)
_LETTER_FIRST = re.compile(rf"^\s*\(?([A-K])([12])?\)?\s*{_SEPARATOR}?\s+(.+)$")


def heading_of(text: str) -> str | None:
    """The section ("A" to "K"; H1 and H2 are "H") that a line is the heading of, or None."""
    if len(text) > 160:
        return None
    match = _SECTION_WORD.match(text)
    if match:
        letter, rest = match.group(1).upper(), match.group(3).strip()
        if not rest or re.match(_SEPARATOR, rest) or re.match(r"\(cont", rest, re.IGNORECASE):
            return letter
        # "Section F Special educational provision" (no separator): the title must follow.
        if re.match(
            rf"(?:the\s+)?(?:child'?s?\s+|young person'?s?\s+)?(?:{_TITLE_WORDS[letter]})",
            rest,
            re.IGNORECASE,
        ):
            return letter
        return None
    match = _LETTER_FIRST.match(text)
    if match and len(text) <= 120:
        letter, rest = match.group(1), match.group(3)
        if re.match(
            rf"(?:the\s+)?(?:child'?s?\s+|young person'?s?\s+|child or young person'?s?\s+)?(?:{_TITLE_WORDS[letter]})",
            rest,
            re.IGNORECASE,
        ):
            return letter
    return None


@dataclass(frozen=True)
class Item:
    """One paragraph, list item or table row of a section, as the checks see it."""

    section: str
    text: str
    page: int
    line: int


@dataclass(frozen=True)
class Sections:
    items: dict[str, tuple[Item, ...]]
    headings: dict[str, tuple[int, int]]
    """Where each section's first heading is: (page, line)."""

    def found(self, section: str) -> bool:
        return section in self.headings


_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$|^-\s*\d{1,3}\s*-$", re.IGNORECASE
)
_BULLET = re.compile(
    r"^\s*(?:[•●▪◦○■\-*–]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)]|outcome\s+\d+\s*[:.\-]?)\s+",
    re.IGNORECASE,
)


def _repeated_lines(lines: Sequence[Line], pages: int) -> set[str]:
    """Headers and footers: the same words (numbers aside) near the top or bottom of most pages."""
    if pages < 2:
        return set()
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        if line.text:
            by_page.setdefault(line.page, []).append(line)
    seen: dict[str, set[int]] = {}
    for page, page_lines in by_page.items():
        for line in page_lines[:3] + page_lines[-3:]:
            if len(line.text) >= 10:  # not "None." at the top of two pages
                seen.setdefault(_shape(line.text), set()).add(page)
    threshold = pages if pages < 4 else max(3, pages // 2)
    return {shape for shape, where in seen.items() if len(where) >= threshold}


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def find_sections(plan: PlanText) -> Sections:
    """Each section's items, in the order read. A heading met again ("Section F continued", a
    header repeated on each page) continues the section; the text before the first heading
    (the cover and contents) belongs to none."""
    repeated = _repeated_lines(plan.lines, plan.pages)
    items: dict[str, list[Item]] = {}
    headings: dict[str, tuple[int, int]] = {}
    current: str | None = None
    buffer: list[Line] = []

    def flush() -> None:
        if current is not None and buffer:
            text = (
                _BULLET.sub("", " ".join(line.text for line in buffer), count=1).strip()
                or buffer[0].text
            )
            items.setdefault(current, []).append(
                Item(current, text, buffer[0].page, buffer[0].number)
            )
        buffer.clear()

    for line in plan.lines:
        text = line.text
        if not text:
            flush()
            continue
        if _PAGE_NUMBER.match(text) or (
            repeated and _shape(text) in repeated and heading_of(text) is None
        ):
            continue
        section = heading_of(text)
        if section is not None:
            flush()
            current = section
            headings.setdefault(section, (line.page, line.number))
            continue
        if line.row or _BULLET.match(text) or not buffer or _ends_item(buffer[-1].text, text):
            flush()
        buffer.append(line)
        if line.row:
            flush()
    flush()
    return Sections({key: tuple(value) for key, value in items.items()}, headings)


def _ends_item(previous: str, text: str) -> bool:
    """Whether `previous` ends its item before the line `text`: wrapped lines (long, with no
    full stop, or followed by a small letter) carry on."""
    if previous.endswith((".", "!", "?", ":", ";")):
        return True
    if text[:1].islower() or text[:1] in "(&,":
        return False
    return len(previous) < 55


# --- the rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckRule:
    id: str
    group: str
    section: str
    sections: tuple[str, ...]
    severity: str
    title: str
    looks_for: str
    why: str
    ask_for: str
    rewrite: str
    sources: tuple[Any, ...]
    letter_asks: str = ""
    """What the parent's representations letter asks for, in the parent's voice."""
    phrases: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = field(default=None, compare=False)
    unless: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False)
    """A phrase (lower case) that is not a finding in a paragraph this matches."""


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    pattern: re.Pattern[str]
    needles: tuple[str, ...] = ()
    """Its words in lower case, for a quick test before the pattern."""


@dataclass(frozen=True)
class Rules:
    checks: dict[str, CheckRule]
    who: re.Pattern[str]
    amount: re.Pattern[str]
    topics: tuple[Topic, ...]
    need: re.Pattern[str]


LOOKS_FOR = (
    "words",
    "missing-amount",
    "missing-who",
    "need-without-provision",
    "provision-without-need",
    "therapy-outside-f",
    "missing-time-frame",
    "not-measurable",
    "final-none-named",
    "draft-names-school",
    "section-missing",
)


class PlanRulesError(ValueError):
    pass


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Whole words; a short capitalised abbreviation (SALT, OT, TA) only in capitals."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = re.escape(phrase).replace(r"\ ", r"\s+")
        if phrase.isupper() and len(phrase) <= 5:
            parts.append(rf"(?-i:\b{body}\b)")
        else:
            parts.append(rf"\b{body}\b")
    return re.compile("|".join(parts), re.IGNORECASE)


@functools.cache
def load_rules() -> Rules:
    """content/plan-checks.yaml, validated (`parse_rules`)."""
    import importlib.resources

    return parse_rules(
        importlib.resources.files("send_redress")
        .joinpath("content/plan-checks.yaml")
        .read_text("utf-8")
    )


def parse_rules(text: str) -> Rules:
    """The rules in a plan-checks YAML text, validated: every check has a known kind, a known
    severity, a section, words to say why and what to ask for, and at least one source held to
    sources.yaml's rules; every source is cited. Raises PlanRulesError naming each problem."""
    import msgspec
    import yaml

    from send_redress._content import ContentError, Source, _check_sources

    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise PlanRulesError(f"plan-checks.yaml: {error}") from error
    if not isinstance(raw, dict):
        raise PlanRulesError("plan-checks.yaml: not a mapping")
    problems: list[str] = []
    try:
        sources = {
            key: msgspec.convert(value, type=Source) for key, value in raw["sources"].items()
        }
        _check_sources(sources)
    except (msgspec.ValidationError, ContentError, KeyError, TypeError) as error:
        raise PlanRulesError(f"plan-checks.yaml: sources: {error}") from error
    cited: set[str] = set()
    checks: dict[str, CheckRule] = {}
    required = (
        "id",
        "group",
        "section",
        "severity",
        "title",
        "looks_for",
        "why",
        "ask_for",
        "rewrite",
        "sources",
    )
    for entry in raw.get("checks") or []:
        if not isinstance(entry, dict):
            problems.append(f"plan-checks.yaml: check {entry!r} is not a mapping")
            continue
        where = f"plan-checks.yaml: check {entry.get('id', '?')}"
        missing = [
            key for key in required if key not in entry or (key != "section" and not entry[key])
        ]
        unknown = set(entry) - set(required) - {"phrases", "also_sections", "letter_asks"}
        if missing or unknown:
            problems.append(f"{where}: missing {missing}, unknown {sorted(unknown)}")
            continue
        if entry["severity"] not in SEVERITIES:
            problems.append(f"{where}: severity {entry['severity']!r} is not one of {SEVERITIES}")
        if entry["looks_for"] not in LOOKS_FOR:
            problems.append(f"{where}: looks_for {entry['looks_for']!r} is not one of {LOOKS_FOR}")
        if entry["section"] and entry["section"] not in SECTIONS:
            problems.append(f"{where}: section {entry['section']!r} is not one of A to K")
        if entry["looks_for"] in ("words", "therapy-outside-f", "not-measurable") and not entry.get(
            "phrases"
        ):
            problems.append(f"{where}: needs phrases")
        unknown_sources = [s for s in entry["sources"] if s not in sources]
        if unknown_sources:
            problems.append(f"{where}: unknown sources {unknown_sources}")
        if entry["id"] in checks:
            problems.append(f"{where}: id used twice")
        cited.update(entry["sources"])
        phrases_list: list[str] = []
        unless: dict[str, re.Pattern[str]] = {}
        for phrase in entry.get("phrases", ()):
            if (
                isinstance(phrase, dict)
                and set(phrase) <= {"words", "unless"}
                and phrase.get("words")
            ):
                phrases_list.append(phrase["words"])
                if phrase.get("unless"):
                    try:
                        unless[phrase["words"].lower()] = re.compile(
                            phrase["unless"], re.IGNORECASE
                        )
                    except re.error as error:
                        problems.append(f"{where}: unless for {phrase['words']!r}: {error}")
            elif isinstance(phrase, str) and phrase.strip():
                phrases_list.append(phrase)
            else:
                problems.append(f"{where}: phrase {phrase!r} is not words or {{words, unless}}")
        phrases = tuple(phrases_list)
        checks[entry["id"]] = CheckRule(
            id=entry["id"],
            group=entry["group"],
            section=entry["section"],
            sections=(entry["section"], *entry.get("also_sections", ()))
            if entry["section"]
            else (),
            severity=entry["severity"],
            title=entry["title"].strip(),
            looks_for=entry["looks_for"],
            why=" ".join(entry["why"].split()),
            ask_for=entry["ask_for"].strip(),
            rewrite=entry["rewrite"].strip(),
            letter_asks=str(entry.get("letter_asks") or entry["ask_for"]).strip(),
            sources=tuple(sources[s] for s in entry["sources"] if s in sources),
            phrases=phrases,
            pattern=_phrase_pattern(phrases) if phrases else None,
            unless=unless,
        )
    if set(sources) - cited:
        problems.append(f"plan-checks.yaml: sources nothing cites: {sorted(set(sources) - cited)}")
    vocabulary = raw.get("vocabulary") or {}
    try:
        who = _phrase_pattern(vocabulary["who"])
        amount = re.compile("|".join(f"(?:{p})" for p in vocabulary["amount"]), re.IGNORECASE)
        topics = tuple(
            Topic(
                key,
                value["label"],
                _phrase_pattern(value["words"]),
                tuple(" ".join(w.lower().split()) for w in value["words"]),
            )
            for key, value in vocabulary["topics"].items()
        )
        need = _phrase_pattern(raw["need_words"])

    except (KeyError, TypeError, re.error) as error:
        problems.append(f"plan-checks.yaml: vocabulary: {error}")
    if problems:
        raise PlanRulesError("; ".join(problems))
    return Rules(checks, who, amount, topics, need)


# --- the result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFinding:
    check: str
    group: str
    severity: str
    title: str
    section: str
    quote: str
    """The words found (or, for a missing amount, the provision's own words, shortened)."""
    context: str
    """The whole paragraph, list item or table row the words are in."""
    page: int | None
    line: int | None
    why: str
    ask_for: str
    rewrite: str
    sources: tuple[Any, ...]

    @property
    def key(self) -> str:
        """Stable across runs of the same plan: which findings a parent keeps (the letter)."""
        import hashlib

        digest = hashlib.sha256(
            f"{self.check}|{self.section}|{self.page}|{self.line}|{self.quote}".encode()
        )
        return digest.hexdigest()[:12]


@dataclass(frozen=True)
class PlanDate:
    id: str
    name: str
    due: date
    days_left: int
    whose: str
    working: str
    sources: tuple[Any, ...]


@dataclass(frozen=True)
class PlanCheck:
    kind: str
    kind_from: str
    """"plan" (the plan's own words), "given" (told by the person) or "unknown"."""
    dated: date | None
    today: date
    format: str
    pages: int
    sections_found: tuple[str, ...]
    findings: tuple[PlanFinding, ...]
    dates: tuple[PlanDate, ...]
    notes: tuple[str, ...]

    def date(self, date_id: str) -> PlanDate | None:
        return next((d for d in self.dates if d.id == date_id), None)


_DRAFT = re.compile(
    r"^\s*draft\s*$|\bdraft\s+(?:ehc|education,?\s+health\s+and\s+care)\s+plan\b|\bthis\s+(?:plan\s+)?is\s+a\s+draft\b|\bproposed\s+(?:ehc|education,?\s+health\s+and\s+care)\s+plan\b",
    re.IGNORECASE | re.MULTILINE,
)
_FINAL = re.compile(
    r"\bfinal(?:ised)?\s+(?:ehc|education,?\s+health\s+and\s+care)\s+plan\b|^\s*final\s*$|\bthis\s+(?:plan\s+)?is\s+(?:the\s+)?final\b",
    re.IGNORECASE | re.MULTILINE,
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_DATE_TEXT = r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})|(\d{1,2})[/.](\d{1,2})[/.](\d{4})|(\d{4})-(\d{2})-(\d{2})"
_DATED = re.compile(
    rf"\b(?:date\s+of\s+(?:this\s+)?(?:issue|draft|plan|final(?:ised)?\s+plan|finalisation|issuing)|date\s+(?:issued|finalised|of\s+draft)|(?:draft|plan|final)\s+(?:issued|dated|date)|issued\s+on|dated)\b\s*[:\-–]?\s*(?:{_DATE_TEXT})",
    re.IGNORECASE,
)


def plan_kind(raw: str) -> str:
    draft, final = bool(_DRAFT.search(raw)), bool(_FINAL.search(raw))
    if draft and not final:
        return "draft"
    if final and not draft:
        return "final"
    return "unknown"


def plan_date(raw: str) -> date | None:
    """The date the plan gives itself ("Date of issue: 3 November 2026"), or None."""
    for match in _DATED.finditer(raw):
        day = _parse_date(match.groups())
        if day is not None:
            return day
    return None


def _parse_date(groups: Sequence[str | None]) -> date | None:
    try:
        if groups[0]:
            month = next(
                (n for name, n in _MONTHS.items() if name.startswith(str(groups[1]).lower()[:3])),
                None,
            )
            if month is None:
                return None
            return date(int(str(groups[2])), month, int(groups[0]))
        if groups[3]:
            return date(int(str(groups[5])), int(str(groups[4])), int(groups[3]))
        if groups[6]:
            return date(int(groups[6]), int(str(groups[7])), int(str(groups[8])))
    except ValueError:
        return None
    return None


def check_plan(
    plan: PlanText,
    *,
    today: date,
    kind: str | None = None,
    dated: date | None = None,
    requested_on: date | None = None,
) -> PlanCheck:
    """Every finding for a plan, in section order, and the dates that follow from it.

    `kind` ("draft" or "final") and `dated` (the day the draft was sent, or the final plan's
    date) override what the plan says of itself; `requested_on` (the day the council got the
    request for an assessment) gives the 20-week date."""
    rules = load_rules()
    notes: list[str] = []
    if kind is not None and kind not in ("draft", "final"):
        raise ValueError(f"kind must be draft or final, not {kind!r}")
    found_kind = plan_kind(plan.raw)
    kind_from = "given" if kind else ("plan" if found_kind != "unknown" else "unknown")
    kind = kind or found_kind
    dated = dated or plan_date(plan.raw)
    sections = find_sections(plan)
    findings: list[PlanFinding] = []
    for rule in rules.checks.values():
        findings.extend(_run(rule, rules, sections, kind))
    order = {s: i for i, s in enumerate(("",) + SECTIONS)}
    findings.sort(key=lambda f: (order.get(f.section, 99), f.page or 0, f.line or 0, f.check))
    if kind == "unknown":
        notes.append(
            "We could not tell whether this is a draft or a final plan. Say which to see its dates and the section I checks."
        )
    dates = _dates(kind, dated, requested_on, today)
    if kind in ("draft", "final") and dated is None:
        notes.append(
            "We could not find the plan's date. Give the date it was sent to see the deadlines."
        )
    return PlanCheck(
        kind=kind,
        kind_from=kind_from,
        dated=dated,
        today=today,
        format=plan.format,
        pages=plan.pages,
        sections_found=tuple(s for s in SECTIONS if sections.found(s)),
        findings=tuple(findings),
        dates=tuple(dates),
        notes=tuple(notes),
    )


def _dates(kind: str, dated: date | None, requested_on: date | None, today: date) -> list[PlanDate]:
    from send_redress._engine import assess
    from send_redress._facts import Facts

    events: dict[str, tuple[date, ...]] = {}
    if requested_on is not None:
        events["assessment-requested"] = (requested_on,)
    if dated is not None and kind == "draft":
        events["draft-plan-issued"] = (dated,)
    if dated is not None and kind == "final":
        # The final plan comes with the notice of the right to appeal: its date starts the
        # appeal's 2 months (the page says to use the letter's date if it differs).
        events["final-plan-issued"] = (dated,)
        events["decision-notice-sent"] = (dated,)
    if not events:
        return []
    assessment = assess(Facts(concern="plan-contents", today=today, events=events))
    wanted = {
        "draft": ("draft-plan-comments", "final-plan"),
        "final": (
            "tribunal-appeal",
            "mediation-adviser-contact",
            "final-plan",
            "annual-review-due",
        ),
    }
    keep = wanted.get(kind, ("final-plan",))
    return [
        PlanDate(d.id, d.name, d.due, d.days_left, d.whose, d.working, tuple(d.sources))
        for d in assessment.deadlines
        if d.id in keep and not (d.id == "final-plan" and requested_on is None)
    ]


# --- the checks -----------------------------------------------------------------------------

_HEADER_CELL = re.compile(
    r"^(?:need|needs|outcome|outcomes|provision|who|who will provide|how often|frequency|staffing|resources|by when|area of need|review|notes?|strategies)\b",
    re.IGNORECASE,
)
_SCHOOL_NAMED = re.compile(
    r"\b(?:school|academy|college|nursery|primary|secondary|infant|junior|institution|setting|resource base|unit|provision|mainstream|special|independent|maintained)\b",
    re.IGNORECASE,
)
_NOT_NAMED = re.compile(
    r"\b(?:to be (?:confirmed|named|agreed|decided|determined)|tbc|tba|not (?:yet )?(?:named|known|decided|confirmed)|will be named|named in the final|awaiting|pending|left blank|to follow|consultation)\b|^\W*$|^(?:n/?a|none)\W*$",
    re.IGNORECASE,
)
_TIME_FRAME = re.compile(
    r"\bby\s+(?:the\s+)?(?:end|start|beginning|summer|autumn|spring|christmas|easter|july|june|september|december|year|key stage|ks\d|age|\d{4}|january|february|march|april|may|august|october|november|the time)|\bwithin\s+(?:the\s+)?(?:next\s+)?(?:\d+|one|two|three|six|twelve|a)\s+(?:weeks?|months?|years?|terms?)|\b(?:in|over)\s+(?:the\s+)?(?:next\s+)?(?:\d+|one|two|three|six|twelve)\s+(?:weeks?|months?|years?|terms?)|\bend of (?:year|key stage|the (?:school )?year|term|ks\d|primary|secondary)|\b(?:20\d\d)\b|\bat (?:his|her|their) next annual review\b|\bby (?:his|her|their) next annual review\b|\bnext (?:academic|school) year\b|\bbefore (?:he|she|they) (?:starts?|moves?|leaves?)\b",
    re.IGNORECASE,
)
_MEASURABLE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|half|all|every|each)\b|\b(?:independently|without (?:adult )?(?:help|support|prompting|prompts)|accurately|out of|per cent|percent|at least|on (?:\w+ )?occasions?|consistently|each day|every day|words?|sentences?)\b",
    re.IGNORECASE,
)
_PROVISION_CUE = re.compile(
    r"\b(?:will|to|receive|receives|provide|provided|delivered|deliver|have|has|programme|therapy|sessions?|support|teaching|access|intervention|use|given|work|taught|opportunit)",
    re.IGNORECASE,
)


def _is_provision(item: Item) -> bool:
    text = item.text
    if _HEADER_CELL.match(text) and len(text.split()) <= 10:
        return False
    return len(text.split()) >= 6 and bool(_PROVISION_CUE.search(text))


def _is_outcome(item: Item) -> bool:
    text = item.text
    if _HEADER_CELL.match(text) and len(text.split()) <= 8:
        return False
    return len(text.split()) >= 5


def _finding(
    rule: CheckRule, item: Item | None, quote: str, section: str | None = None
) -> PlanFinding:
    return PlanFinding(
        check=rule.id,
        group=rule.group,
        severity=rule.severity,
        title=rule.title,
        section=section if section is not None else (item.section if item else rule.section),
        quote=quote,
        context=item.text if item else "",
        page=item.page if item else None,
        line=item.line if item else None,
        why=rule.why,
        ask_for=rule.ask_for,
        rewrite=rule.rewrite,
        sources=rule.sources,
    )


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("| ", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find(" |", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return _short(text[left + 2 if left != -1 else 0 : right].strip(), 200)


def _topics(rules: Rules, text: str) -> set[str]:
    # A plain substring test first (fast), the whole-word pattern only where one is found: the
    # patterns alone made a 40-page plan's check take half a second.
    lower = text.lower()
    return {
        topic.id
        for topic in rules.topics
        if any(needle in lower for needle in topic.needles) and topic.pattern.search(text)
    }


def _topic_quote(topics: list[Topic], text: str) -> str:
    """The words that name each topic, and the topic: '"anxious" (feelings, anxiety and behaviour)'."""
    parts = []
    for topic in topics:
        match = topic.pattern.search(text)
        if match:
            parts.append(f'"{match.group(0)}" ({topic.label})')
    return "; ".join(parts)


def _run(rule: CheckRule, rules: Rules, sections: Sections, kind: str) -> list[PlanFinding]:
    items = [item for section in rule.sections for item in sections.items.get(section, ())]
    look = rule.looks_for
    found: list[PlanFinding] = []
    if look == "words":
        assert rule.pattern is not None
        for item in items:
            if not _is_provision(item):
                continue
            words = [
                word
                for word in dict.fromkeys(
                    " ".join(m.group(0).lower().split()) for m in rule.pattern.finditer(item.text)
                )
                if not (word in rule.unless and rule.unless[word].search(item.text))
            ]
            if words:
                found.append(_finding(rule, item, ", ".join(f'"{w}"' for w in words)))
    elif look == "missing-amount":
        for item in items:
            if _is_provision(item) and not rules.amount.search(item.text):
                found.append(_finding(rule, item, _short(item.text)))
    elif look == "missing-who":
        for item in items:
            if _is_provision(item) and not rules.who.search(item.text):
                found.append(_finding(rule, item, _short(item.text)))
    elif look == "need-without-provision":
        provided = (
            set().union(*(_topics(rules, i.text) for i in sections.items.get("F", ())))
            if sections.found("F")
            else None
        )
        if provided is not None:
            for item in sections.items.get("B", ()):
                if not rules.need.search(item.text) or len(item.text.split()) < 6:
                    continue
                missing = [t for t in rules.topics if t.id in _topics(rules, item.text) - provided]
                if missing:
                    found.append(_finding(rule, item, _topic_quote(missing, item.text), "B"))
    elif look == "provision-without-need":
        described = (
            set().union(*(_topics(rules, i.text) for i in sections.items.get("B", ())))
            if sections.found("B")
            else None
        )
        if described is not None:
            for item in sections.items.get("F", ()):
                if not _is_provision(item):
                    continue
                topics = _topics(rules, item.text)
                if topics and not topics & described:
                    unmatched = [t for t in rules.topics if t.id in topics]
                    found.append(_finding(rule, item, _topic_quote(unmatched, item.text), "F"))
    elif look == "therapy-outside-f":
        assert rule.pattern is not None
        in_f = " ".join(i.text for i in sections.items.get("F", ()))
        for item in items:
            words = list(dict.fromkeys(m.group(0) for m in rule.pattern.finditer(item.text)))
            fresh = [w for w in words if not re.search(rf"\b{re.escape(w)}\b", in_f, re.IGNORECASE)]
            if fresh:
                found.append(_finding(rule, item, ", ".join(f'"{w}"' for w in fresh)))
    elif look == "missing-time-frame":
        for item in items:
            if _is_outcome(item) and not _TIME_FRAME.search(item.text):
                found.append(_finding(rule, item, _short(item.text)))
    elif look == "not-measurable":
        assert rule.pattern is not None
        for item in items:
            if not _is_outcome(item) or _MEASURABLE.search(item.text):
                continue
            match = rule.pattern.search(item.text)
            if match:
                found.append(_finding(rule, item, f'"{match.group(0).lower()}"'))
    elif look == "final-none-named" and kind == "final":
        named = [i for i in items if _SCHOOL_NAMED.search(i.text) and not _NOT_NAMED.search(i.text)]
        if not named:
            first = items[0] if items else None
            found.append(
                _finding(rule, first, _short(first.text) if first else "(section I is empty)", "I")
            )
    elif look == "draft-names-school" and kind == "draft":
        for item in items:
            if (
                _SCHOOL_NAMED.search(item.text)
                and not _NOT_NAMED.search(item.text)
                and not _is_section_label(item.text)
            ):
                found.append(_finding(rule, item, _short(item.text), "I"))
                break
    elif look == "section-missing":
        for section in SECTIONS:
            if section != "J" and not sections.found(section):
                found.append(
                    _finding(rule, None, f"Section {section}: {SECTION_NAMES[section]}", section)
                )
    return found


_LABEL = re.compile(
    r"^(?:name|type|name and type|placement|school|setting|institution)(?: of (?:school|setting|institution|placement))?\s*[:|]?\s*$",
    re.IGNORECASE,
)


def _is_section_label(text: str) -> bool:
    return bool(_LABEL.match(text))


# --- output ---------------------------------------------------------------------------------


def to_jsonable(result: PlanCheck) -> dict[str, Any]:
    """The check-plan JSON contract (docs/plan-check-contract.md; schema/plan-check-output)."""

    def sources(items: Iterable[Any]) -> list[dict[str, str]]:
        return [
            {"title": s.title, "url": s.url, "took_effect": s.took_effect.isoformat()}
            for s in items
        ]

    return {
        "contract": "plan-check/1",
        "today": result.today.isoformat(),
        "plan": {
            "kind": result.kind,
            "kind_from": result.kind_from,
            "dated": result.dated.isoformat() if result.dated else None,
            "format": result.format,
            "pages": result.pages,
            "sections_found": list(result.sections_found),
        },
        "findings": [
            {
                "key": f.key,
                "check": f.check,
                "group": f.group,
                "severity": f.severity,
                "title": f.title,
                "section": f.section,
                "quote": f.quote,
                "context": f.context,
                "page": f.page,
                "line": f.line,
                "why": f.why,
                "ask_for": f.ask_for,
                "rewrite": f.rewrite,
                "sources": sources(f.sources),
            }
            for f in result.findings
        ],
        "dates": [
            {
                "id": d.id,
                "name": d.name,
                "due": d.due.isoformat(),
                "days_left": d.days_left,
                "whose": d.whose,
                "working": d.working,
                "sources": sources(d.sources),
            }
            for d in result.dates
        ],
        "notes": list(result.notes),
        "disclaimer": "This is information, not legal advice. The checks look for words; read each finding against the plan.",
    }


def format_text(result: PlanCheck) -> str:
    from send_redress._wording import long_date

    kind = {
        "draft": "Draft plan",
        "final": "Final plan",
        "unknown": "Plan (draft or final not known)",
    }[result.kind]
    lines = [
        f"Plan check on {long_date(result.today)}",
        f"{kind}" + (f", dated {long_date(result.dated)}" if result.dated else ""),
        f"Sections found: {', '.join(result.sections_found) or 'none'}",
        "",
    ]
    if result.dates:
        lines.append("Dates")
        for d in result.dates:
            whose = "you" if d.whose == "parent" else "the council"
            lines += [f"  {long_date(d.due)}: {d.name} [for {whose}]", f"      {d.working}"]
        lines.append("")
    for note in result.notes:
        lines.append(f"Note: {note}")
    if result.notes:
        lines.append("")
    lines.append(f"Findings ({len(result.findings)})")
    for number, f in enumerate(result.findings, start=1):
        where = f"section {f.section}" + (f", page {f.page}, line {f.line}" if f.page else "")
        lines += [
            "",
            f"{number}. [{f.severity}] {f.title} ({where})",
            f"   Found: {f.quote}",
            f"   Why: {f.why}",
            f"   Ask for: {f.ask_for}",
            f"   Rewrite: {f.rewrite}",
            "   Law: " + "; ".join(f"{s.title} ({s.url})" for s in f.sources),
        ]
    lines += ["", "This is information, not legal advice.", ""]
    return "\n".join(lines)


def output_schema() -> dict[str, Any]:
    """The JSON Schema of `to_jsonable`'s output (committed as schema/plan-check-output.schema.json)."""
    day = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
    text = {"type": "string", "minLength": 1}
    source = {
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "url", "took_effect"],
        "properties": {
            "title": text,
            "url": {"type": "string", "pattern": "^https://"},
            "took_effect": day,
        },
    }
    sources = {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Source"}}
    rules = load_rules()
    finding = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "key",
            "check",
            "group",
            "severity",
            "title",
            "section",
            "quote",
            "context",
            "page",
            "line",
            "why",
            "ask_for",
            "rewrite",
            "sources",
        ],
        "properties": {
            "key": {
                "type": "string",
                "pattern": "^[0-9a-f]{12}$",
                "description": "Stable for the same plan: names the findings a parent keeps.",
            },
            "check": {"enum": sorted(rules.checks)},
            "group": {"enum": sorted({c.group for c in rules.checks.values()})},
            "severity": {"enum": list(SEVERITIES)},
            "title": text,
            "section": {"enum": list(SECTIONS)},
            "quote": {
                **text,
                "description": "The words found, or the provision's own words where something is missing.",
            },
            "context": {
                "type": "string",
                "description": "The paragraph, list item or table row; empty for a missing section.",
            },
            "page": {"type": ["integer", "null"], "minimum": 1},
            "line": {"type": ["integer", "null"], "minimum": 1},
            "why": text,
            "ask_for": text,
            "rewrite": text,
            "sources": sources,
        },
    }
    plan_date = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "name", "due", "days_left", "whose", "working", "sources"],
        "properties": {
            "id": text,
            "name": text,
            "due": day,
            "days_left": {"type": "integer"},
            "whose": {"enum": ["parent", "council"]},
            "working": text,
            "sources": sources,
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "send-redress check-plan output",
        "description": "One plan's check: its kind and date, every finding with its words, place and law, and the dates from the engine.",
        "type": "object",
        "additionalProperties": False,
        "required": ["contract", "today", "plan", "findings", "dates", "notes", "disclaimer"],
        "properties": {
            "contract": {"const": "plan-check/1"},
            "today": day,
            "plan": {
                "type": "object",
                "additionalProperties": False,
                "required": ["kind", "kind_from", "dated", "format", "pages", "sections_found"],
                "properties": {
                    "kind": {"enum": list(KINDS)},
                    "kind_from": {"enum": ["plan", "given", "unknown"]},
                    "dated": {"anyOf": [day, {"type": "null"}]},
                    "format": {"enum": ["text", "docx", "pdf", "pdf-ocr"]},
                    "pages": {"type": "integer", "minimum": 1},
                    "sections_found": {
                        "type": "array",
                        "items": {"enum": list(SECTIONS)},
                        "uniqueItems": True,
                    },
                },
            },
            "findings": {"type": "array", "items": {"$ref": "#/$defs/Finding"}},
            "dates": {"type": "array", "items": {"$ref": "#/$defs/PlanDate"}},
            "notes": {"type": "array", "items": text},
            "disclaimer": text,
        },
        "$defs": {"Finding": finding, "PlanDate": plan_date, "Source": source},
    }
