"""The routing engine stays pure: it never reads the store, the settings or the database."""

import ast
from pathlib import Path

import fieldrep.planning

ENGINE_MODULES = ("engine", "problem", "ortools_model", "search", "child_search",
                  "parallel_search", "check")
FORBIDDEN = ("sqlalchemy", "alembic", "fieldrep.store", "fieldrep.settings", "PySide6")


def imported_names(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_engine_modules_import_neither_store_nor_settings_nor_sqlalchemy() -> None:
    folder = Path(fieldrep.planning.__file__).parent
    offenders = [f"{module}: {name}" for module in ENGINE_MODULES
                 for name in imported_names(folder / f"{module}.py")
                 if any(name == bad or name.startswith(f"{bad}.") for bad in FORBIDDEN)]
    assert offenders == []


def test_engine_modules_import_only_each_other_and_common_from_fieldrep() -> None:
    folder = Path(fieldrep.planning.__file__).parent
    allowed = {f"fieldrep.planning.{module}" for module in ENGINE_MODULES}
    outside = [f"{module}: {name}" for module in ENGINE_MODULES
               for name in imported_names(folder / f"{module}.py")
               if name.startswith("fieldrep") and name not in allowed
               and not name.startswith("fieldrep.common")]
    assert outside == []
