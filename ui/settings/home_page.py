"""The Home base page: the address, a Locate button that finds its pin (online or from the
offline town list, on the worker), the pin itself and how precise it is."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy

from fieldrep.accounts.model import Precision
from fieldrep.geocoding.providers import GeocoderConfigError, OnlineGeocoder
from fieldrep.geocoding.settings import GeocoderSettings, geocoder_settings_of
from fieldrep.planning.home import HomeLookup, describe_precision, find_home
from fieldrep.planning.settings import HOME_ADDRESS, HOME_LAT, HOME_LON, HOME_PRECISION
from fieldrep.settings.stored import SettingValues
from fieldrep.store import Store
from ui.kit.colours import ERROR, span
from ui.kit.operations import Operation
from ui.kit.tasks import TaskRunner
from ui.kit.words import plain_tooltip
from ui.settings.form import SettingsPage

GeocoderFactory = Callable[[GeocoderSettings], OnlineGeocoder | None]


class HomePage(SettingsPage):
    """Where the working day starts and ends.  ``dialog_values`` gives every value the
    dialog holds now (the geocoder's settings are used before they are saved)."""

    def __init__(self, store: Store, tasks: TaskRunner, geocoder_factory: GeocoderFactory,
                 dialog_values: Callable[[], dict[str, str]]) -> None:
        super().__init__("Home base", "Where your working day starts and ends: the route "
                                      "planner leaves from here in the morning and comes "
                                      "back here in the evening.")
        self.store, self.tasks = store, tasks
        self._geocoder_factory = geocoder_factory
        self._dialog_values = dialog_values
        self._precision = ""
        self._pinned_address: str | None = None  # the address the pin was located from
        self._note = ""
        self.locating = False

        self.address = QLineEdit(placeholderText="e.g. 12 rue de la République, 69001 Lyon")
        self.address.setToolTip(plain_tooltip(HOME_ADDRESS.help))
        self.locate_button = QPushButton("Locate")
        self.locate_button.setToolTip("Find the coordinates of this address")
        self.locate_button.clicked.connect(self.locate)
        self.address.returnPressed.connect(self.locate)
        self.address.textChanged.connect(self.changed)
        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        row.addWidget(self.locate_button)
        self.add_field(HOME_ADDRESS.key, "Address:", row)
        self.locate_online = QCheckBox()
        self.locate_online.setChecked(True)
        self.locate_online.setToolTip("Unticked, Locate places the pin at the centre of the "
                                      "address's town, from FieldRep's offline town list")
        self.form.addRow("", self.locate_online)
        self.lat = QLineEdit(placeholderText="e.g. 45.764043")
        self.lon = QLineEdit(placeholderText="e.g. 4.835659")
        for edit, setting in ((self.lat, HOME_LAT), (self.lon, HOME_LON)):
            edit.setMaximumWidth(200)
            edit.setToolTip(plain_tooltip(setting.help))
            edit.textEdited.connect(self._pin_typed)
            edit.textChanged.connect(self.changed)
            self.add_field(setting.key, f"{setting.label.capitalize()}:", edit)
        self.precision_line = QLabel(wordWrap=True, openExternalLinks=True)
        self.precision_line.setSizePolicy(QSizePolicy.Policy.Expanding,
                                          QSizePolicy.Policy.Preferred)
        self.form.addRow("Precision:", self.precision_line)
        self.finish("To pin the home base exactly (your house rather than the centre of your "
                    "town), type its latitude and longitude in decimal degrees, as a map "
                    "shows them.")

    # -- values -----------------------------------------------------------------------------
    def has_pin(self) -> bool:
        return bool(self.lat.text().strip() or self.lon.text().strip())

    def values(self) -> dict[str, str]:
        return {HOME_ADDRESS.key: self.address.text().strip(),
                HOME_LAT.key: self.lat.text().strip(), HOME_LON.key: self.lon.text().strip(),
                HOME_PRECISION.key: self._precision if self.has_pin() else ""}

    def load(self, values: Mapping[str, str]) -> None:
        self.address.setText(values.get(HOME_ADDRESS.key, ""))
        self.lat.setText(values.get(HOME_LAT.key, ""))
        self.lon.setText(values.get(HOME_LON.key, ""))
        self._precision = values.get(HOME_PRECISION.key, "")
        self._note = ""
        self._pinned_address = self.address.text().strip() if self.has_pin() else None

    def restore_defaults(self, defaults: Mapping[str, str]) -> None:
        self.load(defaults)
        self._pinned_address = None

    def refresh(self, values: Mapping[str, str]) -> None:
        provider = geocoder_settings_of(SettingValues(values)).provider
        self.locate_online.setText(f"Ask the online geocoder ({provider}); else the centre "
                                   "of the town, offline")
        self.locate_button.setEnabled(bool(self.address.text().strip()) and not self.locating)
        self.precision_line.setText(self._precision_html())

    def _pin_typed(self, _text: str) -> None:
        self._precision = Precision.MANUAL.value if self.has_pin() else ""
        self._pinned_address = None
        self._note = ""
        self.changed.emit()

    def _precision_html(self) -> str:
        if self.locating:
            return "Looking up…"
        if not self.has_pin():
            note = f"{html.escape(self._note)}<br>" if self._note else ""
            return (f"{note}No pin yet: type the address and press Locate, or type the "
                    "coordinates.")
        text = (self._note or describe_precision(self._precision).capitalize()
                or "A pin (how precise is not known)")
        parts = [html.escape(text)]
        if (self._pinned_address is not None
                and self.address.text().strip() != self._pinned_address):
            parts.append(span("The address changed since: press Locate to move the pin.",
                              ERROR))
        try:
            lat, lon = float(self.lat.text()), float(self.lon.text())
        except ValueError:
            return "<br>".join(parts)
        parts.append(f"<a href='https://www.openstreetmap.org/?mlat={lat}&amp;mlon={lon}"
                     f"#map=17/{lat}/{lon}'>Check on OpenStreetMap</a>")
        return "<br>".join(parts)

    # -- locating ---------------------------------------------------------------------------
    def locate(self) -> None:
        """Look the address up (online when ticked, else offline) on the worker and fill in
        the latitude and longitude."""
        address = self.address.text().strip()
        if not address or self.locating:
            return
        geocoder = geocoder_settings_of(SettingValues(self._dialog_values()))
        online, note = None, ""
        if self.locate_online.isChecked():
            try:
                online = self._geocoder_factory(geocoder)
            except (GeocoderConfigError, ValueError) as exc:
                note = f"online look-up not possible ({exc})"
        store, country = self.store, geocoder.default_country
        self.locating = True
        self.changed.emit()
        Operation(self.tasks, lambda _job: find_home(store, address, online, country=country),
                  on_success=lambda found: self._located(found, address, note),
                  on_failure=self._locate_failed, parent=self, long=True).run()

    def _located(self, result: HomeLookup, address: str, note: str) -> None:
        self.locating = False
        found = result.found
        if found is not None:
            self.lat.setText(f"{found.lat:.6f}")
            self.lon.setText(f"{found.lon:.6f}")
            self._precision = found.precision
            self._pinned_address = address
        self._note = "; ".join(p for p in (result.describe(), note) if p)
        self.changed.emit()

    def _locate_failed(self, message: str) -> None:
        self.locating = False
        self._note = f"Locate failed: {message}"
        self.changed.emit()
