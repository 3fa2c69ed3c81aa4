"""The Settings dialog: a list of pages beside the page shown, a summary line and OK.

The pages are the home base, the roads of the Travel page and the store (written by hand: a
look-up, an extract's import and a connection test) and the pages generated from the
features' settings (:mod:`ui.settings.pages`).
Every field is checked as it changes, by the core's own checks (the settings catalogue): a
faulty field says why under it, its page is flagged in the list and OK stays disabled.  OK
saves everything at once, all or nothing, on the worker, then emits
:attr:`SettingsDialog.saved`.  The store location is kept in the app's preferences, not in
the store, and takes effect at the next start.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from fieldrep.geocoding.providers import make_geocoder
from fieldrep.store import Store
from fieldrep.usecases.settings import CATALOGUE, set_settings
from ui.kit.colours import ERROR, qcolor, text_style
from ui.kit.operations import Operation
from ui.kit.tasks import TaskRunner
from ui.settings.fields import FieldEditor
from ui.settings.form import GeneratedPage, SettingsPage
from ui.settings.home_page import GeocoderFactory, HomePage
from ui.settings.pages import GEOCODER, MAP, QUOTAS, UNITS, WorkDayPage
from ui.settings.preferences import STORE_URL_KEY, save_store_url, saved_store_url
from ui.settings.store_page import StorePage
from ui.settings.travel_page import TravelPage

_KEYS_IN_TEXT = re.compile("|".join(
    re.escape(key) for key in sorted(CATALOGUE.keys(), key=len, reverse=True)))


def human(message: str) -> str:
    """A core message with the setting keys replaced by what the rep calls them."""
    text = _KEYS_IN_TEXT.sub(lambda match: CATALOGUE[match.group(0)].label, message)
    return text[:1].upper() + text[1:]


class SettingsDialog(QDialog):
    """FieldRep's settings for one store (``loaded``: their values now), plus where the
    store itself is.  Look-ups, tests and the save run on ``tasks``."""

    saved = Signal()
    #: The rep asked for the setup assistant (the window closes this dialog and opens it).
    setup_requested = Signal()

    def __init__(self, store: Store, tasks: TaskRunner, loaded: Mapping[str, str],
                 parent: QWidget | None = None,
                 geocoder_factory: GeocoderFactory | None = None, *,
                 locked: Collection[str] = ()) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self._loaded = dict(loaded)
        self._saving = False
        self.setWindowTitle("FieldRep — Settings")
        self.setMinimumSize(760, 540)
        self.home = HomePage(store, tasks, geocoder_factory or make_geocoder, self.values)
        self.store_page = StorePage(store, tasks)
        self.pages: list[SettingsPage] = [
            self.home, WorkDayPage(), GeneratedPage(UNITS), GeneratedPage(QUOTAS),
            GeneratedPage(MAP), GeneratedPage(GEOCODER), TravelPage(tasks), self.store_page]
        self._build()
        for page in self.pages:
            page.load({**self._loaded, STORE_URL_KEY: saved_store_url()})
            page.changed.connect(self._validate)
        self.lock(locked)
        self._validate()

    def lock(self, keys: Collection[str]) -> None:
        """Show ``keys`` read-only: the team's settings, on a team's server, for a rep who
        is no manager."""
        for page in self.pages:
            page.lock(keys)

    def _build(self) -> None:
        self.page_list = QListWidget()
        self.page_list.setFixedWidth(150)
        self.page_list.setIconSize(QPixmap(16, 16).size())
        self._no_icon = _blank_icon()
        self.problem_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.stack = QStackedWidget()
        for page in self.pages:
            self.page_list.addItem(page.title)
            self.page_list.item(self.page_list.count() - 1).setIcon(self._no_icon)
            self.stack.addWidget(page)
        self.page_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.page_list.setCurrentRow(0)

        self.summary = QLabel(wordWrap=True)
        self.summary.setStyleSheet(text_style(ERROR))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        restore = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setText("Restore page defaults")
        restore.setToolTip("Put this page's fields back to FieldRep's defaults (saved on OK)")
        restore.clicked.connect(self.restore_page_defaults)
        self.setup_button = self.buttons.addButton(
            "Setup assistant…", QDialogButtonBox.ButtonRole.ActionRole)
        self.setup_button.setToolTip("Go through the first-start questions again: home base, "
                                     "country, currency, working week, mileage rate "
                                     "(closes this dialog without saving it)")
        self.setup_button.clicked.connect(lambda: self.setup_requested.emit())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.page_list)
        top.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    # -- fields ---------------------------------------------------------------------------
    def page(self, title: str) -> SettingsPage:
        """The page called ``title``."""
        return next(page for page in self.pages if page.title == title)

    def editor(self, key: str) -> FieldEditor:
        """The field that edits ``key`` (on a generated page)."""
        return next(page.editors[key] for page in self.pages if key in page.editors)

    def error_line(self, key: str) -> QLabel:
        """The line under ``key``'s field that says what is wrong with it."""
        return next(page.errors[key] for page in self.pages if key in page.errors)

    def values(self) -> dict[str, str]:
        """Every setting as the dialog holds it now (not yet saved), and the store URL."""
        return {key: value for page in self.pages for key, value in page.values().items()}

    def problems(self) -> dict[str, str]:
        """Faulty field (setting key, or ``store/url``) → what is wrong, in the rep's words."""
        values = self.values()
        problems = CATALOGUE.problems({k: v for k, v in values.items() if k in CATALOGUE})
        for page in self.pages:
            problems.update(page.own_problems())
        return {key: human(message) for key, message in problems.items()}

    def changes(self) -> dict[str, str]:
        """The settings that differ from the store's (a default value as "")."""
        return {key: "" if CATALOGUE.same_value(key, value, CATALOGUE[key].default) else value
                for key, value in self.values().items()
                if key in CATALOGUE and not CATALOGUE.same_value(key, value, self._loaded[key])}

    # -- checking -------------------------------------------------------------------------
    def _validate(self) -> None:
        problems = self.problems()
        values = self.values()
        flagged = {row for row, page in enumerate(self.pages)
                   if set(page.shown_keys()) & problems.keys()}
        for row, page in enumerate(self.pages):
            page.show_problems(problems)
            page.refresh(values)
            item = self.page_list.item(row)
            item.setIcon(self.problem_icon if row in flagged else self._no_icon)
            item.setData(Qt.ItemDataRole.ForegroundRole, qcolor(ERROR) if row in flagged else None)
        self.ok_button.setEnabled(not problems and not self._busy())
        if problems:
            row, key = min((row, key) for row, page in enumerate(self.pages)
                           for key in page.shown_keys() if key in problems)
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self.summary.setText(f"{self.pages[row].title}: {problems[key]}{more}")
        else:
            self.summary.clear()

    def _busy(self) -> bool:
        return self.home.locating or self._saving

    # -- buttons --------------------------------------------------------------------------
    def show_page(self, title: str) -> None:
        """Open the page called ``title``."""
        self.page_list.setCurrentRow(self.pages.index(self.page(title)))

    def restore_page_defaults(self) -> None:
        """Put the current page's fields back to their defaults (saved only on OK)."""
        self.pages[self.stack.currentIndex()].restore_defaults(CATALOGUE.defaults())
        self._validate()

    def accept(self) -> None:
        """Save every change at once on the worker (nothing when one is refused), then
        close."""
        if self.problems() or self._busy():
            return
        url, changes, store = self.store_page.chosen_url(), self.changes(), self.store
        self._saving = True
        self._validate()
        Operation(self.tasks, lambda _job: set_settings(store, changes),
                  on_success=lambda _none: self._saved(url, changes),
                  on_failure=self._save_failed, parent=self).run()

    def _saved(self, url: str, changes: Mapping[str, str]) -> None:
        self._saving = False
        if url != saved_store_url():
            save_store_url(url)
        self._loaded.update({key: value or CATALOGUE[key].default
                             for key, value in changes.items()})
        self.saved.emit()
        super().accept()

    def _save_failed(self, message: str) -> None:
        self._saving = False
        self._validate()
        self.summary.setText(f"Nothing saved: {human(message)}")


def _blank_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(0, 0, 0, 0))
    return QIcon(pixmap)
