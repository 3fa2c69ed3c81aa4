"""The online/offline indicator, against real sockets on loopback."""

import socket
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from fieldrep.store import Store
from ui.widgets.connectivity import ConnectivityMonitor, host_and_port
from ui.window.main_window import MainWindow


@pytest.fixture
def listening() -> Iterator[int]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server.getsockname()[1]
    server.close()


def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_host_and_port_of_a_tile_url_template() -> None:
    assert host_and_port("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "tile.openstreetmap.org", 443)
    assert host_and_port("http://{s}.tiles.example:8080/{z}/{x}/{y}.png") == (
        "a.tiles.example", 8080)


def test_status_bar_says_online_then_offline(qtbot: QtBot, store: Store, listening: int) -> None:
    monitor = ConnectivityMonitor("127.0.0.1", listening, every_ms=100, timeout=1.0)
    window = MainWindow(store, connectivity=monitor, tiles=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.network_label.text() == "● Online", timeout=5000)
    monitor.port = closed_port()  # the network goes away
    qtbot.waitUntil(lambda: window.network_label.text() == "● Offline", timeout=5000)
    assert "town" in window.network_label.toolTip()
    window.close()
