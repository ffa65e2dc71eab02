"""Content: routes, deadlines, plain-English wording and local authority packs, from YAML.

Everything is validated when it is loaded: unknown keys are rejected, every route and deadline
needs at least one source with a URL and the date it took effect, and cross-references (a
deadline's route, a pack's contacts) must point at something that exists.
"""

# No `from __future__ import annotations` here: msgspec reads these classes' annotations to
# decode the cached content, and string annotations must each be compiled and evaluated first,
# which more than doubles a warm load (about 3 ms to 1.3 ms of CPU). So a name used before
# its class is defined (a method returning its own class) is written in quotes.

import contextlib
import functools
import os
import re
import string
import zlib
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import msgspec

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

__all__ = [
    "ROUTE_IDS",
    "DEFAULT_PACK",
    "Content",
    "ContentError",
    "Contact",
    "Council",
    "DeadlineText",
    "LocalAuthority",
    "Reading",
    "RouteText",
    "Source",
    "load_content",
]

ROUTE_IDS = (
    "talk-to-school",
    "school-complaint",
    "governing-body",
    "department-for-education",
    "local-authority-send-team",
    "local-authority-complaint",
    "sendiass",
    "disagreement-resolution",
    "mediation",
    "way-forward-meeting",
    "request-assessment",
    "tribunal",
    "ombudsman",
    "judicial-review",
    "governing-board-reinstatement",
    "independent-review-panel",
    "nhs-complaint",
    "health-ombudsman",
    "social-care-complaint",
    "transport-review",
    "transport-appeal-panel",
)


NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
Url = Annotated[str, msgspec.Meta(pattern=r"^https://[^\s]+$")]
Phone = Annotated[str, msgspec.Meta(pattern=r"^(|0\d{3} ?\d{3} ?\d{4})$")]


class _Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class Reading(_Strict, frozen=True, kw_only=True):
    """Which version of a source we read, when, and in which copy: the link is always the
    canonical latest version, but the words behind a rule may come from an older or other copy."""

    when: date
    version: NonEmpty
    """For example 'latest (revised)', 'as made', 'point in time 1 September 2003'."""
    copy: str = ""
    """The address of the copy actually read, where it is not the source's own link."""
    says: str = ""
    """The words read that the rule rests on, or what could not be seen."""


class Source(_Strict, frozen=True, kw_only=True):
    """A piece of legislation or official guidance, and when the rule it supports took effect."""

    title: NonEmpty
    url: Url
    took_effect: date
    took_effect_note: str = ""
    """How we know the date, where it is not simply the commencement of the instrument."""
    read: Reading | None = None
    """Required for legislation.gov.uk sources (see `_check_sources`)."""


Sources = Annotated[tuple[Source, ...], msgspec.Meta(min_length=1)]
Lines = tuple[NonEmpty, ...]


class RouteVariant(_Strict, frozen=True, kw_only=True):
    """A route's words for some concerns, where they differ (a discrimination claim is not an
    appeal: it needs no decision letter and no certificate). Unset fields keep the route's own."""

    concerns: Annotated[tuple[NonEmpty, ...], msgspec.Meta(min_length=1)]
    name: str = ""
    summary: str = ""
    preconditions: Lines | None = None
    what_to_say: str = ""
    how_long: str = ""


class RouteText(_Strict, frozen=True, kw_only=True):
    id: NonEmpty
    name: NonEmpty
    summary: NonEmpty
    who_runs_it: NonEmpty
    bodies: Annotated[Lines, msgspec.Meta(min_length=1)]
    preconditions: Lines
    can_decide: Lines
    cannot_decide: Lines
    what_to_say: NonEmpty
    cost: NonEmpty
    how_long: NonEmpty
    sources: Sources
    caution: str = ""
    variants: tuple[RouteVariant, ...] = ()

    def for_concern(self, concern: str) -> "RouteText":
        """The route in the words for this concern."""
        for variant in self.variants:
            if concern in variant.concerns:
                changes = {
                    name: value
                    for name in ("name", "summary", "preconditions", "what_to_say", "how_long")
                    if (value := getattr(variant, name))
                }
                return msgspec.structs.replace(self, **changes)
        return self


class Period(_Strict, frozen=True, kw_only=True):
    """How long a clock runs: exactly one of these is set."""

    weeks: int = 0
    months: int = 0
    days: int = 0
    working_days: int = 0
    school_days: int = 0
    """Days with a school session (exclusions): counted from the school's holidays where the
    case gives them, otherwise every working day, which gives the earlier date."""


