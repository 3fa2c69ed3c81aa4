"""The main window's actions, the menus and toolbar that show them, and the list of areas.

Each action calls one method of the window; the keys are the platform's standard ones
where there is one (Open, Save As, Undo, Find…).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QListWidget, QMenu, QMessageBox, QToolBar, QWidget

from fieldrep import __version__
from ui.kit.colours import NAV_BACKGROUND, NAV_SELECTED

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow

PAGE_NAMES = ("Today", "Accounts", "Territories", "Plan", "Visits", "Expenses")
_Key = QKeySequence.StandardKey | str | None


@dataclass(frozen=True)
class WindowActions:
    """The window's actions; ``on_accounts`` are those only the Accounts page offers."""

    import_accounts: QAction
    export_accounts: QAction
    settings: QAction
    undo: QAction
    redo: QAction
    new_account: QAction
    edit_account: QAction
    delete: QAction
    set_territory: QAction
    add_tag: QAction
    show_on_map: QAction
    locate: QAction
    plan: QAction
    log_visit: QAction

    @property
    def on_accounts(self) -> tuple[QAction, ...]:
        return (self.new_account, self.edit_account, self.delete, self.set_territory,
                self.add_tag, self.show_on_map, self.log_visit)


def build_menus(window: MainWindow) -> WindowActions:
    """Make the window's actions and put them in its menu bar and toolbar."""
    def action(text: str, slot: Callable[[], object], key: _Key = None,
               tip: str = "") -> QAction:
        made = QAction(text, window)
        if key is not None:
            made.setShortcut(QKeySequence(key))
        if tip:
            made.setToolTip(tip)
            made.setStatusTip(tip)
        made.triggered.connect(lambda _checked=False: slot())
        return made

    keys = QKeySequence.StandardKey
    undo = window.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(keys.Undo)
    redo = window.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcut(keys.Redo)
    actions = WindowActions(
        import_accounts=action("&Import accounts…", window.open_import_wizard, keys.Open,
                               "Import a CSV or Excel file of accounts"),
        export_accounts=action("&Export accounts…", window.long_jobs.choose_export_file,
                               keys.SaveAs),
        settings=action("&Settings…", window.open_settings, keys.Preferences),
        undo=undo, redo=redo,
        new_account=action("&New account…", window.new_account, keys.New),
        edit_account=action("&Edit account…", window.edit_selected, "Ctrl+E"),
        delete=action("&Delete", window.delete_selected, keys.Delete,
                      "Delete the selected accounts (Undo restores them)"),
        set_territory=action("Set &territory…", window.selection.set_territory_of_selected,
                             "Ctrl+T"),
        add_tag=action("Add &tag…", window.selection.tag_selected, "Ctrl+G"),
        show_on_map=action("Show on &map", window.selection.fit_selection, "Ctrl+M",
                           "Zoom the map to the selected accounts"),
        locate=action("&Locate accounts", window.long_jobs.locate_accounts, "Ctrl+L",
                      "Find coordinates for accounts that have none"),
        plan=action("&Plan the selected accounts…", window.plan_selected, "Ctrl+P",
                    "Plan a day of visits to the selected accounts"),
        log_visit=action("&Log a visit…", window.log_visit_to_selected, "Ctrl+Shift+L",
                         "Log a visit or a call to the selected account"),
    )
    actions.settings.setShortcuts([QKeySequence(keys.Preferences), QKeySequence("Ctrl+,")])

    menus = window.menuBar()
    _fill(menus.addMenu("&File"), (actions.import_accounts, actions.export_accounts, None,
                                   actions.settings, action(
                                       "Setup &assistant…", window.open_setup,
                                       tip="Home base, country, currency, working week "
                                           "and mileage rate, step by step"), None,
                                   action("&Quit", window.close, keys.Quit)))
    _fill(menus.addMenu("&Edit"), (undo, redo, None,
                                   action("&Find", window.find_accounts, keys.Find)))
    _fill(menus.addMenu("&Accounts"), (
        actions.new_account, actions.edit_account, actions.delete, None,
        actions.set_territory, actions.add_tag, actions.show_on_map, None,
        actions.locate, actions.plan, actions.log_visit))
    view = menus.addMenu("&View")
    for number, name in enumerate(PAGE_NAMES):
        view.addAction(action(name, lambda n=number: window.nav.setCurrentRow(n),
                              f"Ctrl+{number + 1}"))
    menus.addMenu("&Team").addAction(action(
        "Team &activity…", lambda: _open_team(window),
        tip="Each rep's visits, km, expenses and quota for a month"))
    menus.addMenu("&Help").addAction(action("&About FieldRep", lambda: show_about(window)))

    toolbar = QToolBar("Main", movable=False)
    toolbar.setObjectName("main-toolbar")
    toolbar.setIconSize(QSize(16, 16))
    for shown in (actions.new_account, actions.import_accounts, actions.locate,
                  actions.show_on_map, undo):
        toolbar.addAction(shown)
    window.addToolBar(toolbar)
    return actions


def navigation() -> QListWidget:
    """The list of the window's areas down its left side."""
    nav = QListWidget()
    nav.addItems(PAGE_NAMES)
    nav.setFixedWidth(120)
    nav.setSpacing(2)
    nav.setStyleSheet(f"QListWidget {{ border: none; background: {NAV_BACKGROUND}; "
                      "font-size: 14px; } QListWidget::item { padding: 8px 10px; }"
                      f" QListWidget::item:selected {{ background: {NAV_SELECTED}; "
                      "color: white; border-radius: 4px; }")
    return nav


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About FieldRep",
                      f"FieldRep {__version__}\nTerritory, visit planning and expenses for "
                      "field sales reps, online or offline.\n\nMap data © OpenStreetMap "
                      "contributors; town names © GeoNames (CC BY 4.0).")


def _fill(menu: QMenu, actions: Sequence[QAction | None]) -> None:
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)


def _open_team(window: MainWindow) -> None:
    from ui.team.dialog import open_team  # loads when first opened

    open_team(window.store, window.tasks, window)
