"""The Store page: where FieldRep keeps its data, a setting of this computer
(:data:`~ui.settings.preferences.STORE_LOCATION`, kept in the app's preferences, not in the
store), with a Browse button and a connection test run on the worker."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from fieldrep.common.paths import DB_ENV, env_db_url
from fieldrep.settings.spec import SettingError
from fieldrep.store import Store
from fieldrep.store.database import display_url, probe_store
from ui.kit.colours import ERROR, GOOD, text_style
from ui.kit.operations import Operation
from ui.kit.tasks import TaskRunner
from ui.kit.words import plain_tooltip
from ui.settings.form import SettingsPage, note
from ui.settings.preferences import STORE_LOCATION, STORE_URL_KEY


class StorePage(SettingsPage):
    """The store in use, and the one to open at the next start (``store/url``)."""

    def __init__(self, store: Store, tasks: TaskRunner) -> None:
        super().__init__("Store", "Where FieldRep keeps your accounts, visits and these "
                                  "settings: a SQLite file on this computer, or a shared "
                                  "database server.")
        self.tasks = tasks
        self.testing = False
        current = QLineEdit(display_url(store.url), readOnly=True)
        current.setCursorPosition(0)
        current.setFrame(False)
        current.setStyleSheet("background: transparent;")
        self.form.addRow("In use now:", current)
        self.store_url = QLineEdit(placeholderText="empty: the SQLite file in your user data "
                                                   "folder")
        self.store_url.setToolTip(plain_tooltip(STORE_LOCATION.help))
        self.store_url.textChanged.connect(self._url_changed)
        browse = QPushButton("Browse…")
        browse.setToolTip("Choose or create a SQLite file")
        browse.clicked.connect(self.choose_store_file)
        row = QHBoxLayout()
        row.addWidget(self.store_url, 1)
        row.addWidget(browse)
        self.add_field(STORE_URL_KEY, "At next start:", row)
        self.test_button = QPushButton("Test connection")
        self.test_button.setToolTip("Try to open the store in the field above (nothing in it "
                                    "is changed)")
        self.test_button.clicked.connect(self.test_store)
        self.test_result = QLabel(wordWrap=True)
        test_row = QHBoxLayout()
        test_row.setContentsMargins(0, 0, 0, 0)
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.test_result, 1)
        tests = QWidget()
        tests.setLayout(test_row)
        self.form.addRow("", tests)
        self.column.addWidget(note(
            "Any SQLAlchemy URL works, e.g. postgresql+psycopg://rep@db.example.com/fieldrep "
            "for a team's server. The change takes effect at the next start. A password in "
            "the URL is kept in plain text in FieldRep's preferences: a ~/.pgpass file keeps "
            "it out."))
        if env_db_url():
            self.column.addWidget(note(
                f"{DB_ENV} is set on this computer ({display_url(env_db_url())}): it wins "
                "over the choice made here, as the --db option does."))
        self.finish()

    def values(self) -> dict[str, str]:
        return {STORE_URL_KEY: self.store_url.text().strip()}

    def load(self, values: Mapping[str, str]) -> None:
        if STORE_URL_KEY in values:
            self.store_url.setText(values[STORE_URL_KEY])

    def restore_defaults(self, defaults: Mapping[str, str]) -> None:
        self.store_url.clear()

    def own_problems(self) -> dict[str, str]:
        try:
            STORE_LOCATION.check(self.store_url.text())
        except SettingError as exc:
            return {STORE_URL_KEY: str(exc)}
        return {}

    def refresh(self, values: Mapping[str, str]) -> None:
        self.test_button.setEnabled(bool(self.store_url.text().strip())
                                    and not self.own_problems() and not self.testing)

    def chosen_url(self) -> str:
        """The store URL to open at the next start ("" for the default file)."""
        return STORE_LOCATION.check(self.store_url.text())

    def _url_changed(self, _text: str) -> None:
        self.test_result.clear()
        self.changed.emit()

    def choose_store_file(self) -> None:
        """Pick (or name a new) SQLite file for the store."""
        current = self.store_url.text().strip()
        start = current.removeprefix("sqlite:///") if current.startswith("sqlite:///") \
            else str(Path.home() / "fieldrep.sqlite3")
        name, _filter = QFileDialog.getSaveFileName(
            self, "SQLite file of the store", start,
            "SQLite stores (*.sqlite3 *.sqlite *.db);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            self.store_url.setText(f"sqlite:///{Path(name)}")

    def test_store(self) -> None:
        """Try to open the store URL in the field (on the worker) and say how it went."""
        try:
            url = STORE_LOCATION.check(self.store_url.text())
        except SettingError:
            return
        if not url or self.testing:
            return
        self.testing = True
        self.test_result.setStyleSheet("")
        self.test_result.setText("Connecting…")
        self.changed.emit()
        Operation(self.tasks, lambda _job: probe_store(url),
                  on_success=lambda found: self._tested(True, found),
                  on_failure=lambda message: self._tested(False, message), parent=self,
                  long=True).run()

    def _tested(self, ok: bool, text: str) -> None:
        self.testing = False
        self.test_result.setStyleSheet(text_style(GOOD if ok else ERROR))
        self.test_result.setToolTip("" if ok else text)
        self.test_result.setText(f"Connected: {text}" if ok else f"Failed: {_reason(text)}")
        self.changed.emit()


def _reason(message: str) -> str:
    """A store error without the URL it starts with (the field above shows it)."""
    head, _sep, rest = message.partition(": ")
    return rest if rest and head.startswith("cannot ") else message
