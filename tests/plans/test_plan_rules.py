"""The rules file is checked when it loads, and each finding carries its law and its words."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
import yaml

from send_redress import Facts, assess, check_plan, read_plan
from send_redress._plan_check import (
    PlanRulesError,
    load_rules,
    output_schema,
    parse_rules,
    to_jsonable,
)

from .corpus import build, plans

RULES_TEXT = files("send_redress").joinpath("content/plan-checks.yaml").read_text("utf-8")
SCHEMA = json.loads(
    (Path(__file__).parents[2] / "send_redress/schema/plan-check-output.schema.json").read_text(
        "utf-8"
    )
)


def _with(change) -> str:
    raw = yaml.safe_load(RULES_TEXT)
    change(raw)
    return yaml.safe_dump(raw)


def test_every_check_cites_its_law_and_says_why_and_what_to_ask_for():
    rules = load_rules()
    assert {
        "f-vague-words",
        "f-no-amount",
        "b-need-without-provision",
        "therapy-outside-f",
        "e-no-time-frame",
        "i-final-none-named",
        "i-draft-names-school",
    } <= set(rules.checks)
    for rule in rules.checks.values():
        assert rule.sources and rule.why and rule.ask_for and rule.rewrite
        for source in rule.sources:
            assert source.url.startswith("https://") and source.read is not None


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda r: r["checks"][0].update(severity="urgent"), "severity 'urgent'"),
        (lambda r: r["checks"][0].update(looks_for="magic"), "looks_for 'magic'"),
        (lambda r: r["checks"][0].update(sources=["no-such-source"]), "unknown sources"),
        (lambda r: r["checks"][0].pop("why"), "missing ['why']"),
        (lambda r: r["checks"][0].update(section="Z"), "section 'Z'"),
        (lambda r: r["checks"][0].update(phrases=[]), "needs phrases"),
        (
            lambda r: r["checks"][0]["phrases"].append({"words": "x", "unless": "("}),
            "unless for 'x'",
        ),
        (
            lambda r: r["sources"]["send-regs-reg-12"].update(
                url="https://www.legislation.gov.uk/uksi/2014/1530/regulation/12/made"
            ),
            "send-regs-reg-12",
        ),
        (
            lambda r: r["sources"].update(
                unused={"title": "T", "url": "https://example.org/", "took_effect": "2014-09-01"}
            ),
            "nothing cites",
        ),
    ],
)
def test_a_broken_rule_is_refused_when_the_rules_load(change, words):
    with pytest.raises(PlanRulesError) as caught:
        parse_rules(_with(change))
    assert words in str(caught.value)


def test_the_rules_file_as_committed_loads():
    assert set(parse_rules(RULES_TEXT).checks) == set(load_rules().checks)


def test_a_draft_shows_the_engines_comment_deadline_and_the_20_weeks():
    plan = read_plan(
        b"Draft EHC plan\nDate of issue: 25 November 2026\nSection F: Provision\nNone.\n"
    )
    result = check_plan(plan, today=date(2026, 12, 2), requested_on=date(2026, 7, 1))
    engine = assess(
        Facts(
            concern="plan-contents",
            today=date(2026, 12, 2),
            events={
                "draft-plan-issued": date(2026, 11, 25),
                "assessment-requested": date(2026, 7, 1),
            },
        )
    )
    assert result.kind == "draft" and result.dated == date(2026, 11, 25)
    assert (
        result.date("draft-plan-comments").due
        == engine.deadline("draft-plan-comments").due
        == date(2026, 12, 9)
    )
    assert result.date("final-plan").due == engine.deadline("final-plan").due == date(2026, 11, 18)


def test_a_final_plan_shows_the_appeal_deadline():
    plan = read_plan(
        b"Final EHC plan\nDate issued: 02/11/2026\nSection I: Placement\nTo be confirmed.\n"
    )
    result = check_plan(plan, today=date(2026, 12, 2))
    assert result.kind == "final" and result.dated == date(2026, 11, 2)
    engine = assess(
        Facts(
            concern="plan-contents",
            today=date(2026, 12, 2),
            events={
                "final-plan-issued": date(2026, 11, 2),
                "decision-notice-sent": date(2026, 11, 2),
            },
        )
    )
    # 2 months is Saturday 2 January 2027; the engine moves it to the next working day.
    assert (
        result.date("tribunal-appeal").due
        == engine.deadline("tribunal-appeal").due
        == date(2027, 1, 4)
    )
    assert result.date("draft-plan-comments") is None
    assert [f.check for f in result.findings if f.section == "I"] == ["i-final-none-named"]


def test_a_plan_that_does_not_say_its_kind_says_so_and_can_be_told():
    plan = read_plan(b"Section I: Placement\nOakfield Primary School, a mainstream school.\n")
    unknown = check_plan(plan, today=date(2026, 12, 2))
    assert unknown.kind == "unknown" and unknown.notes and not unknown.dates
    told = check_plan(plan, today=date(2026, 12, 2), kind="draft", dated=date(2026, 11, 30))
    assert told.kind_from == "given"
    assert [f.check for f in told.findings if f.section == "I"] == ["i-draft-names-school"]
    assert told.date("draft-plan-comments").due == date(2026, 12, 14)


def test_each_finding_says_where_it_is_and_quotes_the_plan():
    plan = next(p for p in plans() if p.name.startswith("05-"))
    result = check_plan(read_plan(build(plan)), today=date(2026, 12, 2))
    vague = [f for f in result.findings if f.check == "f-vague-words"]
    assert vague and all(f.page == 3 and f.line and f.section == "F" for f in vague)
    assert '"regular"' in vague[0].quote and "regular movement breaks" in vague[0].context


def test_the_committed_schema_matches_the_code_and_every_corpus_result_fits_it():
    """If the first assertion fails, run scripts/generate-schemas and review the diff."""
    assert json.loads(json.dumps(output_schema())) == SCHEMA
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for plan in plans():
        if plan.format != "scan":
            validator.validate(
                to_jsonable(check_plan(read_plan(build(plan)), today=date(2026, 12, 2)))
            )


def _cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "send_redress.cli", "check-plan", *args],
        input=stdin,
        capture_output=True,
        check=False,
    )


def test_the_command_prints_json_in_the_contract(tmp_path):
    plan = next(p for p in plans() if p.name.startswith("04-"))
    path = tmp_path / "plan.docx"
    path.write_bytes(build(plan))
    done = _cli(str(path), "--format", "json", "--today", "2026-12-02")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["plan"]["kind"] == "final" and "i-final-none-named" in {
        f["check"] for f in data["findings"]
    }


def test_the_command_prints_text_for_people_from_standard_input():
    done = _cli(
        "-",
        "--today",
        "2026-12-02",
        "--kind",
        "draft",
        "--dated",
        "2026-11-30",
        stdin=b"Section F: Provision\nSam will have regular access to a laptop in lessons.\n",
    )
    assert done.returncode == 0
    out = done.stdout.decode()
    assert "14 December 2026: Your comments on the draft plan" in out
    assert 'Found: "regular", "access to"' in out
    assert "Law: SEND code of practice, 0 to 25 years, paragraph 9.69" in out


def test_the_command_refuses_an_unreadable_file_with_one_line(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4 broken")
    done = _cli(str(path))
    assert done.returncode == 2 and done.stdout == b""
    assert (
        done.stderr.decode().strip() == "file: The PDF seems to be damaged: it could not be opened."
    )
    assert (
        _cli(str(path), "--today", "soon").stderr.decode().strip()
        == "today: 'soon' is not a date (YYYY-MM-DD)"
    )


def test_the_command_writes_the_representations_letter(tmp_path):
    plan = next(p for p in plans() if p.name.startswith("02-"))
    source, letter = tmp_path / "plan.txt", tmp_path / "letter.txt"
    source.write_bytes(build(plan))
    done = _cli(str(source), "--today", "2026-12-02", "--letter", str(letter))
    assert done.returncode == 0, done.stderr
    text = letter.read_text("utf-8")
    assert "which end on 4 December 2026" in text
    assert '"access to", "as appropriate"' in text
    assert _cli(str(source), "--letter", str(tmp_path / "letter.odt")).returncode == 2
