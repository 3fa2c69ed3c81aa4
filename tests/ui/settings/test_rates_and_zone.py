"""The settings dialog's mileage rate table shows its headings whole, and the time zone
field takes an IANA name (or the computer's)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QHeaderView, QStyle
from pytestqt.qtbot import QtBot

from fieldrep.store import Store
from fieldrep.usecases.settings import get_settings
from ui.kit.tasks import TaskRunner
from ui.settings.dialog import SettingsDialog
from ui.settings.rates_editor import COLUMNS


@pytest.fixture
def dialog(qtbot: QtBot, store: Store) -> Iterator[SettingsDialog]:
    tasks = TaskRunner()
    opened = SettingsDialog(store, tasks, get_settings(store))
    qtbot.addWidget(opened)
    opened.show()
    yield opened
    tasks.wait()


def test_every_rate_heading_is_shown_whole(qtbot: QtBot, dialog: SettingsDialog) -> None:
    rates = dialog.editor("mileage.rates")
    dialog.show_page("Quotas & expenses")
    rates.add_row({"from": "2026-01-01", "to": "2026-12-31", "rate": "0.636", "unit": "km",
                   "currency": "EUR", "label": "2026 rate"})
    qtbot.waitUntil(rates.table.isVisible)
    header: QHeaderView = rates.table.horizontalHeader()
    metrics = header.fontMetrics()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    for column, (heading, _key) in enumerate(COLUMNS):
        needed = metrics.horizontalAdvance(heading) + 2 * margin
        assert header.sectionSize(column) >= needed, heading
    shown = sum(header.sectionSize(c) for c in range(len(COLUMNS)))
    assert shown <= rates.table.viewport().width() + 1  # no heading pushed out of view
    tip = rates.model.headerData(1, header.orientation(), 3)  # ToolTipRole
    assert tip == "The last day it applies (empty: until a later period starts)"


def test_the_time_zone_is_saved_as_the_tz_database_spells_it(
        qtbot: QtBot, store: Store, dialog: SettingsDialog) -> None:
    zone = dialog.editor("work.timezone")
    assert "this computer's" in zone.placeholderText()
    zone.setText("Paris")
    assert not dialog.ok_button.isEnabled()
    assert "must be a time zone such as Europe/Paris" in dialog.summary.text()
    zone.setText("europe/paris")
    assert dialog.ok_button.isEnabled(), dialog.summary.text()
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        dialog.ok_button.click()
    assert get_settings(store)["work.timezone"] == "Europe/Paris"
