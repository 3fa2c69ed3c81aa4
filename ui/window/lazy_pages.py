"""Pages of the window's stack that are built when first shown (or first asked for).

A page that is not the first one shown costs its imports and its widgets at start for
nothing; :class:`LazyPages` keeps an empty stand-in at its place in the
:class:`QStackedWidget` and swaps the real page in, at the same index, the first time the
page is needed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget


class LazyPages:
    """The pages of ``stack`` built on demand, by name."""

    def __init__(self, stack: QStackedWidget) -> None:
        self.stack = stack
        self._waiting: dict[str, tuple[QWidget, Callable[[], QWidget]]] = {}
        self._built: dict[str, QWidget] = {}

    def add(self, name: str, build: Callable[[], QWidget]) -> None:
        """Reserve the next place of the stack for the page ``build`` makes when needed."""
        stand_in = QWidget()
        self.stack.addWidget(stand_in)
        self._waiting[name] = (stand_in, build)

    def built(self, name: str) -> QWidget | None:
        """The page if it was built already, else None (nothing is built)."""
        return self._built.get(name)

    def refresh(self, name: str) -> None:
        """Have the page read the store again if it was built (else it reads it when
        first shown)."""
        page = self._built.get(name)
        if page is not None:
            page.refresh()  # type: ignore[attr-defined]

    def get(self, name: str) -> QWidget:
        """The page, built now (in the stand-in's place) if it was not yet."""
        page = self._built.get(name)
        if page is not None:
            return page
        stand_in, build = self._waiting.pop(name)
        page = build()
        self._built[name] = page
        index = self.stack.indexOf(stand_in)
        was_current = self.stack.currentIndex() == index
        blocked = self.stack.blockSignals(True)
        try:
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(stand_in)
            if was_current:
                self.stack.setCurrentIndex(index)
        finally:
            self.stack.blockSignals(blocked)
        stand_in.deleteLater()
        return page

    def show(self, index: int) -> None:
        """Show the page at ``index`` of the stack, building it first if needed."""
        for name, (stand_in, _build) in list(self._waiting.items()):
            if self.stack.indexOf(stand_in) == index:
                self.get(name)
                break
        self.stack.setCurrentIndex(index)
