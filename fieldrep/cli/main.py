"""The ``fieldrep`` command line: the same use cases the desktop app calls.

Every refusal a rep can cause (a :class:`FieldRepError`) or a file that cannot be read ends
with a one-line reason on stderr and exit code 2; anything else is a bug and shows as one.
A write that meets a store busy with another program's write says it is waiting for it
(one line on stderr) and goes on once the store is free.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from fieldrep import __version__
from fieldrep.cli.args import OneLineParser
from fieldrep.cli.registry import register_all
from fieldrep.common.errors import FieldRepError
from fieldrep.common.log import start_log_file, stop_log_file
from fieldrep.common.paths import default_db_url
from fieldrep.expenses.pending_receipts import clean_orphan_receipts
from fieldrep.store import open_store
from fieldrep.store.waiting import WAITING_MESSAGE, add_listener


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command group (see :mod:`fieldrep.cli.registry`)."""
    parser = OneLineParser(
        prog="fieldrep", description="FieldRep: accounts, visits and routes for field reps.")
    parser.add_argument("--version", action="version", version=f"fieldrep {__version__}")
    parser.add_argument("--db", metavar="URL",
                        help="SQLAlchemy URL of the store (default: $FIELDREP_DB, else a "
                             "SQLite file in your user data folder)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    register_all(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code (0 done, 1 no valid result, 2 refused, 130 stopped)."""
    args = build_parser().parse_args(argv)
    start_log_file()
    stop_telling = add_listener(_tell_waiting())
    try:
        if not getattr(args, "needs_store", True):
            return int(args.run(None, args))
        store = open_store(args.db or default_db_url())
        try:
            clean_orphan_receipts(store)
            return int(args.run(store, args))
        finally:
            store.close()
    except (FieldRepError, OSError) as exc:
        print(f"fieldrep: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fieldrep: interrupted; what was saved is kept", file=sys.stderr)
        return 130
    finally:
        stop_telling()
        stop_log_file()


def _tell_waiting() -> Callable[[float | None], None]:
    """A listener printing "waiting for the store…" once each time a write starts waiting."""
    waiting = False

    def tell(waited: float | None) -> None:
        nonlocal waiting
        if waited is not None and not waiting:
            print(f"fieldrep: {WAITING_MESSAGE} (another program is writing to it)",
                  file=sys.stderr, flush=True)
        waiting = waited is not None

    return tell
