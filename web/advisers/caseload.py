"""The caseload: an organisation's shared cases, the deadline that matters first, in a fixed
number of queries whatever its size.

What matters in a case is `send_redress.focus`: the nearest deadline still to come (today
first, the family's before the council's on the same day), and apart from it the family's
deadlines that have passed ("check") and the council's duties that are late ("push"). The
caseload sorts, counts and filters on the cache of it that `web.cases.deadlines` keeps on each
Case; a cache older than its next deadline is put right (`refresh_stale`) before it is read.
Index choices: docs/advisers-caseload.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from send_redress import SOON_DAYS, load_content, long_date
from web.cases.deadlines import refresh_stale
from web.cases.models import Case
from web.common.forms import small_number

from .models import Membership, Share

PAGE_SIZE = 50
MAX_PAGE = 10_000
"""No caseload has more pages; a larger (or malformed) ?page= is page 1 (issue 12)."""


STATUSES = {
    "today": "Due today",
    "soon": f"Due in {SOON_DAYS} days",
    "council-late": "Council late",
    "family-passed": "Family deadline passed",
    "none": "No deadline",
}
"""The filters of "When", each also a count at the top. "Due in 14 days" includes today."""

SORTS = {
    "deadline": "Next deadline",
    "council-late": "Council late longest",
    "family-passed": "Family deadline passed most recently",
    "child": "Child's name",
}


@dataclass(frozen=True)
class Filters:
    status: str = ""
    concern: str = ""
    adviser: int | None = None
    """An adviser's user id; 0 for cases not yet assigned (organisation admins only)."""
    sort: str = "deadline"
    closed: bool = False
    """Closed cases instead of the active ones."""

    @classmethod
    def from_query(cls, query: Any, membership: Membership, concerns: set[str]) -> Filters:
        status = query.get("status", "")
        concern = query.get("concern", "")
        sort = query.get("sort", "")
        adviser_text = query.get("adviser", "")
        number = small_number(adviser_text, 2**63 - 1)
        adviser = number if membership.is_admin else None
        return cls(
            status=status if status in STATUSES else "",
            concern=concern if concern in concerns else "",
            adviser=adviser,
            sort=sort if sort in SORTS else "deadline",
            closed=query.get("closed", "") == "1",
        )

    @property
    def one_adviser(self) -> bool:
        """Every row has the same adviser, so an adviser column would tell nothing."""
        return self.adviser is not None


def base(membership: Membership) -> QuerySet[Share]:
    """Active shares of the organisation: all for its admin, only their own for an adviser."""
    shares = Share.objects.filter(organisation_id=membership.organisation_id, revoked_at=None)
    if not membership.is_admin:
        shares = shares.filter(adviser_id=membership.user_id)
    return shares


def fresh(membership: Membership, today: date) -> QuerySet[Share]:
    """`base`, after putting right the cache of any of its cases whose next deadline has
    passed since it was worked out (one query when there is none)."""
    shares = base(membership)
    refresh_stale(Case.objects.filter(pk__in=shares.values("case_id")), today)
    return shares


def status_q(status: str, today: date) -> Q:
    if status == "today":
        return Q(case__next_deadline=today)
    if status == "soon":
        return Q(
            case__next_deadline__gte=today,
            case__next_deadline__lte=today + timedelta(days=SOON_DAYS),
        )
    if status == "council-late":
        return Q(case__council_late_since__isnull=False)
    if status == "family-passed":
        return Q(case__family_passed_on__isnull=False)
    if status == "none":
        return Q(
            case__next_deadline=None,
            case__council_late_since=None,
            case__family_passed_on=None,
        )
    return Q()


def filtered(shares: QuerySet[Share], f: Filters, today: date) -> QuerySet[Share]:
    shares = shares.filter(case__closed_at__isnull=not f.closed)
    shares = shares.filter(status_q(f.status, today))
    if f.concern:
        shares = shares.filter(case__concern=f.concern)
    if f.adviser == 0:
        shares = shares.filter(adviser_id=None)
    elif f.adviser is not None:
        shares = shares.filter(adviser_id=f.adviser)
    return shares


def ordered(shares: QuerySet[Share], sort: str = "deadline") -> QuerySet[Share]:
    if sort == "council-late":
        return shares.order_by(F("case__council_late_since").asc(nulls_last=True), "case_id")
    if sort == "family-passed":
        return shares.order_by(F("case__family_passed_on").desc(nulls_last=True), "case_id")
    if sort == "child":
        return shares.order_by("case__child_name", "case_id")
    return shares.order_by(
        F("case__next_deadline").asc(nulls_last=True),
        F("case__next_deadline_family").desc(),
        "case_id",
    )


