"""Import accounts from a spreadsheet: read, map, validate, spot duplicates, save atomically.

The names callers use, gathered in one place; each lives in the module of its step:

* :mod:`~fieldrep.importing.plan`: a file read and its columns mapped (:func:`read_plan`
  for a rep who chooses the mapping next, :func:`plan_import` for one given in one go);
* :mod:`~fieldrep.importing.mapping_check`: the rules a mapping must follow;
* :mod:`~fieldrep.importing.preview`: the first rows as the import would read them;
* :mod:`~fieldrep.importing.saving`: every row checked and the valid ones saved in one
  transaction (:func:`import_accounts`), with progress and cancelling;
* :mod:`~fieldrep.importing.rejects`: the rejected rows written to a file a rep can fix
  and import again.
"""

from __future__ import annotations

from fieldrep.importing.columns import MappingError
from fieldrep.importing.plan import ImportPlan, plan_import, read_plan
from fieldrep.importing.preview import PREVIEW_ROWS, PreviewCell, PreviewRow, preview_import
from fieldrep.importing.reader import ImportFileError
from fieldrep.importing.rejects import write_rejects
from fieldrep.importing.saving import (
    ImportCancelled,
    ImportFailed,
    ImportResult,
    Progress,
    import_accounts,
)

__all__ = [
    "PREVIEW_ROWS", "ImportCancelled", "ImportFailed", "ImportFileError", "ImportPlan",
    "ImportResult", "MappingError", "PreviewCell", "PreviewRow", "Progress", "import_accounts",
    "plan_import", "preview_import", "read_plan", "write_rejects",
]
