"""`send-redress` as a person or a script runs it: a real process, real files, real pipes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from send_redress import CONCERNS, ROUTE_IDS

# The shared examples sit beside the main checkout (../shared) or beside the worktrees' folder.
SHARED = next(
    (p / "shared" for p in Path(__file__).parents[3:5] if (p / "shared").is_dir()),
    Path(__file__).parents[3] / "shared",
)
EXAMPLES = sorted((SHARED / "examples").glob("*.json"))
SCHEMA_DIR = Path(__file__).parents[2] / "send_redress" / "schema"
COMMAND = shutil.which("send-redress", path=str(Path(sys.executable).parent)) or "send-redress"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [COMMAND, *args], input=stdin, capture_output=True, text=True, timeout=30, check=False
    )


def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"assess-{name}.schema.json").read_text("utf-8"))


def test_the_shared_examples_are_there():
    assert len(EXAMPLES) == 4


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_assess_json_answers_every_example_within_the_schema(example):
    jsonschema.validate(json.loads(example.read_text()), schema("input"))
    result = run("assess", str(example), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    output = json.loads(result.stdout)
    jsonschema.validate(output, schema("output"))
    assert output["next_step"] in ROUTE_IDS
    assert all(route["sources"] for route in output["routes"])


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_assess_text_is_for_people(example):
    result = run("assess", str(example))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Assessment on ")
    assert "Next step: " in result.stdout


def test_assess_reads_standard_input():
    facts = {"today": "2027-02-01", "concern": "refused-plan",
             "events": [{"type": "decision-notice-sent", "date": "2027-01-15"}]}  # fmt: skip
    result = run("assess", "-", "--format", "json", stdin=json.dumps(facts))
    assert result.returncode == 0
    deadlines = {d["id"]: d["due"] for d in json.loads(result.stdout)["deadlines"]}
    assert deadlines["tribunal-appeal"] == "2027-03-15"


@pytest.mark.parametrize(
    ("stdin", "expected_lines"),
    [
        ("not json", ["input: not valid JSON"]),
        ('{"concern": "unhappy"}', ["concern: unknown value 'unhappy'"]),
        ('{"concern": "delay", "events": [{"type": "phoned", "date": "2026-01-01"}]}',
         ["events[0].type: unknown event type 'phoned'"]),
        ('{"concern": "delay", "today": "2027-1-5"}', ["today: expected a date as YYYY-MM-DD, got '2027-1-5'"]),
        ('{"concern": "delay", "today": "2027-02-30"}', ["today: '2027-02-30' is not a real date"]),
        ('{"concern": "delay", "today": "2027-02-01", "events": [{"type": "became-aware", "date": "2027-03-01"}]}',
         ["events[0].date: 2027-03-01 is after today (2027-02-01)"]),
        ('{"concern": "nope", "setting": "castle", "events": [{"type": "x", "date": "soon"}]}',
         ["concern: unknown value 'nope'", "setting: unknown value 'castle'",
          "events[0].type: unknown event type 'x'", "events[0].date: expected a date as YYYY-MM-DD, got 'soon'"]),
        ("[]", ["input: expected a JSON object, got a list"]),
        ("{}", ["concern: missing"]),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_one_line_per_problem_and_nothing_on_stdout(stdin, expected_lines):
    result = run("assess", "-", "--format", "json", stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected_lines)
    for line, expected in zip(lines, expected_lines, strict=True):
        assert line.startswith(expected)


def test_a_missing_file_is_bad_input():
    result = run("assess", "/nonexistent/case.json")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("file: cannot read")


def test_routes_lists_every_route_with_its_sources():
    result = run("routes")
    assert result.returncode == 0
    for route_id in ROUTE_IDS:
        assert f"\n{route_id}: " in "\n" + result.stdout
    assert result.stdout.count("https://") >= len(ROUTE_IDS)


def test_routes_map_shows_all_13_concerns_with_their_path():
    result = run("routes", "--map")
    assert result.returncode == 0
    for concern in CONCERNS:
        assert f"\n{concern}: " in result.stdout
    assert result.stdout.count("  path: ") == len(CONCERNS)
    assert "mediation --[mediation-certificate-issued]--> tribunal" in result.stdout


def test_routes_into_a_closed_pipe_exits_quietly():
    """`send-redress routes | head` with the reader already gone: no traceback, status 141."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE, as after `head` has read its lines
    try:
        result = subprocess.run(
            [COMMAND, "routes"], stdout=write_end, capture_output=False, stderr=subprocess.PIPE,
            text=True, timeout=30, check=False,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141


def test_routes_piped_to_head_prints_its_lines_and_no_traceback():
    head = subprocess.run(
        f"'{COMMAND}' routes | head -n 2", shell=True, capture_output=True, text=True,
        timeout=30, check=False,
    )  # fmt: skip
    assert head.stdout.startswith("talk-to-school: ")
    assert len(head.stdout.splitlines()) == 2
    assert head.stderr == ""


# What a warm `assess --format json` must not import (each costs start-up time, and none is
# needed once the validated content is in the disk cache): YAML parsing, importlib.resources
# (with tempfile, zipfile and pathlib), hashlib (OpenSSL), shutil (bz2, lzma), the holidays
# library, dateutil, letters and the calendar export.
NOT_FOR_A_WARM_ASSESS = (
    "yaml", "importlib.resources", "pathlib", "tempfile", "zipfile", "hashlib", "shutil",
    "holidays", "dateutil", "send_redress.letters", "send_redress.ics", "send_redress._ladder_map",
)  # fmt: skip


def test_a_warm_assess_imports_only_what_it_needs(tmp_path):
    example = tmp_path / "case.json"
    example.write_text(
        '{"today": "2027-02-01", "concern": "refused-plan", "local_authority": "bedford",'
        ' "events": [{"type": "decision-notice-sent", "date": "2026-12-24"}]}'
    )
    code = (
        "import sys; from send_redress.cli import main; "
        f"status = main(['assess', {str(example)!r}, '--format', 'json']); "
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] in sys.argv[1:]"
        " or m in sys.argv[1:] or m.startswith(tuple(a + '.' for a in sys.argv[1:]))),"
        " file=sys.stderr)"
    )
    env = {**os.environ, "SEND_REDRESS_CACHE_DIR": str(tmp_path / "cache")}
    run_it = [sys.executable, "-c", code, *NOT_FOR_A_WARM_ASSESS]
    cold = subprocess.run(run_it, capture_output=True, text=True, timeout=60, env=env, check=True)
    assert "yaml" in cold.stderr  # the first run validates the YAML and fills the cache
    warm = subprocess.run(run_it, capture_output=True, text=True, timeout=60, env=env, check=True)
    assert warm.stderr.strip() == "0 []"
    assert json.loads(warm.stdout)["next_step"] == json.loads(cold.stdout)["next_step"]
