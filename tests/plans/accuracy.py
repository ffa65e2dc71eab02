"""Precision and recall of the plan checker against the corpus's annotations (shared by the test
and bench/plan_check.py, which prints them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from send_redress._plan_check import check_plan
from send_redress._plan_read import PlanReadError, ocr_pdf, read_plan

from .corpus import FOLDER, Expected, build, plans, score

TODAY = date(2026, 12, 2)


@dataclass
class Tally:
    hits: int = 0
    found: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0


def measure(folder: Path = FOLDER) -> dict[str, Tally]:
    """Tallies by check group, and "all"."""
    from send_redress._plan_check import load_rules

    groups = {rule.id: rule.group for rule in load_rules().checks.values()}
    tallies: dict[str, Tally] = {"all": Tally()}
    for plan in plans(folder):
        data = build(plan)
        try:
            text = read_plan(data, plan.name)
        except PlanReadError as error:
            assert error.code == "scanned", (plan.name, error.code)
            text = ocr_pdf(data)
        result = check_plan(text, today=TODAY)
        for group in {*groups.values()}:
            found = [
                (f.check, f.context + " " + f.quote) for f in result.findings if f.group == group
            ]
            expected: list[Expected] = [e for e in plan.expected if groups[e.check] == group]
            hits, n_found, n_expected = score(found, expected)
            for key in (group, "all"):
                tally = tallies.setdefault(key, Tally())
                tally.hits += hits
                tally.found += n_found
                tally.expected += n_expected
    return tallies
