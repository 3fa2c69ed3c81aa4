"""The Settings dialog: home base, working day, units, map, geocoder and store location.

Every field is checked as it changes, by the core's own checks (``fieldrep.settings.registry``): a
faulty field says why under it, its page is flagged in the list and OK stays disabled.  OK
saves everything at once, all or nothing, then emits :attr:`SettingsDialog.saved`.  The
store location is kept in the app's preferences (QSettings ``store/url``), not in the
store, and takes effect at the next start.  Locate and Test connection run on a worker
thread, so a slow server never freezes the dialog.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from fieldrep.accounts.model import Precision
from fieldrep.common.currencies import CURRENCIES
from fieldrep.common.hours import DAY_CODES, format_weekdays, parse_weekdays
from fieldrep.common.paths import DB_ENV, env_db_url
from fieldrep.geocoding.providers import GeocoderConfigError, OnlineGeocoder, make_geocoder
from fieldrep.planning.home import HomeLookup, describe_precision, find_home
from fieldrep.settings.registry import (
    SETTINGS,
    SettingError,
    get_settings,
    parse_time,
    same_value,
    set_settings,
    settings_problems,
)
from fieldrep.store import Store
from fieldrep.store.database import StoreError, display_url, probe_store, store_url
from ui.kit.tasks import TaskRunner
from ui.settings.preferences import STORE_URL_KEY, save_store_url, saved_store_url
from ui.settings.rates_editor import RatesEditor

GeocoderFactory = Callable[[Mapping[str, str]], OnlineGeocoder | None]

PAGES = ("Home base", "Working day", "Units", "Quotas & expenses", "Map", "Geocoder",
         "Store")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ERROR_STYLE = "color: #b3261e;"
_GROWING = (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding,
            QSizePolicy.Policy.Ignored)
_UNLIMITED = 16777215  # QWIDGETSIZE_MAX
GOOD_STYLE = "color: #1b6e2d;"
#: how each setting is called in the dialog's messages (the core's name the keys)
LABELS = {
    "home.address": "address", "home.lat": "latitude", "home.lon": "longitude",
    "home.precision": "precision", "work.start": "start", "work.end": "end",
    "work.lunch_minutes": "lunch break", "work.days": "working days", "currency": "currency",
    "distance.unit": "distance unit", "map.tiles": "map tiles", "map.tile_url": "tile URL",
    "geocoder.provider": "provider", "geocoder.domain": "server", "geocoder.scheme": "scheme",
    "geocoder.user_agent": "user agent", "geocoder.min_delay": "minimum delay",
    "geocoder.timeout": "timeout", "geocoder.options": "extra options",
    "geocoder.default_country": "default country",
}
_KEYS_IN_TEXT = re.compile("|".join(re.escape(k) for k in sorted(LABELS, key=len, reverse=True)))


def human(message: str) -> str:
    """A core message with the setting keys replaced by the dialog's names for them."""
    text = _KEYS_IN_TEXT.sub(lambda match: LABELS[match.group(0)], message)
    return text[:1].upper() + text[1:]


def currency_code(text: str) -> str:
    """The code in a currency combo's text (``"USD — US Dollar"`` → ``"USD"``)."""
    return text.split("—")[0].strip().upper()


def _probe(url: str) -> tuple[bool, str]:
    """Run on the worker: whether ``url`` can be used, and what is there or why not."""
    try:
        return True, probe_store(url)
    except StoreError as exc:
        return False, str(exc)


