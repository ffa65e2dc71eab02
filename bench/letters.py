"""Benchmark of the letters (issue 4). Run: .venv/bin/python bench/letters.py

For each format, the median time to render one letter in a warm process, over all ten letter
types, against the text format measured in the same run (the baseline: walking the same
structure with no document library). Drafting (assess + wording) is timed on its own, and the
first call of each format (imports, font loading) is reported apart, since a warm web worker
never pays it twice. Memory: the peak of Python allocations while rendering (tracemalloc, in
its own pass so it does not slow the timings) and the process's peak resident size after each
stage (resource.getrusage, which also sees WeasyPrint's C libraries). Targets from the issue:
DOCX under 50 ms, PDF under 150 ms (an Assembly Line DOCX is reported at about 2 s).
Medians, not means: the machine is shared and a few slow runs would skew a mean. The CPU time
of the same calls is printed beside the wall time: on a busy machine it is the fairer figure.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from send_redress import assess  # noqa: E402
from send_redress.letters import (  # noqa: E402
    LETTER_TYPES,
    Letter,
    draft_letter,
    parse_letter_input,
    to_docx,
    to_pdf,
    to_text,
)
from tests.letters.cases import CASES  # noqa: E402

RENDERERS: dict[str, Callable[[Letter], object]] = {"text": to_text, "docx": to_docx, "pdf": to_pdf}
ROUNDS = {"text": 200, "docx": 20, "pdf": 12}  # per letter type
TARGETS_MS = {"docx": 50.0, "pdf": 150.0}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


CPU: list[float] = []  # CPU seconds of each timed call, beside its wall time


def timed(function: Callable[[], object]) -> float:
    cpu, start = time.process_time(), time.perf_counter()
    function()
    wall = time.perf_counter() - start
    CPU.append(time.process_time() - cpu)
    return wall


def main() -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Python {sys.version.split()[0]}; {len(LETTER_TYPES)} letter types; medians per letter;"
        f" load average {load} on {os.cpu_count()} cores (other work slows every figure)"
    )
    inputs = {t: parse_letter_input(t, CASES[t]) for t in LETTER_TYPES}

    def draft(letter_type: str) -> Letter:
        facts, details = inputs[letter_type]
        return draft_letter(letter_type, facts, details, assess(facts))

    from send_redress.letters import load_letters

    load_letters.cache_clear()
    first_draft = timed(lambda: draft("school-complaint"))
    letters = {t: draft(t) for t in LETTER_TYPES}
    draft_samples = [timed(lambda t=t: draft(t)) for _ in range(30) for t in LETTER_TYPES]
    print(
        f"draft (assess + wording): median {statistics.median(draft_samples) * 1e3:.2f} ms"
        f" (first call {first_draft * 1e3:.0f} ms, loads and validates the wording)"
    )
    print(f"peak resident size after drafting: {rss_mb():.0f} MB")

    medians: dict[str, float] = {}
    for name, render in RENDERERS.items():
        first = timed(lambda render=render: render(letters["school-complaint"]))
        CPU.clear()
        by_type: dict[str, list[float]] = {t: [] for t in LETTER_TYPES}
        for _ in range(ROUNDS[name]):
            for letter_type in LETTER_TYPES:
                letter = letters[letter_type]
                by_type[letter_type].append(
                    timed(lambda render=render, letter=letter: render(letter))
                )
        samples = [sample for values in by_type.values() for sample in values]
        medians[name] = statistics.median(samples)
        cpu_median = statistics.median(CPU)
        resident = rss_mb()
        slowest = max(LETTER_TYPES, key=lambda t: statistics.median(by_type[t]))
        tracemalloc.start()
        for letter_type in LETTER_TYPES:
            render(letters[letter_type])
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        target = TARGETS_MS.get(name)
        verdict = (
            f"target < {target:.0f} ms: {'met' if medians[name] * 1e3 < target else 'MISSED'}"
            if target
            else "baseline"
        )
        print(
            f"{name:>4}: median {medians[name] * 1e3:8.3f} ms per letter ({verdict});"
            f" CPU {cpu_median * 1e3:.3f} ms;"
            f" p90 {statistics.quantiles(samples, n=10)[-1] * 1e3:.3f} ms;"
            f" first call {first * 1e3:.0f} ms; slowest type {slowest};"
            f" Python peak {peak / 2**20:.1f} MB; process peak {resident:.0f} MB"
        )
    base = medians["text"]
    print(
        "ratios to text: "
        + ", ".join(f"{name} {medians[name] / base:,.0f}x" for name in ("docx", "pdf"))
        + f"; pdf/docx {medians['pdf'] / medians['docx']:.1f}x"
    )


if __name__ == "__main__":
    main()
