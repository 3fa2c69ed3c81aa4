"""Why a file cannot be imported: the refusals of the reader, each one line naming the file."""

from __future__ import annotations

from fieldrep.common.errors import FieldRepError


class ImportFileError(FieldRepError, ValueError):
    """The file as a whole cannot be read; the message says why in one line."""


class ImportLimitError(ImportFileError):
    """The file goes past one of the reader's limits (:mod:`fieldrep.importing.limits`).

    ``limit`` names which one (``"rows"``, ``"cell_chars"``…, a field of ``ReadLimits``), so
    a caller can tell the limits apart without reading the message.
    """

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit
