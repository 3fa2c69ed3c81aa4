"""Text folding shared by header matching, duplicate detection and address look-ups."""

from __future__ import annotations

import re

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case ASCII words separated by single spaces: ``"Saint-Étienne"`` → ``"saint
    etienne"``, ``"E-mail"`` → ``"e mail"``, ``"Code_Postal"`` → ``"code postal"``.

    Letters are transliterated, not stripped of their accents, so ``"Straße"`` → ``"strasse"``,
    ``"Œuvre"`` → ``"oeuvre"``, ``"Łódź"`` → ``"lodz"`` (what a rep types without the key).
    """
    ascii_text = text if text.isascii() else anyascii(text)
    return " ".join(_NON_ALNUM.sub(" ", ascii_text.lower()).split())


def collation_key(text: str) -> str:
    """How a text sorts for a rep: transliterated to ASCII and case-folded, so ``Écully``
    sorts as ``ecully`` (before ``Vénissieux``) and ``Łódź`` as ``lodz``."""
    return (text if text.isascii() else anyascii(text)).casefold()


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 account``, ``2,500 accounts``, ``3 postcode prefixes`` (give ``words`` when not +s)."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"
