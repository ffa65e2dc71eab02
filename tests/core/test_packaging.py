"""`pip install send-redress` is the rules core alone: it runs with none of the extras."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions, requires
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]


def _closure(names: set[str]) -> set[str]:
    """These distributions and everything they need (without their own extras)."""
    seen: set[str] = set()
    todo = [n.lower() for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for line in requires(name) or ():
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name.lower())
    return seen


def _extras_only_modules() -> list[str]:
    core = _closure({Requirement(r).name for r in PROJECT["dependencies"]})
    extras = {
        Requirement(r).name.lower()
        for group in PROJECT["optional-dependencies"].values()
        for r in group
        if Requirement(r).name != PROJECT["name"]
    }
    only_extras = _closure(extras) - core
    return sorted(
        module
        for module, dists in packages_distributions().items()
        if any(d.lower() in only_extras for d in dists) and module.isidentifier()
    )


BLOCKER = """
import importlib.abc, sys
BLOCKED = set({blocked!r})
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{{name}} is not a core dependency")
sys.meta_path.insert(0, Blocker())
"""


def _run_without_extras(code: str) -> subprocess.CompletedProcess[str]:
    blocked = _extras_only_modules()
    assert {"django", "docx", "weasyprint", "icalendar"} <= set(blocked)
    return subprocess.run(
        [sys.executable, "-c", BLOCKER.format(blocked=blocked) + code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_the_core_assesses_a_case_with_only_its_own_dependencies():
    done = _run_without_extras(
        "from datetime import date\n"
        "from send_redress import Facts, assess, to_json\n"
        "a = assess(Facts(concern='refused-plan', today=date(2027, 2, 1),"
        " events={'decision-notice-sent': date(2026, 12, 11)}))\n"
        "print(to_json(a).decode())\n"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["next_step"] == "mediation"


@pytest.mark.parametrize("command", [["assess", "-", "--format", "json"], ["routes"]])
def test_the_cli_runs_with_only_the_cores_dependencies(command):
    done = _run_without_extras(
        "import io, sys\n"
        'sys.stdin = io.StringIO(\'{"concern": "delay", "today": "2027-02-01"}\')\n'
        "from send_redress.cli import main\n"
        f"raise SystemExit(main({command!r}))\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout


def test_the_web_extra_declares_what_the_service_imports():
    web = {Requirement(r).name.lower() for r in PROJECT["optional-dependencies"]["web"]}
    assert {"django", "jinja2", "psycopg", "gunicorn"} <= web