class MetBy(_Strict, frozen=True, kw_only=True):
    """An event that shows a clock was met, for every concern or only for these."""

    event: NonEmpty
    concerns: tuple[NonEmpty, ...] = ()


class DeadlineText(_Strict, frozen=True, kw_only=True):
    """One statutory clock (deadlines.yaml): the whole rule, read by `_deadlines.py`."""

    id: NonEmpty
    name: NonEmpty
    rule: NonEmpty
    whose: Literal["parent", "council", "mediator", "school", "nhs"]
    route: NonEmpty
    confidence: Literal["high", "medium", "low"]
    sources: Sources
    caution: str = ""
    starts_at: NonEmpty
    requires: tuple[NonEmpty, ...] = ()
    """Events that must also be in the case for the clock to run (the governors must look at a
    shorter suspension only if the parent asked them to)."""
    settings: tuple[NonEmpty, ...] = ()
    """The settings it applies to, where the law covers only some (exclusion rules); all if empty."""
    start: Literal["latest", "earliest"] = "latest"
    trigger_words: NonEmpty
    period: Period
    counting: Literal["after", "beginning-with"]
    applies_to: Annotated[tuple[NonEmpty, ...], msgspec.Meta(min_length=1)]
    met_by: tuple[MetBy, ...] = ()
    overtaken_by: tuple[str, ...] = ()
    """Events on or after the start, before the clock was met, that make it moot: the clock
    leaves the list (a mediation certificate ends the council's duty to arrange mediation)."""
    arithmetic: str = ""
    note: str = ""
    late: str = ""
    """The warning once a parent's own deadline has passed: {name} and {date} are filled in."""
    took_effect: date
    ends: date | None = None


Ids = tuple[NonEmpty, ...]


class ConcernText(_Strict, frozen=True, kw_only=True):
    """One concern, in the registry (registry.yaml): its words and how the law treats it."""

    id: NonEmpty
    label: NonEmpty
    hint: str = ""
    young_person_label: str = ""
    """The label when a young person asks for themselves ("my child" becomes "me")."""
    young_person_hint: str = ""
    appeal: Literal["none", "with-certificate", "without-certificate"]
    about: Literal["school", "council"]
    has_plan: bool
    judicial_review: Literal["none", "one-off", "continuing"]
    ombudsman: bool
    round_starts_with: str = ""
    ladder: Annotated[Ids, msgspec.Meta(min_length=1)]
    events: Ids

    group: Literal["school", "council-decision", "plan", "exclusion", "other"]
    """Where the journey lists it, so the list of problems fits a phone (issue 15)."""

    def label_for(self, asker: str) -> str:
        """The label in the asker's own words."""
        return (self.young_person_label if asker == "young-person" else "") or self.label

    def hint_for(self, asker: str) -> str:
        return (self.young_person_hint if asker == "young-person" else "") or self.hint


class EventText(_Strict, frozen=True, kw_only=True):
    """One kind of event, in the event registry (wording.yaml `events`)."""

    id: NonEmpty
    label: NonEmpty
    """Names it on screen, in the second person."""
    question: NonEmpty
    """Asks its date in the journey."""
    letter_label: NonEmpty
    """Names it in a letter, in the first person."""
    hint: str = ""
    answers_decision: bool = False
    """It answers a decision (mediation, a certificate, an appeal): it counts only in its round."""
    not_before: Ids = ()
    """Events it cannot come before."""
    date_name: str = ""
    """Names its date in a message: "Enter {date_name}", "must be on or after 15 September
    2026, {date_name}" ("the date of the request for an assessment")."""
    may_be_future: bool = False
    """A date still to come (the day a child moves school): the only events allowed after today."""

    def named_date(self) -> str:
        """How a message names its date: its own `date_name`, or one made from its label."""
        return self.date_name or f'the date you gave for "{self.label}"'


class SettingText(_Strict, frozen=True, kw_only=True):
    id: NonEmpty
    label: NonEmpty
    school_word: NonEmpty
    """How the text names it: 'school', 'academy', 'nursery or setting', 'college'."""


class Contact(_Strict, frozen=True, kw_only=True):
    """How to reach the body that runs a route. Unknown details stay empty: never guessed."""

    name: NonEmpty
    phone: Phone = ""
    email: str = ""
    url: Annotated[str, msgspec.Meta(pattern=r"^(|https://[^\s]+)$")] = ""
    where_to_find: str = ""
    source: Source | None = None


