"""The dialog to add or edit one account, checking every field while the rep types.

The rules live in :mod:`fieldrep.accounts.form` and :mod:`fieldrep.accounts.form_feedback`
(no Qt); this module only wires the sections that show them (identity, address, visits,
contacts): an invalid field gets a red border and its reason as tooltip, the first problem
is named in the line at the bottom (a link that jumps to the field), and OK stays disabled
until everything reads.  Nothing the rep typed is rewritten while they type.

Typical use::

    dialog = AccountDialog(window, account, territories=names,
                           save=lambda a: update_account(store, a))
    if dialog.exec():
        saved = dialog.saved

Without ``save`` the caller reads :meth:`AccountDialog.account` after ``exec()``.  With it,
the dialog calls it on OK and stays open, with the rep's text intact, if saving fails.
When the account was changed elsewhere since the dialog opened (``StaleAccount``), both
versions are shown field by field (:func:`~ui.widgets.merge_dialog.ask_merge`) and the
merge the rep chooses is saved.
Given ``tasks``, ``save`` runs off the UI thread through an
:class:`~ui.kit.operations.Operation` (so it must only do store work) and the dialog waits
for its answer, greyed out.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from fieldrep.accounts.conflicts import StaleAccount
from fieldrep.accounts.form import AccountFields, FormResult, Problem, check_account
from fieldrep.accounts.form_feedback import fields_changed
from fieldrep.accounts.model import AccountData
from ui.accounts.address_section import AddressSection
from ui.accounts.contacts import ContactsSection
from ui.accounts.form_parts import INVALID_STYLE, fitting_size, mark
from ui.accounts.identity_section import IdentitySection
from ui.accounts.notes_section import NotesSection
from ui.accounts.problems_line import ProblemsLine
from ui.accounts.visits_section import VisitsSection
from ui.kit.operations import Operation
from ui.kit.tasks import TaskRunner
from ui.widgets.merge_dialog import ask_merge


class AccountDialog(QDialog):
    """Add a new account (``account`` None) or edit one; :meth:`account` gives the result.

    ``territories`` are the names offered in the territory box (a new name may be typed).
    ``save``, when given, is called with the account on OK; what it returns is kept in
    :attr:`saved`, and an exception keeps the dialog open with its message.  With
    ``tasks`` it runs on the worker.  ``read_only`` (why) shows a colleague's account unchangeable.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        account: AccountData | None = None,
        territories: Sequence[str] = (),
        *,
        save: Callable[[AccountData], AccountData] | None = None,
        tasks: TaskRunner | None = None,
        read_only: str = "",
    ) -> None:
        super().__init__(parent)
        self._original = account
        self._save = save
        self._tasks = tasks
        self._saving = False
        self.saved: AccountData | None = None
        self._result = FormResult(None)
        self._loading = True
        self._name_touched = account is not None
        self.setWindowTitle(f"Edit account — {account.name}" if account else "New account")
        self.setStyleSheet(INVALID_STYLE)

        self.identity = IdentitySection(territories, account.territory if account else "")
        self.address = AddressSection(account)
        self.notes = NotesSection()
        self.visits = VisitsSection()
        self._sections = (self.identity, self.address, self.notes, self.visits)
        self.contacts = ContactsSection()
        self.message_line = ProblemsLine()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add account" if account is None else "Save")
        self._fields = {k: w for s in self._sections for k, w in s.field_widgets().items()}
        self._base_tooltips = {w: w.toolTip() for w in self._fields.values()}
        self._lay_out()
        self._connect()

        self._initial = AccountFields.from_account(account) if account else AccountFields()
        self._fill(self._initial)
        self._loading = False
        self._revalidate()
        if read_only:  # a colleague's account: why it cannot be changed
            self.show_read_only(read_only)
        self.resize(fitting_size(self, QSize(1000, 660)))  # room for the contacts table

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.identity)
        left.addWidget(self.address)
        left.addWidget(self.notes, 1)
        right = QVBoxLayout()
        right.addWidget(self.visits)
        right.addWidget(self.contacts, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 4)
        columns.addLayout(right, 5)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message_line, 1)
        bottom.addWidget(self.buttons, 0, Qt.AlignmentFlag.AlignBottom)
        outer = QVBoxLayout(self)
        outer.addLayout(columns, 1)
        outer.addLayout(bottom)

        chain: list[QWidget] = [
            *(w for s in self._sections for w in s.focus_chain()),
            *self.contacts.focus_chain(), self.ok_button,
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.ok_button.setDefault(True)  # once in the dialog, so Enter presses it

    def _connect(self) -> None:
        for changed in (*(s.changed for s in self._sections), self.contacts.model.edited,
                        self.contacts.model.rowsInserted, self.contacts.model.rowsRemoved):
            changed.connect(self._revalidate)
        self.identity.name_typed.connect(self._name_typed)
        self.message_line.linkActivated.connect(self.focus_field)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # -- the fields -----------------------------------------------------------------------
    def fields(self) -> AccountFields:
        """The form as typed."""
        fields = AccountFields(contacts=self.contacts.model.contacts())
        for section in self._sections:
            fields = section.read(fields)
        return fields

    def _fill(self, fields: AccountFields) -> None:
        for section in self._sections:
            section.fill(fields)
        for edit in self.findChildren(QLineEdit):
            edit.setCursorPosition(0)  # show the start of long texts, not their end
        self.contacts.fill(fields.contacts)

    def problems(self) -> tuple[Problem, ...]:
        return self._result.problems

    def account(self) -> AccountData:
        """The edited account (the original's id and location origin kept where they apply).

        Raises ValueError naming the first problem while the form is invalid.
        """
        if self._result.account is None:
            raise ValueError(str(self._result.problems[0]))
        return self._result.account

    def is_modified(self) -> bool:
        """Whether the rep changed anything since the dialog opened."""
        return fields_changed(self.fields(), self._initial)

    # -- checking -----------------------------------------------------------------------
    def _name_typed(self) -> None:
        self._name_touched = True

    def _revalidate(self) -> None:
        if self._loading:
            return
        fields = self.fields()
        self._result = check_account(fields, self._original)
        shown = self._result.problems
        if not self._name_touched and shown and shown[0].field == "name" and not fields.name:
            shown = shown[1:]  # a new, untouched form: no red before the rep typed anything
        problems = {p.field: p for p in shown}
        for key, widget in self._fields.items():
            mark(widget, problems.get(key), self._base_tooltips.get(widget, ""))
        self.contacts.model.set_problems(problems)
        self.ok_button.setEnabled(self._result.ok)
        self._show_message(shown)
        self.identity.show_amount(fields.annual_value, problems.get("annual_value"))
        self.visits.show_hints()
        self.address.show_location(fields, self._result.problem("lat")
                                   or self._result.problem("lon"))

    def _show_message(self, problems: tuple[Problem, ...]) -> None:
        if problems:
            self.message_line.show_problems(problems)
        elif not self._result.ok:  # only the untouched empty name
            self.message_line.show_hint("Type the account's name (the only required field).")
        elif self._original is None:
            self.message_line.show_hint("Enter adds the account, Esc cancels.")
        else:
            self.message_line.show_hint("Enter saves, Esc cancels.")

    # -- navigation ---------------------------------------------------------------------
    def focus_field(self, key: str) -> None:
        """Put the cursor in a field (a :class:`Problem` key), e.g. from the message line."""
        if key.startswith("contact:"):
            _, row, column = key.split(":")
            self.contacts.focus_cell(int(row), column)
            return
        widget = self._fields.get(key)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def focus_first_problem(self) -> None:
        if self._result.problems:
            self.focus_field(self._result.problems[0].field)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._saving:
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._result.ok:
            self._name_touched = True
            self._revalidate()
            self.focus_first_problem()  # Enter on an invalid form: go to what needs fixing
            event.accept()
            return
        super().keyPressEvent(event)

    # -- closing ------------------------------------------------------------------------
    def accept(self) -> None:
        self._name_touched = True  # from now on an empty name is shown as a problem
        self._revalidate()
        account = self._result.account
        if account is None:
            self.focus_first_problem()
            return
        self._store(account)

    def _store(self, account: AccountData) -> None:
        if self._save is not None and self._tasks is not None:
            self._save_in_background(self._save, self._tasks, account)
            return
        if self._save is not None:
            try:
                self.saved = self._save(account)
            except StaleAccount as stale:
                self._merge(stale)
                return
            except Exception as exc:  # keep the dialog (and the rep's text) on any failure
                self.message_line.show_failure(_first_line(str(exc) or type(exc).__name__))
                return
        super().accept()

    def _merge(self, stale: StaleAccount) -> None:
        """Someone else saved the account meanwhile: the rep merges field by field, and the
        merge is saved over their version (Cancel keeps the dialog and the rep's text)."""
        keep_mine = ask_merge(self, stale, self._original)
        if keep_mine is None:
            self.message_line.show_failure("Not saved: the account was changed elsewhere")
            return
        self._store(stale.merged(keep_mine))

    def show_read_only(self, reason: str) -> None:
        """A colleague's account on a team's server: shown, not editable; ``reason`` (whose
        it is) stays on the message line."""
        for widget in (*self._sections, self.contacts):
            widget.setEnabled(False)
        self.ok_button.setVisible(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
        self.setWindowTitle(f"{self.windowTitle().replace('Edit account', 'Account')} "
                            "(read only)")
        self.message_line.show_hint(f"Read only — {reason}")

    def is_saving(self) -> bool:
        """Whether the worker is saving the account (the dialog waits for its answer)."""
        return self._saving

    def _save_in_background(self, save: Callable[[AccountData], AccountData],
                            tasks: TaskRunner, account: AccountData) -> None:
        if self._saving:
            return
        self._set_saving(True)
        Operation(tasks, lambda _job: _saved_or_stale(save, account), self._saved, parent=self,
                  on_failure=self._save_failed).run()

    def _saved(self, saved: AccountData | StaleAccount) -> None:
        self._set_saving(False)
        if isinstance(saved, StaleAccount):
            self._merge(saved)
            return
        self.saved = saved
        super().accept()

    def _save_failed(self, message: str) -> None:
        self._set_saving(False)
        self.message_line.show_failure(_first_line(message))

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        for widget in (*self._sections, self.contacts, self.buttons):
            widget.setEnabled(not saving)
        if saving:
            self.message_line.show_hint("Saving…")
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def reject(self) -> None:
        if self._saving:  # the worker is writing: wait for its answer
            return
        if self.is_modified() and not self.confirm_discard():
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._saving:
            event.ignore()
        else:
            super().closeEvent(event)

    def confirm_discard(self) -> bool:
        """Ask before throwing away what the rep typed (Esc, Cancel, closing the window)."""
        answer = QMessageBox.question(
            self, "Discard changes?",
            "You changed this account. Close without saving the changes?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard


def _saved_or_stale(save: Callable[[AccountData], AccountData],
                    account: AccountData) -> AccountData | StaleAccount:
    """Save on the worker; a refusal for a stale copy comes back as a value to merge."""
    try:
        return save(account)
    except StaleAccount as stale:
        return stale


def _first_line(message: str) -> str:
    return (message.strip().splitlines() or ["something went wrong"])[0]
