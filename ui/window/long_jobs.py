"""The window's long jobs: importing a file, exporting the accounts, locating accounts.

Each runs on a thread of its own (short store jobs keep flowing), shows a progress dialog
after half a second, and can be cancelled; what it saved so far is kept.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from fieldrep.store import Store
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.kit.words import plural

if TYPE_CHECKING:  # the services load on the worker, with the first job
    from fieldrep.geocoding.service import GeocodeReport
    from fieldrep.importing.service import ImportResult

T = TypeVar("T")
PROGRESS_AFTER_MS = 500
SHOWN_REJECTS = 15


class LongJobs:
    """Import, export and locate for one window; results and failures go to its callbacks."""

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget, *,
                 changed: Callable[[], None], tell: Callable[[str], None],
                 failed: Callable[[str], None]) -> None:
        self.store, self.tasks, self.parent = store, tasks, parent
        self._changed, self._tell, self._failed = changed, tell, failed
        #: The last import's summary, as rich text (rejected rows named).
        self.import_summary = ""

    def import_file(self, path: Path) -> Job:
        """Import ``path`` straight away (no wizard)."""
        store = self.store

        def work(job: Job) -> ImportResult:
            from fieldrep.geocoding.settings import geocoder_settings
            from fieldrep.importing.service import import_accounts, plan_import

            plan = plan_import(path)
            return import_accounts(store, plan, progress=lambda d, t: job.report(d, t),
                                   cancelled=job.cancelled,
                                   default_country=geocoder_settings(store).default_country)

        return self._run(f"Importing {path.name}…", work, self._imported)

    def _imported(self, result: ImportResult) -> None:
        self._changed()
        self.import_summary = import_summary_html(result)
        self._tell(result.summary())

    def choose_export_file(self) -> None:
        """Ask where to export the accounts, then export them."""
        name, _filter = QFileDialog.getSaveFileName(
            self.parent, "Export accounts", str(Path.home() / "accounts.xlsx"),
            "Excel workbook (*.xlsx);;CSV (*.csv)")
        if name:
            self.export_file(Path(name))

    def export_file(self, path: Path) -> Job:
        """Write every account to ``path`` (.xlsx or .csv)."""
        store = self.store
        return self._run(f"Exporting to {path.name}…", lambda _job: _export(store, path),
                         lambda count: self._tell(f"{plural(count, 'account')} written to "
                                                  f"{path}"))

    def locate_accounts(self) -> Job:
        """Geocode the accounts without coordinates (online if the provider answers)."""
        store = self.store

        def work(job: Job) -> GeocodeReport:
            from fieldrep.geocoding.providers import make_geocoder
            from fieldrep.geocoding.service import geocode_accounts
            from fieldrep.geocoding.settings import geocoder_settings

            settings = geocoder_settings(store)
            return geocode_accounts(store, make_geocoder(settings),
                                    default_country=settings.default_country,
                                    progress=job.report, cancelled=job.cancelled)

        def located(report: GeocodeReport) -> None:
            self._changed()
            self._tell(report.summary())

        return self._run("Locating accounts…", work, located)

    def _run(self, title: str, work: Callable[[Job], T], done: Callable[[T], None]) -> Job:
        dialog = QProgressDialog(title, "Cancel", 0, 0, self.parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def finished(result: T) -> None:
            dialog.close()
            done(result)

        def failed(message: str) -> None:
            dialog.close()
            self._failed(message)

        def progress(done_count: int, total: int, _text: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done_count)

        job = Operation(self.tasks, work, finished, parent=self.parent, on_failure=failed,
                        progress=progress, long=True).run()
        dialog.canceled.connect(job.cancel)
        return job


def import_summary_html(result: ImportResult) -> str:
    """What an import did, as rich text: counts, the first rejected rows and warnings,
    duplicates."""
    lines = [html.escape(result.summary())]
    if result.rejected:
        lines.append("<b>Rejected:</b>")
        lines += [html.escape(str(e)) for e in result.rejected[:SHOWN_REJECTS]]
        if len(result.rejected) > SHOWN_REJECTS:
            lines.append(f"… and {len(result.rejected) - SHOWN_REJECTS} more")
    if result.warnings:
        lines.append("<b>Imported with cells left empty:</b>")
        lines += [html.escape(str(e)) for e in result.warnings[:SHOWN_REJECTS]]
        if len(result.warnings) > SHOWN_REJECTS:
            lines.append(f"… and {len(result.warnings) - SHOWN_REJECTS} more")
    if result.duplicates:
        lines.append(f"<b>{plural(len(result.duplicates), 'suspected duplicate')}</b> "
                     "(imported, not merged)")
    return "<br>".join(lines)


def _export(store: Store, path: Path) -> int:
    """Write the accounts to ``path`` (on the worker, which loads the exporter)."""
    from fieldrep.accounts.export import export_accounts

    return export_accounts(store, path)