class Council(_Strict, frozen=True, kw_only=True):
    """A council in England with SEND duties, from councils.yaml (official registers)."""

    id: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    """The council's GOV.UK slug: the `local_authority` of the facts."""
    name: NonEmpty
    """The name the council uses for itself."""
    area: NonEmpty
    """The place, for sorting and finding: 'Barnet' for the London Borough of Barnet."""
    la_code: Annotated[str, msgspec.Meta(pattern=r"^\d{3}$")]
    """The Department for Education's 3-digit local authority code."""
    gss_code: Annotated[str, msgspec.Meta(pattern=r"^E(06|08|09|10)\d{6}$")]
    """The ONS (GSS) code of the council's area."""
    source: Source | None = None
    """Where the name comes from, when not from the register that lists the council."""

    @property
    def label(self) -> str:
        """How a list shows it: by the place first, so the first letter finds it."""
        if self.name.startswith(self.area):
            return self.name
        return f"{self.area} ({self.name})"


class _CouncilsFile(_Strict, frozen=True, kw_only=True):
    sources: Sources
    councils: Annotated[tuple[Council, ...], msgspec.Meta(min_length=1)]


class SchoolHoliday(_Strict, frozen=True, kw_only=True):
    """A holiday the council publishes for its schools: the first and last weekday with no
    school, and where the dates come from (never guessed)."""

    first: date
    last: date
    source: Source


class _PackFile(_Strict, frozen=True, kw_only=True):
    id: NonEmpty
    name: NonEmpty
    extends: str | None = None
    extra_routes: tuple[NonEmpty, ...] = ()
    routes: tuple[NonEmpty, ...] = ()
    contacts: dict[str, Contact] = {}
    sources: tuple[Source, ...] = ()
    route_sources: dict[str, tuple[Source, ...]] = {}
    """Local sources a route cites for this council only, after the route's national ones."""
    school_holidays: tuple[SchoolHoliday, ...] = ()
    """The council's published school holidays, used to count school days (exclusions) when a
    case gives none of its own."""


class LocalAuthority(_Strict, frozen=True, kw_only=True):
    """A content pack: which routes exist in the area, and local contacts for them."""

    id: str
    name: str
    routes: tuple[str, ...]
    contacts: dict[str, Contact]
    sources: tuple[Source, ...]
    route_sources: dict[str, tuple[Source, ...]] = {}
    school_holidays: tuple[SchoolHoliday, ...] = ()

    def sources_for(self, route_id: str, national: tuple[Source, ...]) -> tuple[Source, ...]:
        """A route's sources in this area: the national ones, then this council's own."""
        local = self.route_sources.get(route_id, ())
        return national + tuple(s for s in local if s not in national) if local else national

    content_pack: str = ""
    """The pack whose routes and contacts these are: this one's own id when the council has a
    pack, `england` for a council that borrows the England-wide one under its own name."""

    @property
    def has_own_pack(self) -> bool:
        return self.content_pack in ("", self.id)


class _Registry(_Strict, frozen=True, kw_only=True):
    concerns: tuple[ConcernText, ...]
    events: tuple[EventText, ...]
    settings: tuple[SettingText, ...]


class _Wording(_Strict, frozen=True, kw_only=True):
    reasons: dict[str, NonEmpty]
    warnings: dict[str, NonEmpty]
    phrases: dict[str, NonEmpty]


class _RoutesFile(_Strict, frozen=True, kw_only=True):
    routes: tuple[RouteText, ...]


class _DeadlinesFile(_Strict, frozen=True, kw_only=True):
    deadlines: tuple[DeadlineText, ...]


class _SourcesFile(_Strict, frozen=True, kw_only=True):
    sources: dict[str, Source]


class ContentError(ValueError):
    """The content files are not valid; the message names the file and the problem."""


