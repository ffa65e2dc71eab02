"""Page budgets for a Tribunal bundle: the parent's papers against the page limits of the
Practice Direction on bundles (No. 1 of 2025), as data in `content/page-limits.yaml`.

    from send_redress.page_budget import Item, budget
    result = budget("plan-contents", [Item("expert-reports", "EP report", 22), ...])
    result.groups        # pages used against each limit, with a warning near or over it
    result.over_each     # expert reports and witness statements over their own limit, by name
    result.cut_first     # what to take out first, in plain words

The Practice Direction's own text was not read (see the YAML): every limit is "reported, not
confirmed" and carries the reports it comes from. Pure: no Django, no I/O beyond the YAML,
validated when it is loaded.
"""

# No `from __future__ import annotations`: msgspec reads the annotations of these classes.

import functools
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import Annotated, Literal

import msgspec
import yaml

__all__ = [
    "Budget",
    "Group",
    "Item",
    "Limits",
    "PageLimitsError",
    "appeal_type_for",
    "budget",
    "load_limits",
]

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
Url = Annotated[str, msgspec.Meta(pattern=r"^https://[^\s]+$")]
Pages = Annotated[int, msgspec.Meta(gt=0)]


class _Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class Report(_Strict, frozen=True, kw_only=True):
    """A published account of the Practice Direction: where a limit we could not read comes from."""

    id: NonEmpty
    title: NonEmpty
    url: Url
    read: date
    says: NonEmpty


class PracticeDirection(_Strict, frozen=True, kw_only=True):
    title: NonEmpty
    issued: date
    took_effect: date
    took_effect_note: str = ""
    text_seen: bool
    not_seen_note: str = ""


class AppealType(_Strict, frozen=True, kw_only=True):
    id: NonEmpty
    label: NonEmpty
    concerns: tuple[NonEmpty, ...]
    evidence_pages: Pages
    reports: Annotated[tuple[NonEmpty, ...], msgspec.Meta(min_length=1)]


class Limit(_Strict, frozen=True, kw_only=True):
    id: NonEmpty
    name: NonEmpty
    pages: Pages | Literal["by-appeal-type"]
    applies_to: Annotated[tuple[NonEmpty, ...], msgspec.Meta(min_length=1)]
    each: bool = False
    max_age_years: int | None = None
    """For a limit on each document: how old it may be on the day of the budget."""
    shared_note: str = ""
    status: Literal["reported", "confirmed"]
    took_effect: date
    reports: Annotated[tuple[NonEmpty, ...], msgspec.Meta(min_length=1)]


class Part(_Strict, frozen=True, kw_only=True):
    id: NonEmpty
    label: NonEmpty
    hint: NonEmpty
    cut_first: Pages
    cut_hint: NonEmpty


class Limits(_Strict, frozen=True, kw_only=True):
    practice_direction: PracticeDirection
    warn_at_percent: Annotated[int, msgspec.Meta(gt=0, lt=100)]
    reports: tuple[Report, ...]
    appeal_types: tuple[AppealType, ...]
    limits: tuple[Limit, ...]
    parts: tuple[Part, ...]

    def report(self, report_id: str) -> Report:
        return next(r for r in self.reports if r.id == report_id)

    def part(self, part_id: str) -> Part:
        return next(p for p in self.parts if p.id == part_id)

    @property
    def part_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.parts)


class PageLimitsError(ValueError):
    """The page limits YAML is not valid."""


@functools.cache
def load_limits() -> Limits:
    """The page limits, validated: every reference (a report, a part) must exist, and a limit
    can be `confirmed` only once the Practice Direction's own text has been read."""
    text = files("send_redress.content").joinpath("page-limits.yaml").read_text("utf-8")
    try:
        limits = msgspec.convert(yaml.safe_load(text), Limits)
    except msgspec.ValidationError as error:
        raise PageLimitsError(f"page-limits.yaml: {error}") from error
    problems = _problems(limits)
    if problems:
        raise PageLimitsError("page-limits.yaml: " + "; ".join(problems))
    return limits


