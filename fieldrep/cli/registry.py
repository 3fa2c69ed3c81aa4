"""The command groups of ``fieldrep``: each module adds its commands to the parser.

A group is a module with ``register(commands)`` that adds its sub-parsers and sets on each
the function that runs it (``set_defaults(run=...)``), so ``main`` dispatches every command
the same way.  A command that needs no store (``bench``) says so with ``needs_store=False``.
Modelled on pip's ``commands/``: to add a group, write its module and name it here.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib import import_module
from typing import Any, Protocol

from fieldrep.store import Store

#: The modules of ``fieldrep.cli`` that hold command groups, in the order ``--help`` lists them.
GROUPS = ("accounts", "settings", "plan", "visits", "expenses", "reports", "team", "roads",
          "bench")

Handler = Callable[[Store, argparse.Namespace], int]


class Commands(Protocol):
    """What argparse's ``add_subparsers()`` hands back (its class is private)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


def register_all(commands: Commands) -> None:
    """Add every group's commands to ``commands``."""
    for name in GROUPS:
        import_module(f"fieldrep.cli.{name}").register(commands)