class Content(msgspec.Struct, frozen=True):
    routes: dict[str, RouteText]
    deadlines: dict[str, DeadlineText]
    concerns: dict[str, ConcernText]
    events: dict[str, EventText]
    settings: dict[str, SettingText]
    reasons: dict[str, str]
    warnings: dict[str, str]
    phrases: dict[str, str]
    local_authorities: dict[str, LocalAuthority]
    """The packs (local_authorities/*.yaml), by id."""
    councils: dict[str, Council] = {}
    """Every council in England with SEND duties (councils.yaml), by id, in order of place."""
    council_sources: tuple[Source, ...] = ()

    def local_authority(self, pack_id: str | None) -> LocalAuthority | None:
        """The pack for this id: the council's own pack, or for a listed council without one
        the England-wide pack under the council's id and name. None for an unknown id."""
        pack = self.local_authorities.get(pack_id or "")
        if pack is not None:
            return pack
        council = self.councils.get(pack_id or "")
        if council is None:
            return None
        return msgspec.structs.replace(
            self.local_authorities[DEFAULT_PACK],
            id=council.id,
            name=council.name,
            content_pack=DEFAULT_PACK,
        )


DEFAULT_PACK = "england"

_T = TypeVar("_T")
_Item = TypeVar("_Item", RouteText, DeadlineText, ConcernText, EventText, SettingText)


EXTRA_PACKS_ENV = "SEND_REDRESS_EXTRA_PACKS"
"""A folder of further local authority packs (*.yaml), loaded as if they were shipped."""


@functools.cache
def load_content(extra_packs: str | os.PathLike[str] | None = None) -> Content:
    """Every content file shipped with the package, validated.

    `extra_packs` (or, when not given, the folder named by $SEND_REDRESS_EXTRA_PACKS) adds
    local authority packs from a folder outside the package: a pack there with the id of a
    shipped one replaces it.

    Validating the YAML takes longer than the rest of a CLI run, so the validated content is
    also kept on disk (see `_cache_stamp`), keyed by the files' names, sizes and modification
    times and by the code that defines the content's shape. Any change means a full load.
    A warm start reads the cache with plain file calls: importlib.resources, pathlib, hashlib
    and yaml are imported only for a full load (together they cost about a third of the start).
    """
    folder = _content_folder()
    extra_folder = extra_packs if extra_packs is not None else os.environ.get(EXTRA_PACKS_ENV)
    extra = os.path.abspath(extra_folder) if extra_folder else None
    cache = _cache_file(folder, extra) if folder is not None else None
    if cache is not None:
        path, stamp = cache
        content = _read_cache(path, stamp)
        if content is not None:
            return content
    content = _load_and_validate(_content_root(folder), _as_path(extra))
    if cache is not None:
        path, stamp = cache
        _write_atomically(path, stamp + msgspec.msgpack.encode(content))
    return content


def _content_folder() -> str | None:
    """The content folder on disk, or None when the package is zipped (no stable file times,
    so no cache)."""
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "content")
    return folder if os.path.isdir(folder) else None


def _content_root(folder: str | None) -> "Traversable":
    if folder is not None:
        from pathlib import Path

        return Path(folder)
    from importlib import resources

    return resources.files("send_redress.content")


def _cache_file(folder: str, extra: str | None = None) -> tuple[str, bytes]:
    """Where the cache for this content lives, and the stamp the file must start with.

    The file name only keeps checkouts apart (a CRC of the stamp); the full stamp inside the
    file is what proves the cache current, so two stamps with the same CRC just miss."""
    cache_folder = os.environ.get("SEND_REDRESS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "send-redress"
    )
    stamp = [msgspec.__version__]
    info = os.stat(__file__)
    stamp.append(f"{__file__}:{info.st_size}:{info.st_mtime_ns}")
    for folder_root in [folder] if extra is None else [folder, extra]:
        for directory, _subdirs, files in sorted(os.walk(folder_root)):
            for name in sorted(files):
                if name.endswith(".yaml"):
                    info = os.stat(os.path.join(directory, name))
                    stamp.append(f"{directory}/{name}:{info.st_size}:{info.st_mtime_ns}")
    header = "\n".join(stamp).encode() + b"\0"  # no path holds a NUL: the stamp ends there
    return os.path.join(cache_folder, f"content-{zlib.crc32(header):08x}.msgpack"), header


def _as_path(folder: str | None) -> "Path | None":
    if folder is None:
        return None
    from pathlib import Path

    return Path(folder)


def _read_cache(path: str, stamp: bytes) -> Content | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    if not data.startswith(stamp):
        return None
    try:
        return msgspec.msgpack.decode(memoryview(data)[len(stamp) :], type=Content)
    except msgspec.DecodeError:  # a ValidationError is a DecodeError too
        return None


