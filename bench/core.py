"""Benchmarks of the rules engine (issue 2). Run: make bench-core  (or .venv/bin/python bench/core.py)

- assess(): median time per call on a realistic case, in process, against a baseline measured in
  the same run (json.loads of the same case's input: the cheapest thing any caller must do).
- `send-redress assess --format json`: wall time from start to exit, against a bare interpreter
  (`python -c pass`) measured alternately in the same run; once with the package's bytecode (as
  installed) and once compiling it from source on each run (PYTHONDONTWRITEBYTECODE=1).
Medians, not means: the machine is shared and a few slow runs would skew a mean.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from send_redress import assess, load_content, parse_facts

ROOT = Path(__file__).resolve().parent.parent
# The shared examples sit beside the main checkout (../shared) or beside the worktrees' folder.
CASE = next(
    (
        folder / "shared" / "examples" / "bedford-refused-assessment.json"
        for folder in (ROOT.parent, ROOT.parent.parent)
        if (folder / "shared").is_dir()
    ),
    ROOT.parent / "shared" / "examples" / "bedford-refused-assessment.json",
)
# A realistic case with most clocks running: an EHC plan dispute after an annual review.
REALISTIC = {
    "today": "2027-03-15",
    "local_authority": "bedford",
    "setting": "academy",
    "concern": "plan-contents",
    "events": [
        {"type": "raised-with-school", "date": "2026-09-14"},
        {"type": "assessment-requested", "date": "2026-06-01"},
        {"type": "draft-plan-issued", "date": "2026-09-21"},
        {"type": "annual-review-meeting", "date": "2026-12-08"},
        {"type": "decision-notice-sent", "date": "2027-01-29"},
        {"type": "mediation-requested", "date": "2027-02-05"},
        {"type": "mediation-held", "date": "2027-03-01"},
        {"type": "mediation-certificate-issued", "date": "2027-03-03"},
    ],
}

# The whole year of a case (issue 14): three decision letters (rounds), an appeal, a Tribunal
# order to amend with its written reasons, the plan's review and a planned move to secondary.
THREE_ROUNDS = {
    "today": "2027-06-01",
    "local_authority": "bedford",
    "setting": "maintained-school",
    "concern": "plan-contents",
    "events": [
        {"type": "final-plan-issued", "date": "2025-05-12"},
        {"type": "annual-review-meeting", "date": "2026-04-20"},
        {"type": "decision-notice-sent", "date": "2026-05-11"},
        {"type": "mediation-declined", "date": "2026-06-10"},
        {"type": "mediation-certificate-issued", "date": "2026-06-15"},
        {"type": "decision-notice-sent", "date": "2026-07-06"},
        {"type": "mediation-requested", "date": "2026-07-20"},
        {"type": "mediation-certificate-issued", "date": "2026-08-17"},
        {"type": "tribunal-appeal-made", "date": "2026-09-01"},
        {"type": "tribunal-ordered-amendment", "date": "2027-03-10"},
        {"type": "tribunal-decision-sent", "date": "2027-03-10"},
        {"type": "tribunal-reasons-sent", "date": "2027-03-12"},
        {"type": "final-plan-issued", "date": "2027-04-21"},
        {"type": "annual-review-meeting", "date": "2027-04-26"},
        {"type": "decision-notice-sent", "date": "2027-05-20"},
        {"type": "mediation-declined", "date": "2027-05-25"},
        {"type": "phase-transfer-due", "date": "2028-09-01"},
    ],
}

# The same case with only its last round: the decision letter of 20 May 2027 and what answers
# it, and the events that belong to no round (the plan, its reviews, the planned move). Measured
# beside THREE_ROUNDS in the same run, so the cost of the earlier rounds is the difference.
_LAST_ROUND = "2027-05-20"
_ROUND_EVENTS = {
    "decision-notice-sent",
    "mediation-declined",
    "mediation-requested",
    "mediation-certificate-issued",
    "tribunal-appeal-made",
    "tribunal-ordered-amendment",
    "tribunal-decision-sent",
    "tribunal-reasons-sent",
}
ONE_ROUND = {
    **THREE_ROUNDS,
    "events": [
        e
        for e in THREE_ROUNDS["events"]  # type: ignore[attr-defined]
        if e["type"] not in _ROUND_EVENTS or e["date"] >= _LAST_ROUND
    ],
}


def median_seconds(function, repeats: int, inner: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            function()
        samples.append((time.perf_counter() - start) / inner)
    return statistics.median(samples)


def bench_assess(case: dict[str, object] = REALISTIC) -> dict[str, float]:
    text = json.dumps(case)
    facts = parse_facts(json.loads(text))
    load_content()
    assess(facts)
    engine = median_seconds(lambda: assess(facts), repeats=31, inner=200)
    baseline = median_seconds(lambda: json.loads(text), repeats=31, inner=200)
    return {"assess_ms": engine * 1e3, "json_loads_ms": baseline * 1e3, "ratio": engine / baseline}


def bench_cli(runs: int = 21, *, bytecode: bool = True) -> dict[str, float]:
    """With `bytecode`, as after `pip install` (which compiles every module): the warm-up run
    writes the bytecode into a private folder that both commands then read. Without it, as on a
    machine with PYTHONDONTWRITEBYTECODE=1 and an editable install, the package's modules are
    compiled from source on every run (the standard library's bytecode is still read)."""
    command = [
        str(Path(sys.executable).parent / "send-redress"),
        "assess",
        str(CASE),
        "--format",
        "json",
    ]
    bare = [sys.executable, "-c", "pass"]
    with tempfile.TemporaryDirectory(prefix="send-redress-bench-") as pycache:
        env = dict(os.environ)
        if bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = pycache
        else:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)
            # Bytecode left in the package by any earlier run would still be read: remove it
            # (Python writes it again on the next run that may).
            for folder in (ROOT / "send_redress").rglob("__pycache__"):
                shutil.rmtree(folder, ignore_errors=True)
        for argv in (command, bare):  # warm the content cache, the bytecode and the page cache
            subprocess.run(argv, check=True, capture_output=True, env=env)
        cli, interpreter = [], []
        for _ in range(runs):  # alternate, so both see the same machine load
            for argv, samples in ((command, cli), (bare, interpreter)):
                start = time.perf_counter()
                subprocess.run(argv, check=True, capture_output=True, env=env)
                samples.append(time.perf_counter() - start)
    cli_ms, bare_ms = statistics.median(cli) * 1e3, statistics.median(interpreter) * 1e3
    return {"cli_ms": cli_ms, "bare_python_ms": bare_ms, "ratio": cli_ms / bare_ms}


