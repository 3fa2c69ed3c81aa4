"""Helpers shared by the benchmark scripts: timing, medians, the machine, plain-text tables."""

from __future__ import annotations

import gc
import os
import platform
import sqlite3
import statistics
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import TypeVar

T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[float, T]:
    """Run ``work`` once after a full garbage collection; (wall seconds, its result)."""
    gc.collect()
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo (what ``lscpu`` shows), else the platform's."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, str]:
    """What the numbers were measured on."""
    return {
        "cpu": cpu_model(),
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": _version("SQLAlchemy"),
        "pandas": _version("pandas"),
        "platform": platform.platform(),
    }


def machine_line(info: dict[str, str]) -> str:
    return (f"machine: {info['cpu']}, {info['cores']} cores; Python {info['python']}, "
            f"SQLite {info['sqlite']}, SQLAlchemy {info['sqlalchemy']}, "
            f"pandas {info['pandas']}")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, numbers right-aligned (also valid Markdown)."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(_is_number(row[i]) for row in cells[1:]) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [c.rjust(w) if num else c.ljust(w)
                 for c, w, num in zip(row, widths, numeric, strict=True)]
        return "| " + " | ".join(parts) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if num else ("-" * (w + 2))
                          for w, num in zip(widths, numeric, strict=True)) + "|"
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def _is_number(text: str) -> bool:
    cleaned = text.replace(",", "").replace("×", "").replace("%", "").strip()
    if cleaned in ("", "-", "n/a"):
        return True
    try:
        float(cleaned)
    except ValueError:
        return False
    return True