class SettingsDialog(QDialog):
    """FieldRep's settings for one store, plus where the store itself is."""

    saved = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None,
                 geocoder_factory: GeocoderFactory | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = TaskRunner(self)
        self._geocoder_factory: GeocoderFactory = geocoder_factory or make_geocoder
        self._loaded = get_settings(store)
        self._errors: dict[str, QLabel] = {}
        self._page_of: dict[str, int] = {"home.precision": 0}
        self._setters: dict[str, Callable[[str], None]] = {}
        self._precision = ""
        self._pinned_address: str | None = None  # the address the pin was located from
        self._locate_note = ""
        self._locate_request: tuple[str, str] = ("", "")
        self._locating = self._testing = False
        self.setWindowTitle("FieldRep — Settings")
        self.setMinimumSize(760, 540)
        self._build()
        self._load({**self._loaded, STORE_URL_KEY: saved_store_url()})
        self._pinned_address = self.address.text().strip() if self._has_pin() else None
        self._connect_changes()
        self._validate()

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.pages = QListWidget()
        self.pages.setFixedWidth(150)
        self.pages.setIconSize(QPixmap(16, 16).size())
        self._no_icon = _blank_icon()
        self._problem_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.stack = QStackedWidget()
        builders = (self._home_page, self._work_page, self._units_page,
                    self._quotas_page, self._map_page, self._geocoder_page, self._store_page)
        for name, build in zip(PAGES, builders, strict=True):
            self.pages.addItem(name)
            self.pages.item(self.pages.count() - 1).setIcon(self._no_icon)
            self.stack.addWidget(build())
        self.pages.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.pages.setCurrentRow(0)

        self.summary = QLabel(wordWrap=True)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        restore = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setText("Restore page defaults")
        restore.setToolTip("Put this page's fields back to FieldRep's defaults (saved on OK)")
        restore.clicked.connect(self.restore_page_defaults)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.pages)
        top.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def _page(self, title: str, intro: str) -> tuple[QWidget, QVBoxLayout, QFormLayout]:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 0, 0, 0)
        heading = QLabel(f"<b style='font-size: 13pt'>{html.escape(title)}</b>")
        layout.addWidget(heading)
        layout.addWidget(_note(intro, muted=False))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setContentsMargins(0, 8, 0, 8)
        layout.addLayout(form)
        return page, layout, form

    def _field(self, key: str, widget: QWidget | QLayout,
               setter: Callable[[str], None]) -> QWidget:
        """``widget`` with the line that says what is wrong with ``key`` under it."""
        error = QLabel(wordWrap=True)
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        self._errors[key] = error
        self._page_of[key] = self.stack.count()
        self._setters[key] = setter
        box = QWidget()
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if isinstance(widget, QLayout):
            column.addLayout(widget)
        else:  # a narrow field keeps its width; its error line gets the whole row
            row = QHBoxLayout()
            row.addWidget(widget)
            if (widget.sizePolicy().horizontalPolicy() not in _GROWING
                    or widget.maximumWidth() < _UNLIMITED):
                row.addStretch(1)
            column.addLayout(row)
        column.addWidget(error)
        return box

    def _home_page(self) -> QWidget:
        page, layout, form = self._page(
            "Home base", "Where your working day starts and ends: the route planner leaves "
                         "from here in the morning and comes back here in the evening.")
        self.address = QLineEdit(placeholderText="e.g. 12 rue de la République, 69001 Lyon")
        self.locate_button = QPushButton("Locate")
        self.locate_button.setToolTip("Find the coordinates of this address")
        self.locate_button.clicked.connect(self.locate)
        self.address.returnPressed.connect(self.locate)
        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        row.addWidget(self.locate_button)
        form.addRow("Address:", self._field("home.address", row, self.address.setText))
        self.locate_online = QCheckBox()
        self.locate_online.setChecked(True)
        self.locate_online.setToolTip("Unticked, Locate places the pin at the centre of the "
                                      "address's town, from FieldRep's offline town list")
        form.addRow("", self.locate_online)
        self.lat = QLineEdit(placeholderText="e.g. 45.764043")
        self.lon = QLineEdit(placeholderText="e.g. 4.835659")
        for edit in (self.lat, self.lon):
            edit.setMaximumWidth(200)
            edit.textEdited.connect(self._pin_typed)
        form.addRow("Latitude:", self._field("home.lat", self.lat, self.lat.setText))
        form.addRow("Longitude:", self._field("home.lon", self.lon, self.lon.setText))
        self._setters["home.precision"] = self._set_precision
        self.precision_line = QLabel(wordWrap=True, openExternalLinks=True)
        self.precision_line.setSizePolicy(QSizePolicy.Policy.Expanding,
                                          QSizePolicy.Policy.Preferred)
        form.addRow("Precision:", self.precision_line)
        layout.addWidget(_note(
            "To pin the home base exactly (your house rather than the centre of your town), "
            "type its latitude and longitude in decimal degrees, as a map shows them."))
        layout.addStretch(1)
        return page

    def _work_page(self) -> QWidget:
        page, layout, form = self._page(
            "Working day", "The route planner fits your visits between the start and the end "
                           "of the day, keeps the lunch break free and plans only working days.")
        self.start = QTimeEdit(displayFormat="HH:mm")
        self.end = QTimeEdit(displayFormat="HH:mm")
        self.lunch = QSpinBox(minimum=0, maximum=600, singleStep=5, suffix=" min")
        self.lunch.setSpecialValueText("no lunch break")
        form.addRow("Start:", self._field("work.start", self.start,
                                          lambda v: self.start.setTime(_qtime(v))))
        form.addRow("End:", self._field("work.end", self.end,
                                        lambda v: self.end.setTime(_qtime(v))))
        form.addRow("Lunch break:", self._field("work.lunch_minutes", self.lunch,
                                                lambda v: self.lunch.setValue(_int(v))))
        days = QHBoxLayout()
        self.day_boxes = []
        for code, name in zip(DAY_CODES, DAY_NAMES, strict=True):
            box = QCheckBox(name[:3])
            box.setToolTip(name)
            box.setObjectName(f"day_{code}")
            days.addWidget(box)
            self.day_boxes.append(box)
        days.addStretch(1)
        form.addRow("Working days:", self._field("work.days", days, self._set_days))
        self.day_summary = QLabel()
        form.addRow("", self.day_summary)
        layout.addStretch(1)
        return page

    def _units_page(self) -> QWidget:
        page, layout, form = self._page(
            "Units", "Expenses are kept in this currency; distances and mileage are shown in "
                     "this unit.")
        self.currency = QComboBox(editable=True)
        self.currency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, name in CURRENCIES.items():
            self.currency.addItem(f"{code} — {name}", code)
        completer = QCompleter(self.currency.model(), self.currency)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.currency.setCompleter(completer)
        self.currency.setMinimumWidth(280)
        self.currency.lineEdit().setPlaceholderText("ISO code, e.g. EUR")
        form.addRow("Currency:", self._field("currency", self.currency, self._set_currency))
        self.distance = QComboBox()
        self.distance.addItem("kilometres (km)", "km")
        self.distance.addItem("miles (mi)", "mi")
        form.addRow("Distances in:", self._field(
            "distance.unit", self.distance,
            lambda v: self.distance.setCurrentIndex(max(0, self.distance.findData(v)))))
        layout.addStretch(1)
        return page

    def _quotas_page(self) -> QWidget:
        page, layout, form = self._page(
            "Quotas & expenses", "Monthly goals shown in the activity report, and the rules "
                                 "your expenses and mileage follow. Amounts are in the "
                                 "currency of the Units page.")
        self.rep_name = QLineEdit(placeholderText="as printed on expense reports")
        form.addRow("Your name:", self._field("rep.name", self.rep_name, self.rep_name.setText))
        self.quota_visits = QSpinBox(minimum=0, maximum=100_000, suffix=" visits")
        self.quota_visits.setSpecialValueText("no quota")
        form.addRow("Visits a month:", self._field(
            "quota.visits_per_month", self.quota_visits,
            lambda v: self.quota_visits.setValue(int(v) if v.isdigit() else 0)))
        self.quota_orders = QLineEdit(placeholderText="0: no quota")
        self.quota_orders.setMaximumWidth(160)
        form.addRow("Orders a month:", self._field(
            "quota.orders_per_month", self.quota_orders, self.quota_orders.setText))
        self.meals_limit = QLineEdit(placeholderText="no limit")
        self.lodging_limit = QLineEdit(placeholderText="no limit")
        self.receipt_above = QLineEdit(placeholderText="never")
        for edit, key, label in ((self.meals_limit, "policy.meals_per_day", "Meals a day:"),
                                 (self.lodging_limit, "policy.lodging_per_night",
                                  "Lodging a night:"),
                                 (self.receipt_above, "policy.receipt_above",
                                  "Receipt needed above:")):
            edit.setMaximumWidth(160)
            form.addRow(label, self._field(key, edit, edit.setText))
        self.exclude_commute = QCheckBox("Leave out the drive from home to the first visit "
                                         "and back from the last")
        form.addRow("Mileage:", self._field(
            "mileage.exclude_commute", self.exclude_commute,
            lambda v: self.exclude_commute.setChecked(v == "yes")))
        self.rates = RatesEditor()
        form.addRow("Mileage rates:", self._field("mileage.rates", self.rates,
                                                  self.rates.set_text))
        layout.addWidget(_note("A rate applies from its first day to its last (empty: until "
                               "a later period starts), e.g. 0.636 EUR per km from "
                               "2026-01-01. Each day's mileage is priced at the rate of "
                               "that day."))
        layout.addStretch(1)
        return page

    def _map_page(self) -> QWidget:
        page, layout, form = self._page(
            "Map", "The map always works offline, on a plain background with your accounts. "
                   "Online, it can show OpenStreetMap's streets under them.")
        self.tiles_osm = QRadioButton("Show OpenStreetMap tiles when online")
        self.tiles_none = QRadioButton("Never download tiles: always the plain offline map")
        group = QButtonGroup(page)
        group.addButton(self.tiles_osm)
        group.addButton(self.tiles_none)
        choice = QVBoxLayout()
        choice.addWidget(self.tiles_osm)
        choice.addWidget(self.tiles_none)
        form.addRow("Background:", self._field(
            "map.tiles", choice, lambda v: (self.tiles_none if v == "none"
                                            else self.tiles_osm).setChecked(True)))
        self.tile_url = QLineEdit(placeholderText=SETTINGS["map.tile_url"].default)
        form.addRow("Tile server:", self._field("map.tile_url", self.tile_url,
                                                self.tile_url.setText))
        layout.addWidget(_note(
            "The public OpenStreetMap tile server is run by volunteers for light use, under "
            "its tile usage policy. A company can use its own tile server: {z}, {x} and {y} "
            "stand for the zoom level and the tile's column and row."))
        layout.addStretch(1)
        return page

    def _geocoder_page(self) -> QWidget:
        page, layout, form = self._page(
            "Geocoder", "The online service that turns addresses into map positions (when "
                        "there is no network, FieldRep places accounts at their town).")
        self.provider = QComboBox(editable=True)
        self.provider.addItems(["nominatim", "photon"])
        self.provider.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.provider.setToolTip("Any geopy service name works too (e.g. opencage, arcgis), "
                                 "with its API key in the extra options")
        self.provider.setMinimumWidth(200)
        form.addRow("Provider:", self._field("geocoder.provider", self.provider,
                                             self.provider.setEditText))
        self.domain = QLineEdit(placeholderText="empty: the provider's public service")
        form.addRow("Server:", self._field("geocoder.domain", self.domain, self.domain.setText))
        self.scheme = QComboBox()
        self.scheme.addItems(["https", "http"])
        form.addRow("Scheme:", self._field("geocoder.scheme", self.scheme,
                                           self.scheme.setCurrentText))
        self.user_agent = QLineEdit(placeholderText=SETTINGS["geocoder.user_agent"].default)
        form.addRow("User agent:", self._field("geocoder.user_agent", self.user_agent,
                                               self.user_agent.setText))
        self.min_delay = QDoubleSpinBox(minimum=0, maximum=3600, decimals=2, singleStep=0.5,
                                        suffix=" s")
        self.timeout = QDoubleSpinBox(minimum=0.1, maximum=3600, decimals=2, singleStep=1,
                                      suffix=" s")
        form.addRow("Minimum delay:", self._field(
            "geocoder.min_delay", self.min_delay, lambda v: self.min_delay.setValue(_float(v))))
        form.addRow("Timeout:", self._field(
            "geocoder.timeout", self.timeout, lambda v: self.timeout.setValue(_float(v))))
        self.default_country = QLineEdit(placeholderText="e.g. FR", maxLength=2)
        self.default_country.setMaximumWidth(60)
        form.addRow("Default country:", self._field(
            "geocoder.default_country", self.default_country, self.default_country.setText))
        self.options = QLineEdit(placeholderText='e.g. {"api_key": "…"}')
        form.addRow("Extra options:", self._field("geocoder.options", self.options,
                                                  self.options.setText))
        layout.addWidget(_note(
            "The public Nominatim (nominatim.openstreetmap.org) allows one request per "
            "second and asks for a real user agent naming the app, with your e-mail: "
            "FieldRep never asks it faster, whatever the delay. For thousands of addresses, "
            "use your company's server or a commercial provider."))
        layout.addStretch(1)
        return page

    def _store_page(self) -> QWidget:
        page, layout, form = self._page(
            "Store", "Where FieldRep keeps your accounts, visits and these settings: a SQLite "
                     "file on this computer, or a shared database server.")
        self.current_store = QLineEdit(display_url(self.store.url), readOnly=True)
        self.current_store.setCursorPosition(0)
        self.current_store.setFrame(False)
        self.current_store.setStyleSheet("background: transparent;")
        form.addRow("In use now:", self.current_store)
        self.store_url = QLineEdit(
            placeholderText="empty: the SQLite file in your user data folder")
        browse = QPushButton("Browse…")
        browse.setToolTip("Choose or create a SQLite file")
        browse.clicked.connect(self.choose_store_file)
        row = QHBoxLayout()
        row.addWidget(self.store_url, 1)
        row.addWidget(browse)
        form.addRow("At next start:", self._field(STORE_URL_KEY, row, self.store_url.setText))
        self.test_button = QPushButton("Test connection")
        self.test_button.setToolTip("Try to open the store in the field above (nothing in it "
                                    "is changed)")
        self.test_button.clicked.connect(self.test_store)
        self.test_result = QLabel(wordWrap=True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.test_result, 1)
        form.addRow("", _wrap(test_row))
        layout.addWidget(_note(
            "Any SQLAlchemy URL works, e.g. postgresql+psycopg://rep@db.example.com/fieldrep "
            "for a team's server. The change takes effect at the next start. A password in "
            "the URL is kept in plain text in FieldRep's preferences: a ~/.pgpass file keeps "
            "it out."))
        if env_db_url():
            layout.addWidget(_note(
                f"{DB_ENV} is set on this computer ({display_url(env_db_url())}): it wins "
                "over the choice made here, as the --db option does."))
        layout.addStretch(1)
        return page

    def _connect_changes(self) -> None:
        for edit in (self.address, self.lat, self.lon, self.tile_url, self.domain,
                     self.user_agent, self.default_country, self.options, self.store_url,
                     self.rep_name, self.quota_orders, self.meals_limit, self.lodging_limit,
                     self.receipt_above):
            edit.textChanged.connect(self._validate)
        self.quota_visits.valueChanged.connect(self._validate)
        self.exclude_commute.toggled.connect(self._validate)
        self.rates.changed.connect(self._validate)
        for time_edit in (self.start, self.end):
            time_edit.timeChanged.connect(self._validate)
        for spin in (self.lunch, self.min_delay, self.timeout):
            spin.valueChanged.connect(self._validate)
        for box in (*self.day_boxes, self.tiles_osm):
            box.toggled.connect(self._validate)
        for combo in (self.currency, self.distance, self.provider, self.scheme):
            combo.currentTextChanged.connect(self._validate)
        self.store_url.textChanged.connect(lambda _text: self.test_result.clear())

    # -- values -----------------------------------------------------------------------------
    def _load(self, values: Mapping[str, str]) -> None:
        for key, value in values.items():
            setter = self._setters.get(key)
            if setter is not None:
                setter(value)

    def values(self) -> dict[str, str]:
        """Every setting as the dialog holds it now (not yet saved)."""
        pinned = self._has_pin()
        return {
            "geocoder.provider": self.provider.currentText().strip(),
            "geocoder.domain": self.domain.text().strip(),
            "geocoder.scheme": self.scheme.currentText(),
            "geocoder.user_agent": self.user_agent.text().strip(),
            "geocoder.min_delay": f"{self.min_delay.value():g}",
            "geocoder.timeout": f"{self.timeout.value():g}",
            "geocoder.options": self.options.text().strip(),
            "geocoder.default_country": self.default_country.text().strip(),
            "home.address": self.address.text().strip(),
            "home.lat": self.lat.text().strip(),
            "home.lon": self.lon.text().strip(),
            "home.precision": self._precision if pinned else "",
            "work.start": self.start.time().toString("HH:mm"),
            "work.end": self.end.time().toString("HH:mm"),
            "work.lunch_minutes": str(self.lunch.value()),
            "work.days": format_weekdays(
                i for i, box in enumerate(self.day_boxes) if box.isChecked()),
            "currency": currency_code(self.currency.currentText()),
            "distance.unit": str(self.distance.currentData()),
            "map.tiles": "osm" if self.tiles_osm.isChecked() else "none",
            "map.tile_url": self.tile_url.text().strip(),
            "rep.name": self.rep_name.text().strip(),
            "quota.visits_per_month": str(self.quota_visits.value()),
            "quota.orders_per_month": self.quota_orders.text().strip() or "0",
            "policy.meals_per_day": self.meals_limit.text().strip(),
            "policy.lodging_per_night": self.lodging_limit.text().strip(),
            "policy.receipt_above": self.receipt_above.text().strip(),
            "mileage.exclude_commute": "yes" if self.exclude_commute.isChecked() else "no",
            "mileage.rates": self.rates.text(),
        }

    def problems(self) -> dict[str, str]:
        """Faulty field (setting key, or ``store/url``) → what is wrong, in the dialog's words."""
        values = self.values()
        problems = settings_problems(values)
        if not values["work.days"]:
            problems["work.days"] = "choose at least one working day"
        try:
            store_url(self.store_url.text())
        except StoreError as exc:
            problems[STORE_URL_KEY] = str(exc)
        return {key: human(message) for key, message in problems.items()}

    def changes(self) -> dict[str, str]:
        """The settings that differ from the store's (a default value as "")."""
        return {key: "" if same_value(key, value, SETTINGS[key].default) else value
                for key, value in self.values().items()
                if not same_value(key, value, self._loaded[key])}

    # -- checking -----------------------------------------------------------------------------
    def _validate(self) -> None:
        problems = self.problems()
        for key, label in self._errors.items():
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)
        flagged = {self._page_of.get(key, 0) for key in problems}
        for row in range(self.pages.count()):
            item = self.pages.item(row)
            item.setIcon(self._problem_icon if row in flagged else self._no_icon)
            item.setData(Qt.ItemDataRole.ForegroundRole,
                         QColor("#b3261e") if row in flagged else None)
        self.ok_button.setEnabled(not problems and not self._locating)
        if problems:
            key = min(problems, key=lambda k: self._page_of.get(k, 0))  # in page order
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self.summary.setText(f"{PAGES[self._page_of.get(key, 0)]}: {problems[key]}{more}")
        else:
            self.summary.clear()
        self._update_dependent_fields(problems)

    def _update_dependent_fields(self, problems: Mapping[str, str]) -> None:
        self.scheme.setEnabled(bool(self.domain.text().strip()))
        self.tile_url.setEnabled(self.tiles_osm.isChecked())
        provider = self.provider.currentText().strip() or SETTINGS["geocoder.provider"].default
        self.locate_online.setText(f"Ask the online geocoder ({provider}); else the centre "
                                   "of the town, offline")
        self.locate_button.setEnabled(bool(self.address.text().strip()) and not self._locating)
        self.test_button.setEnabled(bool(self.store_url.text().strip())
                                    and STORE_URL_KEY not in problems and not self._testing)
        self.day_summary.setText(self._day_summary())
        self.precision_line.setText(self._precision_html())

    def _day_summary(self) -> str:
        values = self.values()
        start, end = parse_time(values["work.start"]), parse_time(values["work.end"])
        days = sum(box.isChecked() for box in self.day_boxes)
        if start is None or end is None or end <= start or not days:
            return ""
        work = max(0, end - start - self.lunch.value())
        week = work * days
        return (f"{_duration(work)} of work a day, lunch excluded; {days} "
                f"day{'s' if days > 1 else ''} a week ({_duration(week)})")

    # -- home base --------------------------------------------------------------------------
    def _has_pin(self) -> bool:
        return bool(self.lat.text().strip() or self.lon.text().strip())

    def _set_precision(self, value: str) -> None:
        self._precision = value
        self._locate_note = ""

    def _pin_typed(self, _text: str) -> None:
        self._precision = Precision.MANUAL.value if self._has_pin() else ""
        self._pinned_address = None
        self._locate_note = ""
        self._validate()

    def _precision_html(self) -> str:
        if self._locating:
            return "Looking up…"
        if not self._has_pin():
            note = f"{html.escape(self._locate_note)}<br>" if self._locate_note else ""
            return (f"{note}No pin yet: type the address and press Locate, or type the "
                    "coordinates.")
        text = self._locate_note or describe_precision(self._precision).capitalize() \
            or "A pin (how precise is not known)"
        parts = [html.escape(text)]
        address = self.address.text().strip()
        if self._pinned_address is not None and address != self._pinned_address:
            parts.append("<span style='color: #b3261e'>The address changed since: press "
                         "Locate to move the pin.</span>")
        try:
            lat, lon = float(self.lat.text()), float(self.lon.text())
        except ValueError:
            return "<br>".join(parts)
        parts.append(f"<a href='https://www.openstreetmap.org/?mlat={lat}&amp;mlon={lon}"
                     f"#map=17/{lat}/{lon}'>Check on OpenStreetMap</a>")
        return "<br>".join(parts)

    def locate(self) -> None:
        """Look the address up (online when ticked, else offline) on the worker thread and
        fill in the latitude and longitude."""
        address = self.address.text().strip()
        if not address or self._locating:
            return
        online, note = None, ""
        if self.locate_online.isChecked():
            try:
                online = self._geocoder_factory(self._geocoder_settings())
            except (GeocoderConfigError, ValueError) as exc:
                note = f"online look-up not possible ({exc})"
        country = self.default_country.text().strip()
        store = self.store
        self._locate_request = (address, note)
        self._locating = True
        self._validate()
        self.tasks.submit(lambda _job: find_home(store, address, online, country=country),
                          self._located, self._locate_failed)

    def _geocoder_settings(self) -> dict[str, str]:
        return {key: value or SETTINGS[key].default for key, value in self.values().items()
                if key.startswith("geocoder.")}

    def _located(self, result: HomeLookup) -> None:
        address, note = self._locate_request
        self._locating = False
        found = result.found
        if found is not None:
            self.lat.setText(f"{found.lat:.6f}")
            self.lon.setText(f"{found.lon:.6f}")
            self._precision = found.precision
            self._pinned_address = address
        self._locate_note = "; ".join(p for p in (result.describe(), note) if p)
        self._validate()

    def _locate_failed(self, message: str) -> None:
        self._locating = False
        self._locate_note = f"Locate failed: {message}"
        self._validate()

    # -- working days and currency ----------------------------------------------------------
    def _set_days(self, value: str) -> None:
        try:
            days = set(parse_weekdays(value))
        except ValueError:
            days = set(parse_weekdays(SETTINGS["work.days"].default))
        for day, box in enumerate(self.day_boxes):
            box.setChecked(day in days)

    def _set_currency(self, value: str) -> None:
        index = self.currency.findData(value.upper())
        if index >= 0:
            self.currency.setCurrentIndex(index)
        else:
            self.currency.setEditText(value)

    # -- store --------------------------------------------------------------------------------
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
            url = store_url(self.store_url.text())
        except StoreError:
            return
        if not url or self._testing:
            return
        self._testing = True
        self.test_result.setStyleSheet("")
        self.test_result.setText("Connecting…")
        self._validate()
        self.tasks.submit(lambda _job: _probe(url), self._tested, self._test_failed)

    def _tested(self, outcome: tuple[bool, str]) -> None:
        ok, text = outcome
        self._testing = False
        self.test_result.setStyleSheet(GOOD_STYLE if ok else ERROR_STYLE)
        self.test_result.setToolTip("" if ok else text)
        self.test_result.setText(f"Connected: {text}" if ok else f"Failed: {_reason(text)}")
        self._validate()

    def _test_failed(self, message: str) -> None:
        self._tested((False, message.splitlines()[0] if message else "failed"))

    # -- buttons ------------------------------------------------------------------------------
    def show_page(self, name: str) -> None:
        """Open the page called ``name`` (one of :data:`PAGES`)."""
        self.pages.setCurrentRow(PAGES.index(name))

    def restore_page_defaults(self) -> None:
        """Put the current page's fields back to their defaults (saved only on OK)."""
        page = self.stack.currentIndex()
        keys = [key for key, number in self._page_of.items() if number == page]
        self._load({key: SETTINGS[key].default if key in SETTINGS else "" for key in keys})
        if page == PAGES.index("Home base"):
            self._pinned_address = None
        self._validate()

    def accept(self) -> None:
        """Save every change at once (nothing when one is refused), then close."""
        if self.problems() or self._locating:
            return
        url = store_url(self.store_url.text())
        try:
            set_settings(self.store, self.changes())
        except SettingError as exc:
            self.summary.setText(f"Nothing saved: {human(str(exc))}")
            return
        if url != saved_store_url():
            save_store_url(url)
        self._loaded = get_settings(self.store)
        self.saved.emit()
        super().accept()


def _reason(message: str) -> str:
    """A store error without the URL it starts with (the field above shows it)."""
    head, _sep, rest = message.partition(": ")
    return rest if rest and head.startswith("cannot ") else message


def _note(text: str, *, muted: bool = True) -> QLabel:
    label = QLabel(text, wordWrap=True)
    if muted:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         palette.color(QPalette.ColorRole.PlaceholderText))
        label.setPalette(palette)
    return label


def _wrap(layout: QLayout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget


def _blank_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(0, 0, 0, 0))
    return QIcon(pixmap)


def _qtime(value: str) -> QTime:
    minutes = parse_time(value)
    return QTime(0, 0) if minutes is None else QTime(minutes // 60, minutes % 60)


def _int(value: str) -> int:
    return int(value) if value.strip().isdigit() else 0


def _float(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"

