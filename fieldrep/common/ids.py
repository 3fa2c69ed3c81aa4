"""Record ids as a rep types them: whole numbers the store can hold (a signed 64-bit
integer on SQLite and PostgreSQL alike), so a mistyped one is refused, never sent to the
database to overflow there."""

from __future__ import annotations

#: The largest id a store can hold (2^63 - 1).
MAX_ID = 2**63 - 1


def parse_id(text: str) -> int:
    """The id ``text`` names; :class:`ValueError` says why it cannot be one."""
    cleaned = text.strip().lstrip("#")
    if not cleaned.isascii() or not cleaned.isdigit():
        raise ValueError(f"{text!r} is not an id: an id is a whole number such as 12")
    value = int(cleaned)
    if not 1 <= value <= MAX_ID:
        raise ValueError(f"{text!r} is not an id: ids run from 1 to {MAX_ID:,}")
    return value


def is_id(text: str) -> bool:
    """Whether ``text`` is a valid id (see :func:`parse_id`)."""
    try:
        parse_id(text)
    except ValueError:
        return False
    return True