def _problems(limits: Limits) -> list[str]:
    reports = {r.id for r in limits.reports}
    parts = set(limits.part_ids)
    problems = [f"part {p!r} appears twice" for p in parts if limits.part_ids.count(p) > 1]
    for limit in limits.limits:
        problems += [f"{limit.id}: unknown report {r!r}" for r in limit.reports if r not in reports]
        problems += [f"{limit.id}: unknown part {p!r}" for p in limit.applies_to if p not in parts]
        if limit.status == "confirmed" and not limits.practice_direction.text_seen:
            problems.append(f"{limit.id}: confirmed, but the Practice Direction was not read")
    for kind in limits.appeal_types:
        problems += [f"{kind.id}: unknown report {r!r}" for r in kind.reports if r not in reports]
    concerns = [c for kind in limits.appeal_types for c in kind.concerns]
    problems += [
        f"concern {c!r} has two appeal types" for c in set(concerns) if concerns.count(c) > 1
    ]
    totals = [limit for limit in limits.limits if not limit.each]
    for part in parts:
        if sum(part in limit.applies_to for limit in totals) > 1:
            problems.append(f"part {part!r} counts towards two limits")
    return problems


# ---- the budget ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One document in the bundle: which part it is in, its title, its pages, its date."""

    part: str
    title: str
    pages: int
    dated: date | None = None


@dataclass(frozen=True)
class Group:
    """Pages used against one limit."""

    limit_id: str
    name: str
    used: int
    limit: int
    status: Literal["ok", "near", "over"]
    message: str
    note: str
    confirmed: bool
    reports: tuple[Report, ...]

    @property
    def left(self) -> int:
        return self.limit - self.used


@dataclass(frozen=True)
class OverEach:
    """A document over its own limit (an expert report over 15 pages), by name."""

    title: str
    part: str
    pages: int
    limit: int
    message: str


@dataclass(frozen=True)
class Budget:
    appeal_type: str
    appeal_label: str
    parts: dict[str, int]
    """Pages in each part, in the bundle's order (every part, 0 where empty)."""
    groups: tuple[Group, ...]
    over_each: tuple[OverEach, ...]
    too_old: tuple[OverEach, ...]
    """Documents older than their limit allows (an expert report over 3 years old), by name."""
    cut_first: tuple[str, ...]
    """What to take out first, in plain words, while any limit is passed or nearly reached."""
    confirmed: bool
    """False while the Practice Direction's own text has not been read."""
    caution: str

    @property
    def warnings(self) -> tuple[str, ...]:
        near_or_over = [g.message for g in self.groups if g.status != "ok"]
        return (
            *near_or_over,
            *(o.message for o in self.over_each),
            *(o.message for o in self.too_old),
        )


def appeal_type_for(concern: str) -> str | None:
    """The page-limit appeal type for an engine concern, or None (no appeal, or no limit known)."""
    return next((k.id for k in load_limits().appeal_types if concern in k.concerns), None)


def _pages(count: int) -> str:
    return f"{count} page" + ("" if count == 1 else "s")


