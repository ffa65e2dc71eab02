"""Page budgets against the Practice Direction's limits (as reported: its own text was not read)."""

from __future__ import annotations

import msgspec
import pytest

from send_redress import page_budget
from send_redress.page_budget import Item, budget, load_limits


def group(result: page_budget.Budget, limit_id: str) -> page_budget.Group:
    return next(g for g in result.groups if g.limit_id == limit_id)


def test_every_limit_is_reported_not_confirmed_while_the_practice_direction_is_unread():
    limits = load_limits()
    assert limits.practice_direction.text_seen is False
    assert {limit.status for limit in limits.limits} == {"reported"}
    result = budget("plan-contents", [])
    assert result.confirmed is False
    assert "could not read the Practice Direction" in result.caution
    for g in result.groups:
        assert g.reports and all(r.url.startswith("https://") for r in g.reports)


def test_every_limit_has_its_source_and_the_date_it_took_effect():
    limits = load_limits()
    assert limits.practice_direction.took_effect.isoformat() == "2025-07-15"
    for limit in limits.limits:
        assert limit.took_effect.isoformat() == "2025-07-15"
        assert limit.reports


@pytest.mark.parametrize(
    ("concern", "evidence"),
    [
        ("refused-assessment", 75),
        ("refused-reassessment", 75),
        ("refused-plan", 100),
        ("plan-contents", 100),
        ("placement-only", 75),
        ("ceasing-plan", 75),
    ],
)
def test_the_evidence_limit_depends_on_the_type_of_appeal(concern, evidence):
    assert group(budget(concern, []), "evidence").limit == evidence


@pytest.mark.parametrize(
    ("pages", "status"), [(59, "ok"), (60, "near"), (74, "near"), (75, "near"), (76, "over")]
)
def test_the_evidence_warning_fires_from_80_percent_and_at_the_limit(pages, status):
    result = budget("refused-assessment", [Item("evidence-school", "School records", pages)])
    assert group(result, "evidence").status == status
    assert (status != "ok") == bool(result.warnings)


def test_the_plan_and_the_core_bundle_have_their_own_limits():
    result = budget(
        "plan-contents", [Item("plan", "EHC plan", 151), Item("appeal-papers", "Appeal form", 100)]
    )
    assert group(result, "plan-and-appendices").status == "over"
    assert "1 page over the limit of 150" in group(result, "plan-and-appendices").message
    assert group(result, "core-bundle").message.endswith("exactly the limit: no room for more.")
    assert group(result, "evidence").used == 0


def test_expert_reports_and_witness_statements_over_their_limit_are_named():
    result = budget(
        "plan-contents",
        [
            Item("expert-reports", "Educational psychologist", 16),
            Item("expert-reports", "Speech and language therapy", 15),
            Item("witness-statements", "Class teacher", 11),
            Item("witness-statements", "Grandmother", 10),
        ],
    )
    assert [(o.title, o.limit) for o in result.over_each] == [
        ("Educational psychologist", 15),
        ("Class teacher", 10),
    ]
    assert "“Educational psychologist” has 16 pages" in result.warnings[-2]
    assert (
        result.cut_first[0] == "Ask for a shorter version of “Educational psychologist” (16 pages)."
    )


def test_what_to_cut_first_starts_with_letters_and_keeps_the_childs_views_last():
    result = budget(
        "refused-assessment",
        [
            Item("views", "Sam's views", 20),
            Item("evidence-letters", "E-mails to the council", 30),
            Item("evidence-school", "School reports", 30),
        ],
    )
    assert group(result, "evidence").status == "over"
    assert result.cut_first[0].startswith(
        "“E-mails to the council” (30 pages, letters and e-mails):"
    )
    assert result.cut_first[-1].startswith("“Sam's views”")


def test_nothing_to_cut_while_every_part_is_within_its_limit():
    assert budget("plan-contents", [Item("evidence-school", "Reports", 10)]).cut_first == ()


def test_every_part_is_counted_even_when_empty():
    result = budget("plan-contents", [Item("plan", "Plan", 3), Item("plan", "Appendix", 4)])
    assert result.parts["plan"] == 7
    assert set(result.parts) == set(load_limits().part_ids)


def test_an_unknown_part_or_appeal_type_is_refused():
    with pytest.raises(ValueError, match="unknown part"):
        budget("plan-contents", [Item("photos", "x", 1)])
    with pytest.raises(ValueError, match="unknown appeal type"):
        budget("delay", [])


def test_the_loader_refuses_a_confirmed_limit_while_the_text_is_unread():
    limits = load_limits()
    confirmed = msgspec.structs.replace(limits.limits[0], status="confirmed")
    broken = msgspec.structs.replace(limits, limits=(confirmed, *limits.limits[1:]))
    assert page_budget._problems(broken) == [
        "core-bundle: confirmed, but the Practice Direction was not read"
    ]


def test_the_loader_refuses_an_unknown_report_or_part():
    limits = load_limits()
    bad = msgspec.structs.replace(limits.limits[0], reports=("nobody",), applies_to=("attic",))
    broken = msgspec.structs.replace(limits, limits=(bad, *limits.limits[1:]))
    assert page_budget._problems(broken) == [
        "core-bundle: unknown report 'nobody'",
        "core-bundle: unknown part 'attic'",
    ]


def test_each_appeal_type_maps_from_the_engines_concerns():
    assert page_budget.appeal_type_for("placement-only") == "section-i"
    assert page_budget.appeal_type_for("delay") is None


def test_an_expert_report_more_than_3_years_old_is_named():
    from datetime import date

    items = [
        Item("expert-reports", "Old EP report", 10, date(2024, 1, 31)),
        Item("expert-reports", "New OT report", 10, date(2024, 2, 1)),
        Item("witness-statements", "Old statement", 5, date(2010, 1, 1)),
    ]
    result = budget("plan-contents", items, today=date(2027, 2, 1))
    assert [o.title for o in result.too_old] == ["Old EP report"]
    assert "“Old EP report” is more than 3 years old" in result.warnings[-1]
    assert budget("plan-contents", items).too_old == ()  # no day given, nothing to compare
