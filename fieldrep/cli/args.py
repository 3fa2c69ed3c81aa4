"""Command-line argument types: days, times, ids and counts as a rep types them; a bad one
ends with one line saying why (:class:`OneLineParser`) and exit code 2."""

from __future__ import annotations

import argparse
import sys
from datetime import date, time, timedelta
from typing import NoReturn

from fieldrep.common.hours import parse_time
from fieldrep.common.ids import MAX_ID, parse_id


class OneLineParser(argparse.ArgumentParser):
    """argparse's parser, but a refused argument costs one line on stderr (the usage it
    prints first is left for ``--help``); the exit code stays 2.  The sub-commands'
    parsers are of this class too (argparse makes them of their parent's)."""

    def error(self, message: str) -> NoReturn:
        first = " ".join(message.split())
        print(f"{self.prog}: error: {first} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(2)

_SECONDS_A_DAY = 24 * 3600
_DAY_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}


def day_arg(text: str) -> date:
    """``YYYY-MM-DD``, ``today``, ``tomorrow`` or ``yesterday``."""
    if text.lower() in _DAY_WORDS:
        return date.today() + timedelta(days=_DAY_WORDS[text.lower()])
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day: write YYYY-MM-DD, today or tomorrow") from None


def time_arg(text: str) -> time:
    """``HH:MM`` (also ``8h30``)."""
    minutes = parse_time(text)
    if minutes is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time of day: write HH:MM")
    return time(minutes // 60, minutes % 60)


def whole(text: str) -> int:
    """A whole number the store can hold (at most 2^63 - 1 either way)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if abs(value) > MAX_ID:
        raise argparse.ArgumentTypeError(f"{text!r} is far too large a number")
    return value


def positive(text: str) -> int:
    """A whole number of at least 1."""
    value = whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def record_id(text: str) -> int:
    """The id of a record (an expense, a report, a visit, a plan): 1 to 2^63 - 1."""
    try:
        return parse_id(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def seconds_arg(text: str) -> float:
    """A time budget in seconds: a finite number from 0 to a day."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= _SECONDS_A_DAY:  # also false for nan
        raise argparse.ArgumentTypeError(
            f"{text!r} seconds cannot be: give 0 to {_SECONDS_A_DAY:,}")
    return value
