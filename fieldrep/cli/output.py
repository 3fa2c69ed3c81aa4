"""How the CLI prints long lists and progress: the first few lines, then a count."""

from __future__ import annotations

import sys
from collections.abc import Callable

SHOWN_PROBLEMS = 20


def progress(unit: str) -> Callable[..., None] | None:
    """A progress callback that redraws ``done/total unit`` on a terminal (None elsewhere)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, *_rest: object) -> None:
        print(f"\r{done}/{total} {unit}", end="", file=sys.stderr, flush=True)

    return show


def clear_progress() -> None:
    """Erase the progress line (on a terminal)."""
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr, flush=True)


def print_some(title: str, lines: list[str], more_hint: str = "") -> None:
    """``title:`` then the first :data:`SHOWN_PROBLEMS` lines and how many more there are."""
    if not lines:
        return
    print(f"{title}:")
    for line in lines[:SHOWN_PROBLEMS]:
        print(f"  {line}")
    if len(lines) > SHOWN_PROBLEMS:
        print(f"  … and {len(lines) - SHOWN_PROBLEMS} more" + more_hint)
