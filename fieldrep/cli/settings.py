"""``fieldrep settings [KEY VALUE …]``: show the settings, or change several at once."""

from __future__ import annotations

import argparse

from fieldrep.cli.registry import Commands
from fieldrep.settings.spec import SettingError
from fieldrep.store import Store
from fieldrep.usecases.settings import CATALOGUE, get_settings, set_settings


def register(commands: Commands) -> None:
    """The ``settings`` command of the ``fieldrep`` parser."""
    st = commands.add_parser(
        "settings", help="show or change settings",
        description="Show the settings, or change some: the values are checked together "
                    "and saved all or none (e.g. settings home.lat 45.76 home.lon 4.84).")
    st.add_argument("key", nargs="?", choices=sorted(CATALOGUE.keys()), metavar="KEY")
    st.add_argument("value", nargs="?", help="new value (empty string: back to default)")
    st.add_argument("more", nargs="*", metavar="KEY VALUE",
                    help="further settings to change at the same time")
    st.set_defaults(run=cmd_settings)


def cmd_settings(store: Store, args: argparse.Namespace) -> int:
    if args.more and len(args.more) % 2:
        raise SettingError(f"{args.more[-1]!r} has no value: give KEY VALUE pairs")
    changes = dict(zip(args.more[::2], args.more[1::2], strict=True))
    if args.key and args.value is not None:
        changes = {args.key: args.value, **changes}
    if changes:
        try:
            set_settings(store, changes)
        except SettingError as exc:
            others = sorted(set(exc.problems) - set(changes))
            if others:  # a rule across keys: say how to change them at once
                raise SettingError(f"{exc}; change {', '.join(others)} in the same "
                                   f"command: fieldrep settings KEY VALUE KEY VALUE") from None
            raise
    values = get_settings(store)
    for key in list(changes) or ([args.key] if args.key else sorted(values)):
        print(f"{key} = {values[key]}")
        if not args.key:
            print(f"    {CATALOGUE[key].help}")
    return 0
