"""The one base of every refusal a rep can cause: a bad file, a bad value, a plan that cannot be.

Its text is the message to show, written for the window and the terminal alike: it says what
is wrong and what to do, in the rep's words, never in terms of flags or code.  The CLI and the
desktop app catch this base, never a list of classes; anything else is a bug and shows as one.
"""

from __future__ import annotations


class FieldRepError(Exception):
    """A refusal with a message for the rep (``str(error)``)."""

    @property
    def user_message(self) -> str:
        """What to show: the message, or the class's name when there is none."""
        return str(self) or type(self).__name__