def budget(appeal_type: str, items: list[Item], today: date | None = None) -> Budget:
    """Count the pages of each part against the limits for this appeal type (an id from
    `appeal_types`, or an engine concern), warn from `warn_at_percent` of a limit, name each
    document over its own limit, and say what to cut first."""
    limits = load_limits()
    kind = next((k for k in limits.appeal_types if appeal_type in (k.id, *k.concerns)), None)
    if kind is None:
        raise ValueError(f"unknown appeal type {appeal_type!r}")
    unknown = sorted({i.part for i in items} - set(limits.part_ids))
    if unknown:
        raise ValueError(f"unknown part {unknown[0]!r}")
    per_part = {p: sum(i.pages for i in items if i.part == p) for p in limits.part_ids}

    groups, over_each, too_old = [], [], []
    for limit in limits.limits:
        allowed = kind.evidence_pages if limit.pages == "by-appeal-type" else limit.pages
        reports = tuple(limits.report(r) for r in limit.reports)
        confirmed = limit.status == "confirmed"
        if limit.each:
            for item in items:
                if (
                    limit.max_age_years
                    and today is not None
                    and item.part in limit.applies_to
                    and item.dated is not None
                    and _years_before(today, limit.max_age_years) > item.dated
                ):
                    too_old.append(
                        OverEach(
                            item.title,
                            item.part,
                            item.pages,
                            limit.max_age_years,
                            f"“{item.title}” is more than {limit.max_age_years} years old:"
                            f" {limit.name.lower()} should be newer, unless there is a good reason.",
                        )
                    )
                if item.part in limit.applies_to and item.pages > allowed:
                    over_each.append(
                        OverEach(
                            item.title,
                            item.part,
                            item.pages,
                            allowed,
                            f"“{item.title}” has {_pages(item.pages)}: {limit.name.lower()}"
                            f" should be {_pages(allowed)} or fewer.",
                        )
                    )
            continue
        used = sum(per_part[p] for p in limit.applies_to)
        if used == 0 and limit.id == "working-document":
            continue  # only some appeals have one; nothing to count
        groups.append(_group(limit, used, allowed, limits.warn_at_percent, confirmed, reports))

    crowded = [g for g in groups if g.status != "ok"]
    cut = _cut_first(items, crowded, over_each, limits) if crowded or over_each else ()
    note = (
        limits.practice_direction.not_seen_note if not limits.practice_direction.text_seen else ""
    )
    return Budget(
        appeal_type=kind.id,
        appeal_label=kind.label,
        parts=per_part,
        groups=tuple(groups),
        over_each=tuple(over_each),
        too_old=tuple(too_old),
        cut_first=cut,
        confirmed=limits.practice_direction.text_seen and all(g.confirmed for g in groups),
        caution=note.strip(),
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _group(
    limit: Limit,
    used: int,
    allowed: int,
    warn_at: int,
    confirmed: bool,
    reports: tuple[Report, ...],
) -> Group:
    if used > allowed:
        status: Literal["ok", "near", "over"] = "over"
        message = (
            f"{limit.name}: {_pages(used)}, {_pages(used - allowed)} over the limit of {allowed}."
        )
    elif used == allowed:
        status = "near"
        message = f"{limit.name}: {_pages(used)}, exactly the limit: no room for more."
    elif used * 100 >= allowed * warn_at:
        status = "near"
        message = f"{limit.name}: {_pages(used)} of {allowed}, only {_pages(allowed - used)} left."
    else:
        status = "ok"
        message = f"{limit.name}: {_pages(used)} of {allowed}."
    return Group(
        limit.id, limit.name, used, allowed, status, message, limit.shared_note, confirmed, reports
    )


def _cut_first(
    items: list[Item], crowded: list[Group], over_each: list[OverEach], limits: Limits
) -> tuple[str, ...]:
    """Plain suggestions: documents over their own limit first (ask for a shorter one), then,
    in each crowded limit, its parts in `cut_first` order and their longest documents first."""
    advice = [f"Ask for a shorter version of “{o.title}” ({_pages(o.pages)})." for o in over_each]
    crowded_parts = {
        p
        for g in crowded
        for limit in limits.limits
        if limit.id == g.limit_id
        for p in limit.applies_to
    }
    candidates = sorted(
        (
            i
            for i in items
            if i.part in crowded_parts
            and i.pages > 0
            and i.title not in {o.title for o in over_each}
        ),
        key=lambda i: (limits.part(i.part).cut_first, -i.pages, i.title),
    )
    seen_parts: set[str] = set()
    for item in candidates[:5]:
        part = limits.part(item.part)
        line = f"“{item.title}” ({_pages(item.pages)}, {part.label.lower()})"
        if part.id not in seen_parts:
            line += f": {part.cut_hint}"
            seen_parts.add(part.id)
        advice.append(line)
    return tuple(advice)
