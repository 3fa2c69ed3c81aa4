"""Text folding shared by header matching, duplicate detection and address look-ups."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case ASCII words separated by single spaces: ``"Saint-Étienne"`` → ``"saint
    etienne"``, ``"E-mail"`` → ``"e mail"``, ``"Code_Postal"`` → ``"code postal"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(_NON_ALNUM.sub(" ", ascii_text.lower()).split())


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 account``, ``2,500 accounts``, ``3 postcode prefixes`` (give ``words`` when not +s)."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"
