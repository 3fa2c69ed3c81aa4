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
