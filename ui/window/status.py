"""The main window's status bar: the accounts count, passing messages, the network light
and the store in use."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ui.kit.colours import GOOD, WARNING, text_style

MESSAGE_MS = 10000
LONG_MESSAGE_MS = 15000


class StatusBar(QStatusBar):
    """The count on the left; the network state and the store on the right."""

    def __init__(self, store_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count_label = QLabel()
        self.network_label = QLabel("Network: not checked")
        self.addWidget(self.count_label)
        self.addPermanentWidget(self.network_label)
        self.addPermanentWidget(QLabel(f"Store: {store_label(store_url)}"))

    def tell(self, message: str, *, long: bool = False) -> None:
        """A passing message (``long``: the outcome of a long job, shown a while longer)."""
        self.showMessage(message, LONG_MESSAGE_MS if long else MESSAGE_MS)

    def set_online(self, online: bool) -> None:
        """Show the network state; tiles load on their own when the network is back."""
        if online:
            self.network_label.setText("● Online")
            self.network_label.setStyleSheet(text_style(GOOD))
            self.network_label.setToolTip("The map shows OpenStreetMap tiles; geocoding "
                                          "asks the online provider.")
        else:
            self.network_label.setText("● Offline")
            self.network_label.setStyleSheet(text_style(WARNING))
            self.network_label.setToolTip("Working offline: the map shows a plain background "
                                          "with town names; accounts are placed at their "
                                          "town.")


def store_label(url: str) -> str:
    """The store as the rep knows it: the file of a SQLite store, else its server."""
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url.split("@")[-1]
