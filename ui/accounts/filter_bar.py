"""The Accounts page's filter bar: search, territory, tiers, tag, location precision, what
the map's colours say, the count of locations to check (a click shows them), and the chip of
a selection drawn on the map."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from fieldrep.accounts.filters import AccountFilter
from fieldrep.accounts.model import Precision
from fieldrep.territories.data import TerritoryCount
from ui.kit.colours import WARNING
from ui.kit.words import plural

SEARCH_DELAY_MS = 250
PRECISIONS = (
    ("Any location", ""),
    ("Exact or address", "exact"),
    ("Approximate (town, postcode)", "approximate"),
    ("Pinned by hand", Precision.MANUAL.value),
    ("No location", "none"),
    ("Not found by the geocoder", Precision.NOT_FOUND.value),
    ("To check (unsure, not found, none)", "check"),
)
_TERRITORY_CHOICES = [("All territories", None), ("Outside every territory", 0)]


class FilterBar(QWidget):
    """The filters; ``changed`` fires when the rep changes one (typing waits a moment),
    ``selection_cleared`` when the drawn selection's chip is clicked."""

    changed = Signal()
    selection_cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(placeholderText="Search name, street, postcode, city, id…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self.whose = QComboBox()
        self.whose.addItem("My accounts", True)
        self.whose.addItem("The team's", False)
        self.whose.setToolTip("Your own accounts, or the whole team's (a colleague's account "
                              "opens read-only)")
        self.whose.setVisible(False)  # on a team's server only (see show_team)
        self._team = False
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.territory = QComboBox(minimumContentsLength=12)
        self.territory.setToolTip("Territory")
        self.tiers: dict[str, QToolButton] = {}
        tier_box = QHBoxLayout()
        tier_box.setSpacing(0)
        for tier in "ABC":
            button = QToolButton(text=tier, checkable=True)
            button.setToolTip(f"Only tier {tier} (combine with the others)")
            button.toggled.connect(lambda _on: self.changed.emit())
            self.tiers[tier] = button
            tier_box.addWidget(button)
        self.tag = QComboBox(minimumContentsLength=10)
        self.tag.setToolTip("Tag")
        # Combos as wide as their current choice, not their longest one: the whole bar
        # (with the count of locations to check and a drawn selection's chip) fits a
        # laptop's 1366 pixels.
        shrinking = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        self.precision = QComboBox(minimumContentsLength=10, sizeAdjustPolicy=shrinking)
        self.precision.setToolTip("Which locations: exact, approximate, by hand, none…")
        for label, value in PRECISIONS:
            self.precision.addItem(label, value)
        self.colour = QComboBox(minimumContentsLength=10, sizeAdjustPolicy=shrinking)
        self.colour.addItem("Colour by tier", "tier")
        self.colour.addItem("Colour by visit status", "due")
        self.colour.setToolTip("What the colours of the accounts on the map say")
        self.check_button = QPushButton()
        self.check_button.setFlat(True)
        self.check_button.setStyleSheet(f"color: {WARNING}; font-weight: bold")
        self.check_button.setToolTip(
            "Accounts placed among towns of the same name with no postcode to decide, not "
            "found, or with no location: show them, then drag each pin to its place on the "
            "map or correct the address")
        self.check_button.setVisible(False)
        self.check_button.clicked.connect(self.show_to_check)
        self.selection_chip = QPushButton()
        self.selection_chip.setToolTip("Show all accounts again")
        self.selection_chip.setVisible(False)
        self.selection_chip.clicked.connect(self.selection_cleared)
        for combo in (self.whose, self.territory, self.tag, self.precision, self.colour):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.search, 2)
        bar.addWidget(self.whose)
        bar.addWidget(QLabel("Territory"))
        bar.addWidget(self.territory, 1)
        bar.addWidget(QLabel("Tier"))
        bar.addLayout(tier_box)
        bar.addWidget(QLabel("Tag"))
        bar.addWidget(self.tag, 1)
        bar.addWidget(self.precision, 1)
        bar.addWidget(self.colour, 1)
        bar.addWidget(self.check_button)
        bar.addWidget(self.selection_chip)
        _fill_combo(self.territory, _TERRITORY_CHOICES)
        _fill_combo(self.tag, [("Any tag", "")])

    def current_filter(self, ids: frozenset[int] | None = None) -> AccountFilter:
        """What the bar asks for (``ids``: only these accounts, e.g. a drawn selection)."""
        precision = self.precision.currentData() or ""
        return AccountFilter(
            search=self.search.text().strip(),
            territory_id=self.territory.currentData(),
            tiers=frozenset(t for t, b in self.tiers.items() if b.isChecked()),
            tag=self.tag.currentData() or "",
            precision="" if precision in ("none", "check") else precision,
            no_location=precision == "none",
            to_check=precision == "check",
            ids=ids,
            mine=self._team and bool(self.whose.currentData()),
        )

    def coloured_by_due(self) -> bool:
        return self.colour.currentData() == "due"

    def show_choices(self, counts: Sequence[TerritoryCount], tags: Sequence[str]) -> None:
        """The territories and tags there are now (the current choices kept)."""
        _fill_combo(self.territory, _TERRITORY_CHOICES
                    + [(c.territory.name, c.territory.id) for c in counts
                       if c.territory is not None])
        _fill_combo(self.tag, [("Any tag", "")] + [(t, t) for t in tags])

    def show_territory(self, territory_id: int) -> None:
        """Filter on one territory (0: outside every territory)."""
        index = self.territory.findData(territory_id)
        if index < 0:
            self.territory.addItem(f"Territory #{territory_id}", territory_id)
            index = self.territory.count() - 1
        self.territory.setCurrentIndex(index)

    def show_team(self, shared: bool) -> None:
        """Offer "my accounts / the team's" on a team's server (a SQLite file has one rep)."""
        if shared != self._team:
            self._team = shared
            self.whose.setVisible(shared)
            self.changed.emit()  # the rep's own accounts first

    def show_to_check_count(self, count: int) -> None:
        """How many locations the rep should check (the button hides at 0)."""
        self.check_button.setText(f"⚠ {plural(count, 'location')} to check")
        self.check_button.setVisible(count > 0)

    def show_to_check(self) -> None:
        """Filter on the locations to check."""
        self.precision.setCurrentIndex(self.precision.findData("check"))

    def show_selection(self, count: int | None) -> None:
        """The chip of a drawn selection of ``count`` accounts (None: no selection)."""
        self.selection_chip.setVisible(count is not None)
        if count is not None:
            self.selection_chip.setText(f"Selection: {count}  ✕")


def _fill_combo(combo: QComboBox, items: Sequence[tuple[str, Any]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for label, value in items:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)