def _write_atomically(path: str, data: bytes) -> None:
    """Best effort: a cache that cannot be written is simply not used."""
    partial = f"{path}.{os.getpid()}.partial"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(partial, "wb") as handle:
            handle.write(data)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(partial)


def _load_and_validate(root: "Traversable", extra: "Path | None" = None) -> Content:
    catalogue = _decode(root, "sources.yaml", _SourcesFile, _Catalogue({})).sources
    _check_sources(catalogue)
    raw_sources = _Catalogue({key: msgspec.to_builtins(v) for key, v in catalogue.items()})
    routes = _decode(root, "routes.yaml", _RoutesFile, raw_sources).routes
    deadlines = _decode(root, "deadlines.yaml", _DeadlinesFile, raw_sources).deadlines
    registry = _decode(root, "registry.yaml", _Registry, raw_sources)
    wording = _decode(root, "wording.yaml", _Wording, raw_sources)
    packs = _decode_packs(root.joinpath("local_authorities"), "local_authorities", raw_sources)
    if extra is not None:
        if not extra.is_dir():
            raise ContentError(f"{EXTRA_PACKS_ENV}: {extra} is not a folder")
        replaced = _decode_packs(extra, str(extra), raw_sources)
        replaced_ids = {pack.id for pack in replaced}
        packs = [pack for pack in packs if pack.id not in replaced_ids] + replaced
    councils_file = _decode(root, "councils.yaml", _CouncilsFile, raw_sources)
    # Every source is written once and used: one that nothing cites is either a claim that lost
    # its citation or dead weight. Letters cite sources too.
    unused = sorted(set(catalogue) - raw_sources.cited - _letter_citations(root))
    if unused:
        raise ContentError(f"sources.yaml: sources that nothing cites: {unused}")
    content = Content(
        routes=_by_id("routes.yaml", routes, ROUTE_IDS),
        deadlines=_by_id("deadlines.yaml", deadlines),
        concerns=_by_id("registry.yaml concerns", registry.concerns),
        events=_by_id("registry.yaml events", registry.events),
        settings=_by_id("registry.yaml settings", registry.settings),
        reasons=wording.reasons,
        warnings=wording.warnings,
        phrases=wording.phrases,
        local_authorities=_resolve_packs(packs),
        councils=_councils_by_id(councils_file.councils),
        council_sources=councils_file.sources,
    )
    _check_cross_references(content)
    _check_councils(content)
    return content


def _decode_packs(folder: "Traversable", where: str, catalogue: "_Catalogue") -> list[_PackFile]:
    return [
        _decode(folder, entry.name, _PackFile, catalogue, label=f"{where}/{entry.name}")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml")
    ]


def _councils_by_id(councils: tuple[Council, ...]) -> dict[str, Council]:
    problems = []
    for field in ("id", "name", "la_code", "gss_code"):
        values = [getattr(council, field) for council in councils]
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            problems.append(f"councils.yaml: repeated {field} {repeated}")
    if DEFAULT_PACK in {council.id for council in councils}:
        problems.append(f"councils.yaml: {DEFAULT_PACK!r} is the England-wide pack, not a council")
    if problems:
        raise ContentError("; ".join(problems))
    ordered = sorted(councils, key=lambda council: (council.area.casefold(), council.name))
    return {council.id: council for council in ordered}


def _check_councils(content: Content) -> None:
    """A pack is for a listed council and carries its name, so the journey offers it."""
    problems = []
    for pack in content.local_authorities.values():
        if pack.id == DEFAULT_PACK:
            continue
        council = content.councils.get(pack.id)
        if council is None:
            problems.append(
                f"local_authorities/{pack.id}: not a council in councils.yaml (use the "
                "council's id there)"
            )
        elif pack.name != council.name:
            problems.append(
                f"local_authorities/{pack.id}: name {pack.name!r} is not the council's name "
                f"{council.name!r} in councils.yaml"
            )
    if problems:
        raise ContentError("; ".join(problems))


def _decode(
    root: "Traversable",
    name: str,
    kind: type[_T],
    catalogue: "_Catalogue",
    *,
    label: str | None = None,
) -> _T:
    """One YAML file, `name` in the folder `root`; errors name it as `label` (or `name`)."""
    import yaml  # only when the content must be validated again: it is slow to import

    where = label or name
    text = root.joinpath(name).read_text("utf-8")
    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return msgspec.convert(_resolve_sources(raw, catalogue, where), type=kind)
    except (yaml.YAMLError, msgspec.ValidationError) as error:
        raise ContentError(f"{where}: {error}") from error


