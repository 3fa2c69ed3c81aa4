"""The main window's status bar: the accounts count, passing messages, the network light,
the store in use, and "waiting for the store…" while a save waits for another program's
write to a SQLite store (the save goes through once it is free)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from fieldrep.store.waiting import WAITING_MESSAGE, add_listener
from ui.kit.colours import GOOD, WARNING, text_style

MESSAGE_MS = 10000
LONG_MESSAGE_MS = 15000


class StatusBar(QStatusBar):
    """The count on the left; the network state and the store on the right."""

    #: Seconds a save has waited for the store so far; None once it got through.
    store_waiting = Signal(object)

    def __init__(self, store_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count_label = QLabel()
        self.network_label = QLabel("Network: not checked")
        self.waiting_label = QLabel(WAITING_MESSAGE[:1].upper() + WAITING_MESSAGE[1:])
        self.waiting_label.setStyleSheet(text_style(WARNING))
        self.waiting_label.setToolTip("Another program is writing to the store: your change "
                                      "is kept and saved as soon as the store is free.")
        self.waiting_label.setVisible(False)
        self.addWidget(self.count_label)
        self.addPermanentWidget(self.waiting_label)
        self.addPermanentWidget(self.network_label)
        self.addPermanentWidget(QLabel(f"Store: {store_label(store_url)}"))
        # Told from the worker thread that waits: the signal brings it to this thread.
        self.store_waiting.connect(self._show_waiting)
        remove = add_listener(self.store_waiting.emit)
        self.destroyed.connect(lambda *_: remove())

    def _show_waiting(self, waited: float | None) -> None:
        self.waiting_label.setVisible(waited is not None)

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
