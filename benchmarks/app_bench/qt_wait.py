"""The clock, the log, the app's preferences kept apart, and waits in the Qt event loop
(until a map page reports every marker clustered, among others)."""

from __future__ import annotations

import itertools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer

from ui.widgets.map_view import MapView

POLL_MS = 5
LOAD_TIMEOUT_S = 300.0

# Run in the page: wait until every marker is clustered, then set the title to ``token``.
# ``_topClusterLevel.getChildCount()`` is markercluster's running count (cheap to poll);
# ``getLayers()`` walks every marker, so it is only asked once the count is there.  With
# ``fresh``, the markers must have been added again since (``FieldRep.setAccounts`` clears
# the cluster, which makes a new top level).
WAITER_JS = """
(function (want, token, fresh) {
  function cluster() {
    var key = Object.keys(window).filter(function (k) {
      return k.indexOf("marker_cluster_") === 0; })[0];
    return key ? window[key] : null;
  }
  var before = fresh && cluster() ? cluster()._topClusterLevel : null;
  function done() {
    var c = cluster();
    if (!c || !c._map || c._needsClustering.length) { return false; }
    var top = c._topClusterLevel;
    if (!top || top === before || top.getChildCount() !== want) { return false; }
    if (window.FieldRep && window.FieldRep.state().accounts !== want) { return false; }
    return c.getLayers().length === want;
  }
  (function check() {
    if (done()) {
      requestAnimationFrame(function () { document.title = token; });
    } else {
      setTimeout(check, 10);
    }
  })();
})(%d, %s, %s);
"""



def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def monotonic() -> float:
    """The system's monotonic clock, the same in every process (the cold start's parent and
    child read it); every time here is read from it."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def isolate_preferences(folder: Path) -> None:
    """The app's QSettings (window geometry, chosen store) in ``folder``, not the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))



def wait_until(done: Callable[[], bool], timeout_s: float = LOAD_TIMEOUT_S) -> float:
    """Run the event loop until ``done()``; the time (:func:`monotonic`) it was seen true.

    An exception in ``done`` ends the wait and is raised here (Qt would only print it).
    """
    if done():
        return monotonic()
    seen: list[float] = []
    failed: list[BaseException] = []
    loop = QEventLoop()
    deadline = monotonic() + timeout_s

    def check() -> None:
        try:
            if done():
                seen.append(monotonic())
                loop.quit()
            elif monotonic() > deadline:
                loop.quit()
        except Exception as exc:
            failed.append(exc)
            loop.quit()

    timer = QTimer()
    timer.setInterval(POLL_MS)
    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if failed:
        raise failed[0]
    if not seen:
        raise TimeoutError(f"still waiting after {timeout_s:.0f} s")
    return seen[0]


def pause(seconds: float) -> None:
    """Let the event loop run (deferred deletes, the renderer settling)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class PageWatch:
    """Times when a map page reports all its markers clustered (through its title)."""

    _tokens = itertools.count(1)

    def __init__(self, view: MapView) -> None:
        self.page = view.page
        self.seen: dict[str, float] = {}
        self.page.titleChanged.connect(self._title)

    def _title(self, title: str) -> None:
        self.seen.setdefault(title, monotonic())

    def expect(self, markers: int, *, fresh: bool = False) -> str:
        """Start waiting in the page for ``markers`` markers (``fresh``: added from now on);
        the token the page will report."""
        token = f"fieldrep-bench-{next(self._tokens)}"
        self.page.runJavaScript(WAITER_JS % (markers, json.dumps(token), json.dumps(fresh)))
        return token

    def wait(self, token: str, timeout_s: float = LOAD_TIMEOUT_S) -> float:
        """When the page reported ``token``; a script error in the page ends the run."""

        def done() -> bool:
            errors = [line for line in self.page.console if "Uncaught" in line]
            if errors:
                raise RuntimeError(f"the page failed: {errors[0]}")
            return token in self.seen

        return wait_until(done, timeout_s)

