"""Log (or edit) a visit or a call: check-in/out, outcome, what came of it, notes, follow-up.

Whatever the rep types is kept as a draft in the store half a second after each change,
and again when the dialog closes, so a crash or a closed laptop loses nothing; the draft is
removed in the same step that saves the visit.  Opening the same visit again brings the
draft back.  The account, the visit and the draft are read, and everything is saved, on
the window's worker; the form opens at once and fills in when they arrive (``ready``).
A visit changed elsewhere since the form opened is not overwritten: both versions are
shown field by field (:func:`~ui.widgets.merge_dialog.ask_merge`) and the rep's merge is
saved (``merge_job``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from fieldrep.accounts.model import AccountData
from fieldrep.store import Store
from fieldrep.usecases.visit_form import (
    VisitFormStart,
    VisitRefused,
    open_visit_form,
    save_merged_visit,
    save_visit_form,
)
from fieldrep.visits.conflicts import StaleVisit
from fieldrep.visits.logbook import save_draft
from fieldrep.visits.model import Mode, VisitData, VisitError
from ui.kit.colours import MUTED, WARNING_BACKGROUND, span
from ui.kit.errors import error_label, show_error_in
from ui.kit.field_errors import FieldErrors
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.visits.visit_form import VisitForm
from ui.widgets.merge_dialog import ask_merge

DRAFT_DELAY_MS = 500


def draft_key(account_id: int, *, visit_id: int | None = None,
              plan_stop_id: int | None = None) -> str:
    """Where the draft of this form is kept: one per visit, planned stop, or account."""
    if visit_id is not None:
        return f"visit:{visit_id}"
    if plan_stop_id is not None:
        return f"stop:{plan_stop_id}"
    return f"account:{account_id}"


class VisitDialog(QDialog):
    """The visit form for one account; ``saved`` carries the stored :class:`VisitData`."""

    saved = Signal(object)
    #: The account, the visit and any draft are shown: the rep can type.
    ready = Signal()

    def __init__(self, store: Store, tasks: TaskRunner, account_id: int,
                 parent: QWidget | None = None, *, day: date | None = None,
                 visit: VisitData | None = None, plan_stop_id: int | None = None,
                 planned: tuple[time, time] | None = None, mode: Mode = Mode.IN_PERSON,
                 now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.now = now
        self.account_id = account_id
        self.visit: VisitData | None = None
        self.key = draft_key(account_id, visit_id=visit.id if visit else None,
                             plan_stop_id=visit.plan_stop_id if visit else plan_stop_id)
        self.restored = False
        self.merge_job: Job | None = None
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.setWindowTitle("Edit visit" if visit else "Log a visit")
        self.title = QLabel()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"background:{WARNING_BACKGROUND}; padding:6px; "
                                  "border-radius:4px")
        self.banner.setVisible(False)
        self.form = VisitForm(lambda: self.now())
        self.form.setEnabled(False)
        self.form.edited.connect(self._edited)
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.field_errors = FieldErrors(self.form.layout_form, self.form.named_fields(),
                                        self.error)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.banner, self.form, self.error, self.buttons):
            layout.addWidget(widget)
        self.resize(640, 640)
        self.load_job = self._load(day, visit, plan_stop_id, planned, mode)

    @property
    def account(self) -> AccountData | None:
        """The account the form is for (None until it is read)."""
        return self.form.account

    def _load(self, day: date | None, visit: VisitData | None, plan_stop_id: int | None,
              planned: tuple[time, time] | None, mode: Mode) -> Job:
        store, account_id, key = self.store, self.account_id, self.key
        visit_id = visit.id if visit else None

        def shown(start: VisitFormStart) -> None:
            account, self.visit = start.account, start.visit
            self.form.plan_stop_id = self.visit.plan_stop_id if self.visit else plan_stop_id
            verb = "Edit visit" if self.visit else "Log a visit"
            self.setWindowTitle(f"{verb} — {account.name}")
            self.title.setText(f"<b style='font-size:15px'>{html.escape(account.name)}</b><br>"
                               + span(html.escape(account.address), MUTED))
            self.form.start(account, start.currency, self.visit, day or self.now().date(),
                            planned, mode)
            if start.draft:
                self.form.load_payload(start.draft)
                self.banner.setText("Brought back what you typed last time (not saved as a "
                                    "visit yet). Save it, or change it first.")
                self.banner.setVisible(True)
                self.restored = True
            self._draft_timer.stop()  # filling the form is not typing
            self.form.update_enabled()
            self.form.setEnabled(True)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
            self.ready.emit()

        return Operation(self.tasks,
                         lambda _job: open_visit_form(store, account_id, visit_id, key),
                         shown, on_failure=lambda message: show_error_in(self.error, message)
                         ).run()

    # -- drafts and saving ----------------------------------------------------------------
    def _edited(self) -> None:
        if self.form.isEnabled():
            self.field_errors.clear()
            self._draft_timer.start()

    def save_draft(self) -> Job:
        """Keep what is typed so far (done by itself shortly after each change)."""
        self._draft_timer.stop()
        store, key, payload = self.store, self.key, self.form.payload()
        # No callback into the dialog: it may be gone by the time the worker is done.
        return Operation(self.tasks, lambda _job: save_draft(store, key, payload),
                         lambda _none: None).run()

    def save(self) -> Job | None:
        """Save the visit on the worker; a refusal is shown in the dialog, the draft kept."""
        try:
            visit = self.form.visit_input()
        except VisitError as exc:
            self._refused(VisitRefused(str(exc), exc.field))
            self.save_draft()
            return None
        self._draft_timer.stop()
        store, key, payload, now = self.store, self.key, self.form.payload(), self.now()
        visit_id = self.visit.id if self.visit else None
        version = self.visit.version if self.visit else None
        return self._run(lambda: save_visit_form(store, visit, visit_id=visit_id, now=now,
                                                 draft_key=key, draft=payload,
                                                 version=version))

    def _run(self, save: Callable[[], VisitData | VisitRefused | StaleVisit]) -> Job:
        """Run a save on the worker and take its answer: saved, refused or a conflict."""
        self.buttons.setEnabled(False)

        def answered(result: VisitData | VisitRefused | StaleVisit) -> None:
            self.buttons.setEnabled(True)
            if isinstance(result, StaleVisit):
                self._merge(result)
            elif isinstance(result, VisitRefused):
                self._refused(result)
            else:
                self.saved.emit(result)
                self.accept()

        def failed(message: str) -> None:
            self.buttons.setEnabled(True)
            show_error_in(self.error, message)

        return Operation(self.tasks, lambda _job: save(), answered, on_failure=failed).run()

    def _merge(self, stale: StaleVisit) -> None:
        """Changed elsewhere since the form opened: the rep picks a side per field and the
        merge is saved over the other version (Cancel keeps the form as typed)."""
        keep = ask_merge(self, stale, self.visit)
        if keep is None or self.visit is None:
            show_error_in(self.error, "Not saved: the visit was changed elsewhere meanwhile. "
                                      "Save again to compare the two versions.")
            return
        store, key, payload, now = self.store, self.key, self.form.payload(), self.now()
        visit_id = self.visit.id
        self.merge_job = self._run(lambda: save_merged_visit(
            store, stale, keep, visit_id=visit_id, now=now, draft_key=key, draft=payload))

    def _refused(self, refusal: VisitRefused) -> None:
        self.field_errors.show(refusal.field, refusal.message)

    def reject(self) -> None:
        if self._draft_timer.isActive():
            self.save_draft()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._draft_timer.isActive():
            self.save_draft()
        super().closeEvent(event)
