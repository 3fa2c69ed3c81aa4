"""The core never imports Qt: every module under fieldrep/ is checked."""

import ast
from pathlib import Path

import fieldrep

FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "ui")


def test_core_never_imports_qt_or_the_ui() -> None:
    root = Path(fieldrep.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(root)}: {n}" for n in names
                          if n.split(".")[0] in FORBIDDEN]
    assert list(root.rglob("*.py")), "no core modules found"
    assert offenders == []
