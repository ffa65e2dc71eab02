"""The docs a newcomer reads point at things that exist: every "issue N" that a file in the
repository names has its text in docs/issues/ (issue 11 item 8: no references to a tracker
that is not in the repository)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISSUE = re.compile(r"\b[Ii]ssues? (\d{1,2})\b")
TEXT_FILES = (".py", ".md", ".html", ".yaml", ".yml", ".txt", ".toml", ".in")


def tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / name for name in names if name.endswith(TEXT_FILES)]


def test_every_issue_named_in_the_repository_has_its_page():
    named: dict[int, str] = {}
    for path in tracked_text_files():
        if "docs/issues" in path.as_posix():
            continue
        for number in ISSUE.findall(path.read_text(encoding="utf-8", errors="replace")):
            named.setdefault(int(number), str(path.relative_to(ROOT)))
    assert len(named) > 10  # the code does name them: the search works
    missing = {
        n: where for n, where in named.items() if not (ROOT / f"docs/issues/{n:02d}.md").exists()
    }
    assert not missing, f"issues named with no page in docs/issues: {missing}"


def test_each_issue_page_is_in_the_index():
    index = (ROOT / "docs/issues/README.md").read_text(encoding="utf-8")
    pages = sorted(p.name for p in (ROOT / "docs/issues").glob("[0-9][0-9].md"))
    assert pages and all(f"]({page})" in index for page in pages)
