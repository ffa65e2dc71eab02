"""Choosing and ordering a bundle's documents, its page budget, and making its PDF on the queue.

Every change goes through here, each in one transaction. Positions are 1, 2, 3... within a
part: moving swaps a document with its neighbour, removing closes the gap.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from send_redress import page_budget
from send_redress.page_budget import load_limits
from web.cases import audit, chronology, documents
from web.cases.models import Case, Document
from web.common.retry import retried
from web.journey.clock import today

from . import pdf
from .models import FAILED, PREPARING, READY, Bundle, BundleBuild, BundleItem

CHRONOLOGY = "chronology"


def bundle_for(case: Case) -> Bundle:
    bundle, _ = Bundle.objects.get_or_create(case=case)
    return bundle


def document_date(document: Document) -> date | None:
    """The date written on the document, where the case file has it (the `dated` field)."""
    dated = getattr(document, "dated", None)
    return dated if isinstance(dated, date) else None


WHAT = "the Tribunal bundle"


def _changed(bundle: Bundle, by: Any) -> None:
    """The bundle has changed (inside the caller's transaction): its time, and the trail."""
    bundle.save(update_fields=["updated_at"])
    audit.changed(by, bundle.case, WHAT)


@transaction.atomic
def add(bundle: Bundle, document: Document, part: str, *, by: Any) -> BundleItem:
    last = BundleItem.objects.filter(bundle=bundle, part=part).aggregate(n=Max("position"))["n"]
    item = BundleItem.objects.create(
        bundle=bundle,
        document=document,
        part=part,
        position=(last or 0) + 1,
        title=document.title,
        dated=document_date(document),
    )
    _changed(bundle, by)
    return item


@transaction.atomic
def move(item: BundleItem, direction: str, *, by: Any) -> None:
    """Swap with the document above ("up") or below ("down") in the same part."""
    siblings = BundleItem.objects.select_for_update().filter(bundle=item.bundle, part=item.part)
    neighbour = (
        siblings.filter(position__lt=item.position).order_by("-position").first()
        if direction == "up"
        else siblings.filter(position__gt=item.position).order_by("position").first()
    )
    if neighbour is None:
        return
    item.position, neighbour.position = neighbour.position, item.position
    BundleItem.objects.bulk_update([item, neighbour], ["position"])
    _changed(item.bundle, by)


def _renumber(bundle: Bundle, part: str) -> None:
    items = list(BundleItem.objects.filter(bundle=bundle, part=part).order_by("position", "id"))
    for number, item in enumerate(items, start=1):
        item.position = number
    BundleItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def remove(item: BundleItem, *, by: Any) -> None:
    item.delete()
    _renumber(item.bundle, item.part)
    _changed(item.bundle, by)


@transaction.atomic
def change(item: BundleItem, *, by: Any, title: str, dated: date | None, part: str) -> None:
    old_part = item.part
    item.title, item.dated = title, dated
    if part != old_part:
        last = BundleItem.objects.filter(bundle=item.bundle, part=part).aggregate(
            n=Max("position")
        )["n"]
        item.part, item.position = part, (last or 0) + 1
    item.save()
    if part != old_part:
        _renumber(item.bundle, old_part)
    _changed(item.bundle, by)


@transaction.atomic
def include_chronology(bundle: Bundle, include: bool, *, by: Any) -> None:
    bundle.include_chronology = include
    bundle.save(update_fields=["include_chronology", "updated_at"])
    audit.changed(by, bundle.case, WHAT)


@dataclass(frozen=True)
class PartView:
    id: str
    label: str
    hint: str
    items: list[BundleItem]


def parts(bundle: Bundle) -> list[PartView]:
    """Every part the parent fills, in the bundle's order, with its documents in order."""
    items = list(bundle.items.select_related("document").order_by("position", "id"))
    return [
        PartView(p.id, p.label, p.hint, [i for i in items if i.part == p.id])
        for p in load_limits().parts
        if p.id != CHRONOLOGY
    ]


def made_pages(bundle: Bundle) -> dict[str, int]:
    """Pages of each item (and of the chronology) in the newest PDF made, by its index key:
    the count for a Word document, whose pages are known only once it has been converted."""
    latest = latest_build(bundle)
    if latest is None or latest.status != READY:
        return {}
    return {e["key"]: e["last"] - e["first"] + 1 for e in latest.index if e.get("key")}


def budget(bundle: Bundle) -> page_budget.Budget | None:
    """The page budget for the case's appeal, or None for a concern with no appeal type. Pages
    are the case file's count, or the count in the newest PDF made where the case file has none."""
    kind = page_budget.appeal_type_for(bundle.case.concern)
    if kind is None:
        return None
    made = made_pages(bundle)
    items = [
        page_budget.Item(i.part, i.title, i.document.pages or made.get(f"item-{i.pk}", 0), i.dated)
        for i in bundle.items.select_related("document").order_by("part", "position")
    ]
    if bundle.include_chronology and CHRONOLOGY in made:
        items.append(page_budget.Item(CHRONOLOGY, "Chronology", made[CHRONOLOGY]))
    return page_budget.budget(kind, items, today=today())


def latest_build(bundle: Bundle) -> BundleBuild | None:
    return bundle.builds.order_by("-requested_at", "-id").first()


# ---- making the PDF ----------------------------------------------------------------------


LOST_AFTER = timedelta(minutes=15)
"""A build still being made this long after it was asked for has lost its worker."""


def request_build(bundle: Bundle) -> BundleBuild:
    """A new PDF of the bundle as it is now, made by a job enqueued with its row; or the one
    already being made from the bundle as it is (a second click does not make a second)."""
    now = timezone.now()
    latest = latest_build(bundle)
    if (
        latest is not None
        and latest.status == PREPARING
        and latest.requested_at >= max(bundle.updated_at, bundle.case.updated_at)
        and latest.requested_at > now - LOST_AFTER
    ):
        return latest
    total = bundle.items.count() + (1 if bundle.include_chronology else 0) + 1
    with transaction.atomic():
        build = BundleBuild.objects.create(bundle=bundle, total=total, requested_at=timezone.now())
        build_bundle.enqueue(build.pk)
    build.refresh_from_db()  # with a backend that runs jobs at once, it is made already
    return build


def _give_up(build_id: int) -> None:
    BundleBuild.objects.filter(pk=build_id, status=PREPARING).update(status=FAILED)


def _opener(storage_name: str) -> Callable[[], IO[bytes]]:
    return lambda: documents.open_stored(storage_name)


def sections_for(bundle: Bundle) -> list[pdf.Section]:
    """The bundle's parts in order, each with its documents in order; the chronology made
    from the case file, in its own part, where the parent keeps it in."""
    sections = []
    limits = load_limits()
    for part in limits.parts:
        if part.id == CHRONOLOGY:
            if bundle.include_chronology:
                made = chronology.to_pdf(bundle.case)
                sections.append(
                    pdf.Section(
                        part.label,
                        [
                            pdf.Source(
                                "Chronology", timezone.localdate(), "pdf", _bytes(made), CHRONOLOGY
                            )
                        ],
                    )
                )
            continue
        items = bundle.items.filter(part=part.id).select_related("document").order_by("position")
        sources = [
            pdf.Source(
                i.title, i.dated, i.document.kind, _opener(i.document.storage_name), f"item-{i.pk}"
            )
            for i in items
        ]
        if sources:
            sections.append(pdf.Section(part.label, sources))
    return sections


def _bytes(data: bytes) -> Callable[[], IO[bytes]]:
    return lambda: io.BytesIO(data)


def bundle_title(case: Case) -> str:
    return f"Tribunal bundle for {case.child_name}"


@retried(queue_name="files", on_give_up=_give_up)
def build_bundle(build_id: int) -> None:
    """Make the PDF and keep it with the case; progress is written as each document is ready.
    Nothing to do for a build already made, or gone with its case."""
    build = BundleBuild.objects.select_related("bundle__case").filter(pk=build_id).first()
    if build is None or build.status == READY:
        return

    def progress(done: int, total: int) -> None:
        BundleBuild.objects.filter(pk=build_id).update(done=done, total=total)

    bundle = build.bundle
    with tempfile.TemporaryFile() as out:
        result = pdf.build(
            sections_for(bundle), out, title=bundle_title(bundle.case), progress=progress
        )
        size = out.tell()
        name = documents.store(out, generated=True)
    index = [
        {
            "part": e.part,
            "title": e.title,
            "dated": e.dated.isoformat() if e.dated else None,
            "first": e.first,
            "last": e.last,
            "key": e.key,
        }
        for e in result.entries
    ]
    problems = [{"title": p.title, "message": p.message} for p in result.problems]
    try:
        with transaction.atomic():
            kept = BundleBuild.objects.filter(pk=build_id).exclude(status=READY)
            if not kept.update(
                status=READY,
                storage_name=name,
                size=size,
                pages=result.pages,
                index=index,
                problems=problems,
                ready_at=timezone.now(),
            ):
                transaction.on_commit(lambda: documents.remove([name]))
                return
            # Older PDFs of this bundle are of no more use; their bytes go on commit.
            for older in BundleBuild.objects.filter(
                bundle=bundle, requested_at__lte=build.requested_at
            ).exclude(pk=build_id):
                older.delete()
    except BaseException:
        documents.remove([name])
        raise
