"""The rest of the day's route as QR codes, to scan with the phone: one code a link, the
route split where the maps app limits its waypoints."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldrep.visits.navigation import Destination, MapService, qr_png, route_links
from ui.kit.colours import MUTED, text_style
from ui.kit.labels import plain_label

COLUMNS = 3


class RouteQrDialog(QDialog):
    """QR codes of the route through ``places`` (from where the rep is to the day's end)."""

    def __init__(self, places: Sequence[Destination], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The day's route on your phone")
        self.places = list(places)
        self.service = QComboBox()
        for service in MapService:
            self.service.addItem(service.label, service.value)
        self.service.currentIndexChanged.connect(self._fill)
        self.note = plain_label("")
        self.note.setStyleSheet(text_style(MUTED))
        self.codes = QWidget()
        self.grid = QGridLayout(self.codes)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.codes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.service)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(760, 600)
        self.urls: list[str] = []
        self._fill()

    def _fill(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        service = MapService(self.service.currentData())
        links = route_links(service, self.places, phone=True)
        self.urls = [link.url for link in links]
        limit = service.waypoints(phone=True)
        self.note.setText(
            f"Scan the codes in order: {len(links)} for the rest of the day. "
            + (f"{service.label} takes {limit} stops on the way in a phone's link, so the "
               "route is split." if limit else
               f"{service.label} drives to one place at a time: one code a leg."))
        for n, link in enumerate(links):
            box = QVBoxLayout()
            image = QLabel()
            pixmap = QPixmap()
            pixmap.loadFromData(qr_png(link.url, scale=4))
            image.setPixmap(pixmap)
            image.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = plain_label(f"{n + 1}. {link.label}")
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            holder = QWidget()
            holder.setLayout(box)
            box.addWidget(image)
            box.addWidget(caption)
            self.grid.addWidget(holder, n // COLUMNS, n % COLUMNS)
