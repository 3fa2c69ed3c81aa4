"""The shape of the code, checked: the layers (import-linter's contracts in pyproject.toml)
hold, and no module or class grows into a god file again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

import fieldrep

ROOT = Path(fieldrep.__file__).resolve().parents[1]
#: A module of one idea stays well under this; a page is composed of widgets.
MAX_FILE_LINES = 400
MAX_CLASS_LINES = 300


def sources() -> list[Path]:
    """Every Python source of the project but the migrations (generated, append-only)."""
    found = [path for folder in ("fieldrep", "ui", "benchmarks", "tests")
             for path in (ROOT / folder).rglob("*.py") if "migrations" not in path.parts]
    return sorted([*found, ROOT / "main.py"])


def test_the_layers_hold(capsys: pytest.CaptureFixture[str]) -> None:
    """import-linter's contracts (pyproject.toml): the core never imports Qt, data flows one
    way through the layers, the route engine and common never touch the store."""
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True,
                        no_logo=True)
    assert code == 0, capsys.readouterr().out


def test_no_source_file_is_a_god_file() -> None:
    long = {str(p.relative_to(ROOT)): n for p in sources()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES}
    assert long == {}, f"split these into modules of one idea (≤ {MAX_FILE_LINES} lines)"


def test_no_class_is_a_god_class() -> None:
    long = {}
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                size = node.end_lineno - node.lineno + 1
                if size > MAX_CLASS_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = size
    assert long == {}, f"compose these of smaller parts (≤ {MAX_CLASS_LINES} lines a class)"
