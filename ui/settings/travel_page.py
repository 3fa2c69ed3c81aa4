"""The Travel page: where travel times come from — the road server (OSRM) the travel
settings declare, and the OpenStreetMap extract imported for real roads offline (choose
the file, follow the import, cancel it)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
)

from fieldrep.travel import settings as travel
from fieldrep.usecases.roads import ExtractInfo, import_roads, roads_status
from ui.kit.colours import ERROR, span
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.settings.form import SettingsPage, note
from ui.settings.spec import FieldSpec

#: progress shows only for an import that lasts longer than this (ms)
SHOW_PROGRESS_AFTER = 500
EXTRACT_FILTER = "OpenStreetMap extracts (*.osm.pbf *.pbf);;All files (*)"


def _server_set(values: Mapping[str, str]) -> bool:
    return bool(values.get(travel.OSRM_URL.key, "").strip())


#: The road server's fields, as the travel settings declare them.
ROAD_SERVER = (
    FieldSpec(travel.OSRM_URL, placeholder="e.g. http://localhost:5000 (empty: none)"),
    FieldSpec(travel.OSRM_PROFILE, placeholder=travel.OSRM_PROFILE.default, width=160,
              enabled_by=_server_set),
    FieldSpec(travel.OSRM_TIMEOUT, minimum=0.5, maximum=600, step=1, suffix=" s",
              decimals=1, enabled_by=_server_set),
    FieldSpec(travel.OSRM_MAX_TABLE, caption="road server table size", minimum=1,
              maximum=100_000, step=50, suffix=" places", decimals=0,
              enabled_by=_server_set),
)


class TravelPage(SettingsPage):
    """The roads imported for offline travel times, and the import of a new extract."""

    def __init__(self, tasks: TaskRunner) -> None:
        super().__init__(
            "Travel",
            "Travel times and distances come from a road server (OSRM) when one is set, else "
            "from the roads of an OpenStreetMap extract imported here, else from straight "
            "lines at average speeds.")
        self.tasks = tasks
        self.job: Job | None = None
        self.add_generated(ROAD_SERVER)
        self.status = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.form.addRow("Roads:", self.status)
        self.choose = QPushButton("Import an extract…")
        self.choose.setToolTip("Choose an OpenStreetMap extract (.osm.pbf) of your region, "
                               "downloaded once from an extract site")
        self.choose.clicked.connect(self.choose_extract)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the import; the roads imported before are kept")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        self.form.addRow("", buttons)
        self.progress = QProgressBar()
        self.progress.hide()
        self.step = QLabel(wordWrap=True)
        self.step.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.form.addRow("", self.progress)
        self.form.addRow("", self.step)
        self.column.addWidget(note(
            "An extract of a region (a French région or a German Land is 100–600 MB) imports "
            "in a few minutes and takes a few hundred MB in your data folder. Plans, arrival "
            "times and mileage then follow its roads with no network; a place outside it "
            "falls back to straight lines, saying so. Road data © OpenStreetMap "
            "contributors (ODbL)."))
        self.finish()
        self.show_status()

    @property
    def importing(self) -> bool:
        return self.job is not None

    def show_status(self, message: str = "") -> None:
        """What is imported (and ``message`` about the last import, if any)."""
        described = html.escape(roads_status().describe())
        self.status.setText(described if not message else f"{message}<br>{described}")

    def choose_extract(self) -> None:
        """Ask for the extract's file and import it."""
        chosen, _ = QFileDialog.getOpenFileName(self, "Import an OpenStreetMap extract", "",
                                                EXTRACT_FILTER)
        if chosen:
            self.start_import(Path(chosen))

    def start_import(self, path: Path) -> Job:
        """Import ``path`` on a thread of its own, with progress and Cancel."""
        self.choose.setEnabled(False)
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.step.setText(f"Importing {path.name}…")
        self.progress.setRange(0, 0)
        job = Operation(self.tasks, lambda job: import_roads(path, job.report, job.cancelled),
                        on_success=self._imported, on_failure=self._failed,
                        progress=self._progress, parent=self, long=True).run()
        self.job = job
        QTimer.singleShot(SHOW_PROGRESS_AFTER, self._show_progress)
        return job

    def cancel(self) -> None:
        """Stop the import at its next check."""
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.step.setText("Cancelling…")

    def _show_progress(self) -> None:
        if self.importing:
            self.progress.show()

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.step.setText(text)

    def _ended(self) -> None:
        self.job = None
        self.choose.setEnabled(True)
        self.cancel_button.hide()
        self.progress.hide()
        self.step.setText("")

    def _imported(self, info: ExtractInfo) -> None:
        self._ended()
        self.show_status(html.escape(f"Imported {info.source}."))

    def _failed(self, message: str) -> None:
        self._ended()
        self.show_status(span(html.escape(message), ERROR))
