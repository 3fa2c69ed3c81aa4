"""The assistant's home base step: an address found offline, or a pin put on the map.

Find looks the address up offline (the postcode or the town, from the offline lists, on a
thread of its own) and puts the pin there; a click on the map puts the pin where the rep
clicks, and the pin can be dragged.  The coordinates can be typed too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from fieldrep.accounts.model import Precision
from fieldrep.maps.pin_page import write_pin_page
from fieldrep.planning.home import HomeLookup, find_home
from fieldrep.store import Store
from fieldrep.usecases.first_run import SetupAnswers, home_pin_map
from ui.kit.labels import plain_label
from ui.kit.operations import Operation
from ui.kit.tasks import TaskRunner
from ui.setup.pin_map import PinMapView
from ui.setup.step import Step


class HomeStep(Step):
    """Where the working day starts and ends.  ``country`` gives the country chosen in the
    step before (the address is read as in it)."""

    def __init__(self, store: Store, tasks: TaskRunner, country: Callable[[], str]) -> None:
        super().__init__("Your home base", "Plans start here in the morning and come back "
                         "here in the evening. Type your address and press Find, or click "
                         "on the map where you start from.")
        self.store, self.tasks, self._country = store, tasks, country
        self.precision = ""
        self.finding = False
        self.address = QLineEdit(placeholderText="e.g. 12 rue de la République, 69001 Lyon")
        self.find_button = QPushButton("Find")
        self.find_button.setToolTip("Place the pin at this address's postcode or town, "
                                    "from FieldRep's offline lists")
        self.find_button.clicked.connect(self.find)
        self.address.returnPressed.connect(self.find)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.address, 1)
        line.addWidget(self.find_button)
        self.add_field("address", "Address:", row)
        self.found_line = plain_label("")
        self.found_line.setSizePolicy(QSizePolicy.Policy.Expanding,
                                      QSizePolicy.Policy.Minimum)  # the row's whole width
        self.form.addRow("", self.found_line)
        self.map = PinMapView()
        self.map.setMinimumHeight(250)
        self.map.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.map.bridge.pin_set.connect(self._clicked)
        self.form.addRow(self.map)
        self.lat = QLineEdit(placeholderText="latitude, e.g. 45.764043")
        self.lon = QLineEdit(placeholderText="longitude, e.g. 4.835659")
        for edit in (self.lat, self.lon):
            edit.textEdited.connect(self._typed)
        pin = QWidget()
        both = QHBoxLayout(pin)
        both.setContentsMargins(0, 0, 0, 0)
        both.addWidget(self.lat)
        both.addWidget(self.lon)
        self.add_field("lat", "Pin:", pin)  # one error line under both coordinates

    # -- values -----------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        lat, lon = self.lat.text().strip(), self.lon.text().strip()
        return {"address": self.address.text().strip(), "lat": lat, "lon": lon,
                "precision": self.precision if lat and lon else ""}

    def load(self, answers: SetupAnswers) -> None:
        self.address.setText(answers.address)
        self.lat.setText(answers.lat)
        self.lon.setText(answers.lon)
        self.precision = answers.precision
        self.found_line.setText("")
        self.load_map()

    def show_problems(self, problems: Mapping[str, str]) -> bool:
        merged = dict(problems)
        if "lon" in merged:
            merged.setdefault("lat", merged.pop("lon"))
        return super().show_problems(merged)

    def pin(self) -> tuple[float, float] | None:
        try:
            return (float(self.lat.text().replace(",", ".")),
                    float(self.lon.text().replace(",", ".")))
        except ValueError:
            return None

    # -- the map ----------------------------------------------------------------------------
    def load_map(self) -> None:
        """Write the map page around the pin (or the accounts) on the worker and show it."""
        store, pin, path = self.store, self.pin(), self.map.page_path()

        def written(page: Path) -> None:
            self.map.load_page(page)

        Operation(self.tasks, lambda _job: write_pin_page(path, home_pin_map(store, pin)),
                  written, parent=self,
                  on_failure=lambda message: self.found_line.setText(
                      f"The map could not be drawn: {message}")).run()

    def _clicked(self, lat: float, lon: float) -> None:
        self.lat.setText(f"{lat:.6f}")
        self.lon.setText(f"{lon:.6f}")
        self.precision = Precision.MANUAL.value
        self.found_line.setText("Pin put on the map by hand.")
        self.show_problems({})

    def _typed(self, _text: str) -> None:
        self.precision = Precision.MANUAL.value
        pin = self.pin()
        if pin is not None and -90 <= pin[0] <= 90 and -180 <= pin[1] <= 180:
            self.map.set_pin(*pin)

    # -- finding the address ----------------------------------------------------------------
    def find(self) -> None:
        """Look the address up offline, on a thread of its own, and put the pin there."""
        address = self.address.text().strip()
        if not address or self.finding:
            return
        store, country = self.store, self._country()
        self.finding = True
        self.find_button.setEnabled(False)
        self.found_line.setText("Looking up…")
        Operation(self.tasks, lambda _job: find_home(store, address, None, country=country),
                  on_success=self._found, on_failure=self._not_found, parent=self,
                  long=True).run()

    def _found(self, result: HomeLookup) -> None:
        self.finding = False
        self.find_button.setEnabled(True)
        found = result.found
        if found is None:
            self.found_line.setText("")
            self.show_problems({"address": "No town of the offline list was found in this "
                                           "address: add the postcode or the town, or click "
                                           "on the map."})
            return
        self.lat.setText(f"{found.lat:.6f}")
        self.lon.setText(f"{found.lon:.6f}")
        self.precision = found.precision
        self.map.set_pin(found.lat, found.lon)
        self.show_problems({})
        self.found_line.setText(f"{result.describe()}. A click on the map puts the pin "
                                "exactly where you start.")

    def _not_found(self, message: str) -> None:
        self.finding = False
        self.find_button.setEnabled(True)
        self.found_line.setText("")
        self.show_problems({"address": message})

