"""After Done: the visit's form with only what the rep still has to say (outcome and
notes), and the times the clicks recorded, which can be corrected.  It is the Visits
page's dialog (drafts, refusals at their field), on the visit just logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QFormLayout, QWidget

from fieldrep.store import Store
from fieldrep.visits.model import VisitData
from ui.kit.tasks import TaskRunner
from ui.visits.dialog import VisitDialog


def check_out_dialog(store: Store, tasks: TaskRunner, visit: VisitData, parent: QWidget,
                     now: Callable[[], datetime] = datetime.now) -> VisitDialog:
    """The visit dialog on ``visit``, showing the times, the outcome and the notes."""
    dialog = VisitDialog(store, tasks, visit.account_id or 0, parent, visit=visit, now=now)
    dialog.setWindowTitle("How did it go?")
    form = dialog.form
    layout = form.layout()
    assert isinstance(layout, QFormLayout)
    keep = {form.check_in.parentWidget(), form.outcome, form.notes}
    for row in range(layout.rowCount()):
        item = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
        widget = item.widget() if item is not None else None
        layout.setRowVisible(row, widget in keep)
    form.notes.setMinimumHeight(160)
    dialog.resize(560, 380)
    return dialog
