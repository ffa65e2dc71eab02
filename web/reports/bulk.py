"""Building a large service for the reports benchmark (bench/reports.py): the caseload
benchmark's organisation and cases (web.advisers.bulk), plus contacts, clock rows and public
consents, all with bulk inserts (a few queries per thousand rows)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from send_redress import CONCERNS, SETTINGS, load_content
from web.advisers.bulk import build_caseload
from web.advisers.models import CONTACT_KINDS, OUTCOMES, Contact, Membership, Organisation

from .clocks import rebuild
from .models import PublicConsent

CHUNK = 5000


def build_service(
    *,
    organisation: str,
    cases: int,
    events: int,
    contacts: int,
    advisers: int,
    today: date,
    seed: int = 20,
    say: Callable[[str], Any] = print,
) -> Organisation:
    """`cases` shared cases with `events` events, `contacts` contacts over the two years to
    `today` (one in five an enquiry without a case), each case's clocks, and public consent
    for one case in three."""
    org = build_caseload(
        organisation=organisation,
        cases=cases,
        events=events,
        advisers=advisers,
        today=today,
        seed=seed,
        say=say,
    )
    rng = random.Random(seed)
    started = time.perf_counter()
    case_rows = list(
        org.shares.values_list("case_id", "case__council", "case__setting", "case__concern")
    )
    authors = list(Membership.objects.filter(organisation=org).values_list("user_id", flat=True))
    routes = list(load_content().routes)
    councils = list(load_content().councils)
    kinds = [k for k, _ in CONTACT_KINDS]
    outcomes = [o for o, _ in OUTCOMES]

    def rows() -> Iterator[Contact]:
        for i in range(contacts):
            enquiry = i % 5 == 4
            case_id, council, setting, concern = (
                (None, rng.choice(councils), rng.choice(SETTINGS), rng.choice(CONCERNS))
                if enquiry
                else rng.choice(case_rows)
            )
            yield Contact(
                organisation=org,
                author_id=rng.choice(authors),
                author_label="bench",
                case_id=case_id,
                kind=rng.choice(kinds),
                date=today - timedelta(days=rng.randrange(730)),
                minutes=rng.randrange(5, 120),
                outcome=rng.choice(outcomes),
                concern=concern,
                stage=rng.choice(routes) if rng.random() < 0.7 else "",
                council=council,
                setting=setting,
                what="",
                follow_up=today + timedelta(days=rng.randrange(-30, 60))
                if rng.random() < 0.2
                else None,
            )

    batch: list[Contact] = []
    for contact in rows():
        batch.append(contact)
        if len(batch) == CHUNK:
            Contact.objects.bulk_create(batch)
            batch = []
    Contact.objects.bulk_create(batch)
    say(f"{contacts} contacts: {time.perf_counter() - started:.1f} s")
    case_ids = [row[0] for row in case_rows]
    rebuild(case_ids, today)
    say(f"clocks: {time.perf_counter() - started:.1f} s")
    PublicConsent.objects.bulk_create(
        (PublicConsent(case_id=case_id) for case_id in case_ids[::3]), batch_size=CHUNK
    )
    say(f"consents: {time.perf_counter() - started:.1f} s")
    return org
