"""Command-line argument types: days, times and counts as a rep types them; a bad one ends
with argparse's one-line reason."""

from __future__ import annotations

import argparse
from datetime import date, time, timedelta

from fieldrep.common.hours import parse_time

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


def positive(text: str) -> int:
    """A whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
