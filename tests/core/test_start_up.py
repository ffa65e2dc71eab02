"""The package's public names resolve lazily (PEP 562) to the objects of their modules."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import send_redress

INIT = Path(send_redress.__file__)


def test_every_public_name_resolves_to_its_modules_object():
    assert set(send_redress.__all__) == set(send_redress._HOMES)
    for name, home in send_redress._HOMES.items():
        module = importlib.import_module(f"send_redress.{home}")
        assert getattr(send_redress, name) is getattr(module, name), name
        assert name in dir(send_redress)


def test_the_type_checking_imports_match_the_homes():
    """mypy reads the imports under TYPE_CHECKING; the package reads _HOMES: the same."""
    tree = ast.parse(INIT.read_text("utf-8"))
    imported = {
        alias.name: node.module.removeprefix("send_redress.")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("send_")
        for alias in node.names
    }
    assert imported == send_redress._HOMES


def test_an_unknown_name_is_an_attribute_error():
    try:
        send_redress.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("no AttributeError")


def test_importing_the_package_imports_no_module_of_it():
    code = "import sys, send_redress; print(sorted(m for m in sys.modules if m.startswith('send_redress')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['send_redress']"
