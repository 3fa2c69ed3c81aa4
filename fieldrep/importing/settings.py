"""The importer's settings: the column choices a rep confirmed, remembered per set of headers
(read and written by :mod:`~fieldrep.importing.remembered`, not shown among the settings a
rep edits)."""

from __future__ import annotations

from fieldrep.settings.kinds import JsonObject
from fieldrep.settings.spec import Declarations, Scope, Setting

REMEMBERED_MAPPINGS = Setting(
    "importing.remembered_mappings", JsonObject(), "{}",
    "column choices confirmed in the import wizard, by file headers (JSON)", Scope.REP,
    "remembered column choices")

DECLARATIONS = Declarations(settings=(REMEMBERED_MAPPINGS,))