def counts(shares: QuerySet[Share], today: date) -> dict[str, int]:
    """The numbers at the top of the page, in one query. They count what the filters other
    than "When" select, so that each number is what its link shows."""
    result: dict[str, int] = shares.aggregate(
        total=Count("pk"),
        **{key.replace("-", "_"): Count("pk", filter=status_q(key, today)) for key in STATUSES},
        unassigned=Count("pk", filter=Q(adviser_id=None)),
    )
    return result


def workload(shares: QuerySet[Share], today: date) -> list[dict[str, Any]]:
    """For an organisation admin: each adviser's active cases, due today, due soon and late
    duties, in one query (None for cases not assigned)."""
    return list(
        shares.filter(case__closed_at__isnull=True)
        .values("adviser_id")
        .annotate(
            total=Count("pk"),
            today=Count("pk", filter=status_q("today", today)),
            soon=Count("pk", filter=status_q("soon", today)),
            council_late=Count("pk", filter=status_q("council-late", today)),
            family_passed=Count("pk", filter=status_q("family-passed", today)),
        )
        .order_by("adviser_id")
    )


def page(shares: QuerySet[Share], number: int, sort: str = "deadline") -> tuple[list[Share], bool]:
    """One page of rows (case, adviser) and whether there is another after it."""
    start = (number - 1) * PAGE_SIZE
    rows = list(
        ordered(shares, sort)
        .select_related("case", "adviser__membership")
        .only(
            "id",
            "shared_at",
            "adviser__email",
            "adviser__membership__display_name",
            "case__public_id",
            "case__child_name",
            "case__concern",
            "case__council",
            "case__closed_at",
            *(f"case__{name}" for name in CACHE_COLUMNS),
        )[start : start + PAGE_SIZE + 1]
    )
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


CACHE_COLUMNS = [
    "next_deadline",
    "next_deadline_kind",
    "family_passed_on",
    "family_passed_kind",
    "council_late_since",
    "council_late_kind",
]


def csv_rows(shares: QuerySet[Share], sort: str = "deadline") -> Iterator[tuple[Any, ...]]:
    """Every row for the organisation's reporting: no child's name, no date of birth."""
    return (
        ordered(shares, sort)
        .values_list(
            "case__public_id",
            "case__concern",
            "case__council",
            "case__setting",
            "adviser__email",
            "shared_at",
            "case__closed_at",
            *(f"case__{name}" for name in CACHE_COLUMNS),
        )
        .iterator(chunk_size=2000)
    )


# ---- the words for an adviser ------------------------------------------------------------


def case_ref(public_id: Any) -> str:
    """The short reference the caseload, the digest and the CSV all show for a case."""
    return str(public_id).replace("-", "")[:8].upper()


def _deadline(kind: str) -> Any:
    return load_content().deadlines.get(kind)


def deadline_name(kind: str) -> str:
    text = _deadline(kind)
    return text.name if text else kind


def whose_words(kind: str) -> str:
    text = _deadline(kind)
    whose = text.whose if text else "council"
    return {"parent": "the family", "mediator": "the mediator"}.get(whose, "the council")


def when_words(due: date, today: date) -> str:
    days = (due - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def late_words(due: date, today: date) -> str:
    """ "3 days late", "12 weeks late": weeks once it is a fortnight or more."""
    days = (today - due).days
    if days >= 14:
        return f"{days // 7} weeks late"
    return f"{days} day{'' if days == 1 else 's'} late"


def check_words(kind: str, due: date) -> str:
    """A family deadline that passed: ask whether the step was taken."""
    return f"Check: did the family do “{deadline_name(kind)}”? It was due on {long_date(due)}."


def push_words(kind: str, due: date, today: date) -> str:
    """A council duty that is late: push for it."""
    who = whose_words(kind)
    return (
        f"Push: {who} is {late_words(due, today)} with “{deadline_name(kind)}” "
        f"(due {long_date(due)})."
    )


def next_words(kind: str, due: date, today: date) -> str:
    return f"{deadline_name(kind)}, for {whose_words(kind)}: {long_date(due)} ({when_words(due, today)})"


def status_of(due: date | None, today: date) -> str:
    """The tag of a next deadline: today, soon (within SOON_DAYS), later, or none."""
    if due is None:
        return "none"
    days = (due - today).days
    if days == 0:
        return "today"
    return "soon" if days <= SOON_DAYS else "later"


# ---- follow-ups from the contact log (issue 18 item 4) -----------------------------------


def follow_ups_due(membership: Membership, today: date) -> list[Any]:
    """The follow-ups due by today, oldest first, in one query: an adviser's own; all the
    organisation's for its admin."""
    from .models import Contact

    author = None if membership.is_admin else membership.user_id
    return list(
        Contact.objects.follow_ups_due(membership.organisation_id, today, author_id=author)[:200]
    )


def follow_up_words(contact: Any, today: date) -> str:
    due = contact.follow_up
    when = "due today" if due == today else f"due {long_date(due)}, {late_words(due, today)}"
    kind = contact.get_kind_display().lower()
    return f"Follow up: the {kind} of {long_date(contact.date)} ({when})."
