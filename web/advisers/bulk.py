"""Building a large caseload for the benchmark (bench/caseload.py) with bulk queries, a few
per thousand cases, never one per case. Its deadline cache is rebuilt by
`web.cases.deadlines.refresh_cases`."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from send_redress import CONCERNS, EVENTS_BY_CONCERN, SETTINGS
from web.accounts.models import User
from web.cases.deadlines import refresh_cases
from web.cases.models import NOTE, Case, Event

from .models import ADVISER, ORG_ADMIN, Membership, Organisation, Share

CHUNK = 2000


def build_caseload(
    *,
    organisation: str,
    cases: int,
    events: int,
    advisers: int,
    today: date,
    seed: int = 6,
    say: Callable[[str], Any] = print,
) -> Organisation:
    """An organisation with an admin and `advisers` advisers, and `cases` shared cases (one in
    twenty not yet assigned) with `events` events between them, owned by cases/5 parents.
    Accounts get unusable passwords (nobody signs in as them but the benchmark)."""
    rng = random.Random(seed)
    tag = uuid.uuid4().hex[:8]
    started = time.perf_counter()

    def lap(what: str) -> None:
        say(f"{what}: {time.perf_counter() - started:.1f} s")

    org = Organisation.objects.create(name=organisation)
    staff = User.objects.bulk_create(
        User(email=f"{role}{i}-{tag}@bench.example", password="!", email_verified=True)
        for i, role in [(0, "admin")] + [(i, "adviser") for i in range(advisers)]
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=org, role=ORG_ADMIN if i == 0 else ADVISER)
        for i, u in enumerate(staff)
    )
    parents = User.objects.bulk_create(
        (
            User(email=f"parent{i}-{tag}@bench.example", password="!", email_verified=True)
            for i in range(max(1, cases // 5))
        ),
        batch_size=CHUNK,
    )
    lap("accounts")
    councils = ["bedford", "england"]
    made = Case.objects.bulk_create(
        (
            Case(
                owner=parents[i % len(parents)],
                child_name=f"Child {i}",
                child_date_of_birth=date(2010, 1, 1) + timedelta(days=rng.randrange(4000)),
                setting=rng.choice(SETTINGS),
                council=rng.choice(councils),
                concern=rng.choice(CONCERNS),
            )
            for i in range(cases)
        ),
        batch_size=CHUNK,
    )
    lap(f"{len(made)} cases")
    per_case = events // max(1, cases)
    extra = events - per_case * cases

    def case_events() -> Iterable[Event]:
        for i, case in enumerate(made):
            kinds = (*EVENTS_BY_CONCERN[case.concern], NOTE)
            for _ in range(per_case + (1 if i < extra else 0)):
                yield Event(
                    case=case,
                    kind=rng.choice(kinds),
                    date=today - timedelta(days=rng.randrange(1, 400)),
                    what="",
                    author=case.owner,
                )

    batch: list[Event] = []
    total = 0
    for event in case_events():
        batch.append(event)
        if len(batch) == 5000:
            Event.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    Event.objects.bulk_create(batch)
    total += len(batch)
    lap(f"{total} events")
    advisers_users = staff[1:] or staff
    Share.objects.bulk_create(
        (
            Share(
                case=case,
                organisation=org,
                adviser=None if i % 20 == 19 else advisers_users[i % len(advisers_users)],
            )
            for i, case in enumerate(made)
        ),
        batch_size=CHUNK,
    )
    lap("shares")
    refresh_cases([c.pk for c in made], today)
    lap("next deadlines")
    return org
