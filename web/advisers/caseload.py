"""The caseload: an organisation's shared cases, nearest deadline first, in a fixed number of
queries whatever its size.

Sorting uses `Case.next_deadline`, a cache of the engine's earliest unmet due date that the
case's writes keep up to date in their own transaction (`web.cases.deadlines`); the engine is
still what every case page shows. Index choices: docs/advisers-caseload.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from send_redress import SOON_DAYS
from web.common.forms import small_number

from .models import Membership, Share

PAGE_SIZE = 50
MAX_PAGE = 10_000
"""No caseload has more pages; a larger (or malformed) ?page= is page 1 (issue 12)."""


STATUSES = {"overdue": "Overdue", "soon": f"Due in {SOON_DAYS} days", "none": "No deadline"}


@dataclass(frozen=True)
class Filters:
    status: str = ""
    concern: str = ""
    adviser: int | None = None
    """An adviser's user id; 0 for cases not yet assigned (organisation admins only)."""

    @classmethod
    def from_query(cls, query: Any, membership: Membership, concerns: set[str]) -> Filters:
        status = query.get("status", "")
        concern = query.get("concern", "")
        adviser_text = query.get("adviser", "")
        number = small_number(adviser_text, 2**63 - 1)
        adviser = number if membership.is_admin else None
        return cls(
            status=status if status in STATUSES else "",
            concern=concern if concern in concerns else "",
            adviser=adviser,
        )


def base(membership: Membership) -> QuerySet[Share]:
    """Active shares of the organisation: all for its admin, only their own for an adviser."""
    shares = Share.objects.filter(organisation_id=membership.organisation_id, revoked_at=None)
    if not membership.is_admin:
        shares = shares.filter(adviser_id=membership.user_id)
    return shares


def _status_q(status: str, today: date, soon_days: int) -> Q:
    if status == "overdue":
        return Q(case__next_deadline__lt=today)
    if status == "soon":
        return Q(
            case__next_deadline__gte=today,
            case__next_deadline__lte=today + timedelta(days=soon_days),
        )
    if status == "none":
        return Q(case__next_deadline=None)
    return Q()


def filtered(shares: QuerySet[Share], f: Filters, today: date, soon_days: int) -> QuerySet[Share]:
    shares = shares.filter(_status_q(f.status, today, soon_days))
    if f.concern:
        shares = shares.filter(case__concern=f.concern)
    if f.adviser == 0:
        shares = shares.filter(adviser_id=None)
    elif f.adviser is not None:
        shares = shares.filter(adviser_id=f.adviser)
    return shares


def ordered(shares: QuerySet[Share]) -> QuerySet[Share]:
    return shares.order_by(F("case__next_deadline").asc(nulls_last=True), "case_id")


def counts(shares: QuerySet[Share], today: date, soon_days: int) -> dict[str, int]:
    """The numbers at the top of the page, in one query."""
    result: dict[str, int] = shares.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=_status_q("overdue", today, soon_days)),
        soon=Count("pk", filter=_status_q("soon", today, soon_days)),
        none=Count("pk", filter=_status_q("none", today, soon_days)),
        unassigned=Count("pk", filter=Q(adviser_id=None)),
    )
    return result


def page(shares: QuerySet[Share], number: int) -> tuple[list[Share], bool]:
    """One page of rows (case, adviser) and whether there is another after it."""
    start = (number - 1) * PAGE_SIZE
    rows = list(
        ordered(shares)
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
            "case__next_deadline",
            "case__next_deadline_kind",
            "case__closed_at",
        )[start : start + PAGE_SIZE + 1]
    )
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def csv_rows(shares: QuerySet[Share]) -> Iterator[tuple[Any, ...]]:
    """Every row for the organisation's reporting: no child's name, no date of birth."""
    return (
        ordered(shares)
        .values_list(
            "case__public_id",
            "case__concern",
            "case__council",
            "case__setting",
            "adviser__email",
            "shared_at",
            "case__next_deadline",
            "case__next_deadline_kind",
            "case__closed_at",
        )
        .iterator(chunk_size=2000)
    )