def _resolve_sources(node: Any, catalogue: "_Catalogue", where: str) -> Any:
    """Replace source ids (under `sources`, `source` and a pack's `route_sources` keys) with the
    catalogue's entries."""
    if isinstance(node, list):
        return [_resolve_sources(item, catalogue, where) for item in node]
    if not isinstance(node, dict):
        return node
    resolved: dict[Any, Any] = {}
    for key, value in node.items():
        if key == "sources" and isinstance(value, list) and catalogue:
            resolved[key] = [_lookup_source(item, catalogue, where) for item in value]
        elif key == "route_sources" and isinstance(value, dict) and catalogue:
            resolved[key] = {
                route: [_lookup_source(item, catalogue, where) for item in ids]
                if isinstance(ids, list)
                else ids
                for route, ids in value.items()
            }
        elif key == "source" and isinstance(value, str):
            resolved[key] = _lookup_source(value, catalogue, where)
        else:
            resolved[key] = _resolve_sources(value, catalogue, where)
    return resolved


def _lookup_source(source_id: Any, catalogue: "_Catalogue", where: str) -> Any:
    if not isinstance(source_id, str) or source_id not in catalogue:
        raise ContentError(f"{where}: unknown source {source_id!r} (not in sources.yaml)")
    catalogue.cited.add(source_id)
    return catalogue[source_id]


class _Catalogue(dict[str, Any]):
    """sources.yaml's entries by id, remembering which ids the content cited."""

    def __init__(self, entries: dict[str, Any]) -> None:
        super().__init__(entries)
        self.cited: set[str] = set()


# A legislation.gov.uk link must be the canonical latest version: no as-made or as-enacted view,
# no data or Welsh-interface view, no dated version, no query string, no /id/ address.
_NOT_CANONICAL = re.compile(r"/(made|enacted)(/|$)|/data\.|/cy/|/id/|[?#]|/\d{4}-\d{2}-\d{2}(/|$)")
_LEGISLATION = "https://www.legislation.gov.uk/"


def _check_sources(catalogue: dict[str, Source]) -> None:
    problems = []
    for source_id, source in catalogue.items():
        if "legislation.gov.uk" not in source.url:
            continue
        if not source.url.startswith(_LEGISLATION) or _NOT_CANONICAL.search(source.url):
            problems.append(
                f"{source_id}: {source.url} is not the canonical latest-version address "
                f"({_LEGISLATION}type/year/number/provision)"
            )
        if source.read is None:
            problems.append(f"{source_id}: say which version was read and when (read:)")
    if problems:
        raise ContentError("sources.yaml: " + "; ".join(problems))


