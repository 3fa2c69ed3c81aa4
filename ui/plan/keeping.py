"""Keeping the plan shown: save it, open one saved before (its visits logged greyed),
export its day, record the distance really driven.  Store work runs in the background."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from fieldrep.planning.export import ExportError, check_export_path, write_plan
from fieldrep.planning.model import PlanError
from fieldrep.planning.saved import (
    METRES_PER,
    check_driven_day,
    list_plans,
    record_driven,
    save_plan,
)
from fieldrep.planning.settings import distance_unit
from fieldrep.planning.time_zone import time_zone
from fieldrep.usecases.saved_plans import OpenedPlan, open_saved_plan
from ui.kit.operations import Operation
from ui.kit.tasks import Job
from ui.kit.words import plural
from ui.plan.driven_dialog import DrivenDialog
from ui.plan.jobs import WithMap

if TYPE_CHECKING:
    from ui.plan.page import PlanPage

NOTHING_YET = "Nothing to {} yet: Optimise first."
SAVE_FIRST = "Save the plan first: the distance driven is kept with it."

SavedList = list[tuple[int, str, date, int]]


class PlanKeeping:
    """Save, open, export and the distance driven, for the page's plan."""

    def __init__(self, page: PlanPage) -> None:
        self.page = page

    def save(self) -> Job | None:
        """Keep the plan shown (the day, or every day of the week) in the store."""
        page = self.page
        if not page.days:
            page.summary.show_error(NOTHING_YET.format("save"))
            return None
        store, days, note = page.store, list(page.days), page.travel_note
        dropped = list(page.week_dropped) if page.kind == "week" else []

        def saved(plan_id: int) -> None:
            page.saved_id = plan_id
            page.update_buttons()
            page.summary.show_info(f"Saved as plan {plan_id}. Driven… records the distance "
                                   "you really drove.")
            page.message.emit(f"Plan {plan_id} saved")

        return Operation(page.tasks, lambda _job: save_plan(store, days, dropped,
                                                            travel_note=note), saved,
                         parent=page, on_failure=lambda m: page.summary.show_error(
                             f"Could not save the plan: {m}")).run()

    def choose_saved_plan(self) -> Job:
        """Pick a saved plan (newest first) and show it."""
        page, store = self.page, self.page.store

        def chosen(plans: SavedList) -> None:
            if not plans:
                page.summary.show_info("No plan saved yet: Optimise, then Save.")
                return
            labels = [f"{first:%a %d %b %Y} · {'week' if kind == 'week' else 'day'} · "
                      f"{plural(stops, 'stop')} (plan {plan_id})"
                      for plan_id, kind, first, stops in plans]
            label, ok = QInputDialog.getItem(page, "Open a saved plan", "Plan:", labels, 0,
                                             False)
            if ok:
                self.open_plan(plans[labels.index(label)][0])

        return Operation(page.tasks, lambda _job: list_plans(store), chosen,
                         parent=page).run()

    def open_plan(self, plan_id: int) -> Job:
        """Show a saved plan as it was saved; the stops whose visit is logged are done."""
        page, store = self.page, self.page.store
        draw = page.jobs.drawer()

        def work(_job: Job) -> WithMap[OpenedPlan]:
            opened = open_saved_plan(store, plan_id)
            return WithMap(opened, draw(opened.account_ids, opened.plan.days))

        def shown(result: WithMap[OpenedPlan]) -> None:
            opened = result.value
            saved = opened.plan
            page.accounts_model.set_names({s.account_id: s.name for d in saved.days
                                           for s in d.stops})
            page.accounts_model.set_accounts(opened.account_ids)
            page.done = sorted(opened.done)
            page.locked = list(page.done)
            page.date.setDate(QDate(saved.days[0].day))
            page.show_plan(saved.days, saved.dropped, saved.travel_note, saved.kind)
            page.saved_id = saved.id
            page.update_buttons()
            page.show_map(result.map)
            done = len(page.done)
            page.summary.show_info(f"Plan {saved.id} as saved" + (
                f": {plural(done, 'visit')} already logged (greyed)." if done else "."))

        return page.run(work, shown)

    def choose_export_file(self) -> None:
        day = self.page.current_day()
        if day is None:
            self.page.summary.show_error(NOTHING_YET.format("export"))
            return
        name, _filter = QFileDialog.getSaveFileName(
            self.page, "Export the day",
            str(Path.home() / f"fieldrep-{day.day.isoformat()}.ics"),
            "Calendar (*.ics);;GPX route (*.gpx);;Navigation links (*.txt)")
        if name:
            self.export_day(Path(name))

    def export_day(self, path: Path) -> Job | None:
        """Write the day shown (for a week, the selected day) as .ics, .gpx or .txt, in the
        background (the calendar's time zone is read from the settings)."""
        page = self.page
        day = page.current_day()
        if day is None:
            page.summary.show_error(NOTHING_YET.format("export"))
            return None
        try:
            check_export_path(Path(path))
        except ExportError as exc:
            page.summary.show_error(f"Could not export: {exc}")
            return None
        store, located, addresses = page.store, dict(page.located), dict(page.addresses)

        def work(_job: Job) -> Path:
            return write_plan([day], located, Path(path), zone=time_zone(store),
                              addresses=addresses)

        def written(result: Path) -> None:
            page.summary.show_info(f"{day.day:%A %d %B} written to {result}.")

        return Operation(page.tasks, work, written, parent=page,
                         on_failure=lambda message: page.summary.show_error(
                             f"Could not export: {message}")).run()

    def ask_driven(self) -> Job | None:
        """Ask how far the rep drove on the day shown of the saved plan, and record it."""
        page = self.page
        day = page.current_day()
        if page.saved_id is None or day is None:
            page.summary.show_error(SAVE_FIRST)
            return None
        try:
            check_driven_day(day.day)
        except PlanError as exc:
            page.summary.show_error(exc.user_message)
            return None
        store = page.store

        def ask(unit: str) -> None:
            dialog = DrivenDialog(day.day, day.totals.distance_metres, unit, parent=page)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            if dialog.exec() == DrivenDialog.DialogCode.Accepted and dialog.metres is not None:
                self.record_driven(dialog.metres, unit)

        return Operation(page.tasks, lambda _job: distance_unit(store), ask, parent=page).run()

    def record_driven(self, metres: int, unit: str = "km") -> Job | None:
        """Record ``metres`` driven on the day shown of the saved plan."""
        page = self.page
        day, plan_id, store = page.current_day(), page.saved_id, page.store
        if day is None or plan_id is None:
            page.summary.show_error(SAVE_FIRST)
            return None
        per = METRES_PER.get(unit, 1000.0)

        def recorded(_none: None) -> None:
            page.summary.show_info(
                f"{day.day:%A %d %B}: {metres / per:.1f} {unit} driven, recorded in plan "
                f"{plan_id} (planned {day.totals.distance_metres / per:.1f} {unit}).")

        return Operation(page.tasks, lambda _job: record_driven(store, plan_id, day.day,
                                                                metres), recorded,
                         parent=page, on_failure=lambda m: page.summary.show_error(
                             f"Could not record the distance: {m}")).run()
