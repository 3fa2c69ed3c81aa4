"""Online or offline: a light, periodic check the status bar shows.

It opens a TCP connection to the map tile server (or the host the settings name) off the
UI thread; a success within the timeout means online.  Nothing is sent.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

CHECK_EVERY_MS = 60_000
TIMEOUT_S = 3.0


def host_and_port(url: str) -> tuple[str, int]:
    """The host and port of a URL template such as ``https://tile.osm.org/{z}/{x}/{y}.png``."""
    parts = urlsplit(url.replace("{s}", "a"))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or "", port


class _Probe(QRunnable):
    def __init__(self, monitor: ConnectivityMonitor) -> None:
        super().__init__()
        self.monitor = monitor

    @Slot()
    def run(self) -> None:
        try:
            with socket.create_connection((self.monitor.host, self.monitor.port),
                                          timeout=self.monitor.timeout):
                online = True
        except OSError:
            online = False
        self.monitor.checked.emit(online)


class ConnectivityMonitor(QObject):
    """Emits ``changed(online)`` when the answer changes (and after the first check)."""

    changed = Signal(bool)
    checked = Signal(bool)

    def __init__(self, host: str, port: int, parent: QObject | None = None, *,
                 every_ms: int = CHECK_EVERY_MS, timeout: float = TIMEOUT_S) -> None:
        super().__init__(parent)
        self.host, self.port, self.timeout = host, port, timeout
        self.online: bool | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self, interval=every_ms)
        self._timer.timeout.connect(self.check)
        self.checked.connect(self._record)

    def start(self) -> None:
        """Check now, then every so often."""
        self.check()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._pool.waitForDone(int(self.timeout * 1000) + 500)

    def check(self) -> None:
        if self._pool.activeThreadCount() == 0:
            self._pool.start(_Probe(self))

    def _record(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.changed.emit(online)