def _letter_citations(root: "Traversable") -> set[str]:
    """Source ids the letters cite (`cites:`); the letters' own loader checks they exist."""
    import yaml

    cited: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "cites" and isinstance(value, list):
                    cited.update(v for v in value if isinstance(v, str))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    folder = root.joinpath("letters")
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.name.endswith(".yaml"):
                text = entry.read_text("utf-8")
                walk(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    return cited


def _by_id(
    where: str, items: tuple[_Item, ...], expected: tuple[str, ...] | None = None
) -> dict[str, _Item]:
    """Items by id, in the file's order (or `expected`'s, where the ids are fixed in code)."""
    ids = [item.id for item in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ContentError(f"{where}: duplicate ids {duplicates}")
    if expected is None:
        return {item.id: item for item in items}
    if set(ids) != set(expected):
        missing = sorted(set(expected) - set(ids))
        unknown = sorted(set(ids) - set(expected))
        raise ContentError(f"{where}: missing ids {missing}, unknown ids {unknown}")
    by_id = {item.id: item for item in items}
    return {item_id: by_id[item_id] for item_id in expected}


def _resolve_packs(packs: list[_PackFile]) -> dict[str, LocalAuthority]:
    files = {pack.id: pack for pack in packs}
    if DEFAULT_PACK not in files:
        raise ContentError(f"local_authorities: the default pack {DEFAULT_PACK!r} is missing")
    resolved: dict[str, LocalAuthority] = {}
    for pack in packs:
        if pack.extends is None:
            resolved[pack.id] = LocalAuthority(
                id=pack.id,
                name=pack.name,
                routes=pack.routes,
                contacts=dict(pack.contacts),
                sources=pack.sources,
                route_sources=dict(pack.route_sources),
                school_holidays=pack.school_holidays,
                content_pack=pack.id,
            )
    for pack in packs:
        if pack.extends is None:
            continue
        base = resolved.get(pack.extends)
        if base is None or pack.routes:
            raise ContentError(
                f"local_authorities/{pack.id}: extends must name a base pack, and a pack that "
                "extends another adds routes with extra_routes"
            )
        routes = tuple(r for r in ROUTE_IDS if r in base.routes or r in pack.extra_routes)
        resolved[pack.id] = LocalAuthority(
            id=pack.id,
            name=pack.name,
            routes=routes,
            contacts={**base.contacts, **pack.contacts},
            sources=base.sources + pack.sources,
            route_sources={
                r: base.route_sources.get(r, ()) + pack.route_sources.get(r, ())
                for r in {**base.route_sources, **pack.route_sources}
            },
            # Term dates are the council's own: a pack never borrows another's.
            school_holidays=pack.school_holidays,
            content_pack=pack.id,
        )
    return resolved


def _check_cross_references(content: Content) -> None:
    problems: list[str] = []
    for deadline in content.deadlines.values():
        if deadline.route not in content.routes:
            problems.append(f"deadlines.yaml {deadline.id}: unknown route {deadline.route!r}")
    for pack in content.local_authorities.values():
        unknown_routes = [r for r in pack.routes if r not in content.routes]
        if unknown_routes:
            problems.append(f"local_authorities/{pack.id}: unknown routes {unknown_routes}")
        orphan_sources = [r for r in pack.route_sources if r not in pack.routes]
        if orphan_sources:
            problems.append(
                f"local_authorities/{pack.id}: route_sources for absent routes {orphan_sources}"
            )
        problems += [
            f"local_authorities/{pack.id}: a school holiday ends before it starts ({h.first})"
            for h in pack.school_holidays
            if h.last < h.first
        ]
        orphan_contacts = [r for r in pack.contacts if r not in pack.routes]
        if orphan_contacts:
            problems.append(
                f"local_authorities/{pack.id}: contacts for absent routes {orphan_contacts}"
            )
    for deadline in content.deadlines.values():
        where = f"deadlines.yaml {deadline.id}"
        events = [
            deadline.starts_at,
            *deadline.requires,
            *(rule.event for rule in deadline.met_by),
            *deadline.overtaken_by,
        ]
        problems += [f"{where}: unknown event {e!r}" for e in events if e not in content.events]
        problems += [
            f"{where}: unknown concern {c!r} in applies_to"
            for c in deadline.applies_to
            if not c.startswith("@") and c not in content.concerns
        ]
        problems += [
            f"{where}: unknown setting {s!r}"
            for s in deadline.settings
            if s not in content.settings
        ]
        lengths = [n for n in msgspec.structs.astuple(deadline.period) if n]
        if len(lengths) != 1 or lengths[0] < 1:
            problems.append(f"{where}: the period needs exactly one positive length")
        if deadline.whose == "parent" and not deadline.late:
            problems.append(f"{where}: a parent's deadline needs its `late` warning")
        if deadline.ends is not None and deadline.ends <= deadline.took_effect:
            problems.append(f"{where}: ends before it took effect")
    for route in content.routes.values():
        problems += [
            f"routes.yaml {route.id}: unknown concern {c!r} in variants"
            for variant in route.variants
            for c in variant.concerns
            if c not in content.concerns
        ]
    for concern in content.concerns.values():
        where = f"registry.yaml {concern.id}"
        problems += [
            f"{where}: unknown route {r!r} in ladder"
            for r in concern.ladder
            if r not in content.routes
        ]
        problems += [
            f"{where}: unknown event {e!r}" for e in concern.events if e not in content.events
        ]
        if concern.round_starts_with and concern.round_starts_with not in content.events:
            problems.append(f"{where}: unknown event {concern.round_starts_with!r}")
    for event in content.events.values():
        problems += [
            f"registry.yaml {event.id}: unknown event {e!r} in not_before"
            for e in event.not_before
            if e not in content.events
        ]
    for key, template in {**content.reasons, **content.warnings, **content.phrases}.items():
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        if any(not name.isidentifier() for name in fields):
            problems.append(f"wording.yaml {key}: placeholders must be plain names: {fields}")
    if problems:
        raise ContentError("; ".join(problems))