def main() -> None:
    engine = bench_assess()
    print(
        f"assess() realistic case: median {engine['assess_ms']:.3f} ms per call "
        f"(target < 0.2 ms); baseline json.loads of the input {engine['json_loads_ms']:.4f} ms; "
        f"ratio {engine['ratio']:.1f}x"
    )
    one = bench_assess(ONE_ROUND)
    year = bench_assess(THREE_ROUNDS)
    print(
        f"assess() one round of the year's case: median {one['assess_ms']:.3f} ms per call; "
        f"three rounds, the whole year: median {year['assess_ms']:.3f} ms per call "
        f"(target < 0.2 ms); three rounds are {year['assess_ms'] / one['assess_ms']:.2f}x one "
        f"round and {year['assess_ms'] / engine['assess_ms']:.2f}x the realistic case"
    )
    for bytecode, how in ((True, "with bytecode"), (False, "compiled from source each run")):
        cli = bench_cli(bytecode=bytecode)
        print(
            f"send-redress assess --format json ({how}): median {cli['cli_ms']:.0f} ms wall "
            f"(target < 150 ms); bare interpreter {cli['bare_python_ms']:.0f} ms; "
            f"ratio {cli['ratio']:.1f}x (target at most 6x)"
        )


if __name__ == "__main__":
    main()
