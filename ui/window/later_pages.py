"""The window's pages after Accounts (Territories, Plan, Visits, Expenses), each built and
wired to the window the first time it is shown or asked for, so that a start imports and
builds only the Accounts page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.window.main_window import MainWindow

LATER_PAGES = ("territories", "plan", "visits", "expenses")


def build_page(window: MainWindow, name: str) -> QWidget:
    """Build the page ``name`` (one of :data:`LATER_PAGES`) and connect it to ``window``."""
    store, tasks = window.store, window.tasks
    if name == "territories":
        from ui.territories.page import TerritoriesPage

        territories = TerritoriesPage(store, tasks, tiles=window.tiles is not False)
        territories.show_accounts.connect(window.show_territory_accounts)
        territories.changed.connect(window.accounts.refresh)
        return territories
    if name == "plan":
        from ui.plan.page import PlanPage

        plan = PlanPage(store, tasks, tiles=window.tiles is not False)
        plan.home_needed.connect(lambda: window.open_setup("home"))
        return plan
    if name == "visits":
        from ui.visits.page import VisitsPage

        visits = VisitsPage(store, tasks, tiles=window.tiles is not False)
        visits.plan_requested.connect(window.plan_accounts)
        visits.replan_requested.connect(window.replan_saved)
        visits.changed.connect(window.today.reload)
        return visits
    if name == "expenses":
        from ui.expenses.page import ExpensesPage

        return ExpensesPage(store, tasks)
    raise ValueError(f"no page named {name!r}")
