"""3. Table filters on the largest store: the service's queries and the window's response."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from common import timed
from PySide6.QtWidgets import QWidget

from app_bench.qt_wait import PageWatch, log, monotonic, pause, wait_until
from fieldrep.accounts.service import AccountFilter, all_tags, count_accounts, list_accounts
from fieldrep.maps.territory_map import map_points, territory_features
from fieldrep.store import Store, open_store
from fieldrep.territories.service import territory_counts
from ui.accounts.model import PAGE_SIZE
from ui.accounts.page import AccountsPage
from ui.window.main_window import MainWindow


@dataclass(frozen=True)
class FilterCase:
    label: str
    where: AccountFilter
    change: Callable[[AccountsPage], None]  # what the rep does in the filter bar


def clear_bar(page: AccountsPage) -> None:
    """Every filter back to its first choice (the search emptied)."""
    page.search.clear()
    for button in page.tiers.values():
        button.setChecked(False)
    page.tag.setCurrentIndex(0)
    page.precision.setCurrentIndex(0)


FILTER_CASES = (
    FilterCase('search "pharm"', AccountFilter(search="pharm"),
               lambda page: page.search.setText("pharm")),
    FilterCase('search "690" (postcode)', AccountFilter(search="690"),
               lambda page: page.search.setText("690")),
    FilterCase("tier A", AccountFilter(tiers=frozenset("A")),
               lambda page: page.tiers["A"].setChecked(True)),
    FilterCase('tag "key-account"', AccountFilter(tag="key-account"),
               lambda page: page.tag.setCurrentIndex(page.tag.findData("key-account"))),
    FilterCase("no location", AccountFilter(no_location=True),
               lambda page: page.precision.setCurrentIndex(page.precision.findData("none"))),
)
# Timed on the way back from each of the others (through refresh(), as the reset).
CLEARED = FilterCase("filters cleared (all)", AccountFilter(), clear_bar)


@dataclass
class FilterMeasure:
    case: FilterCase
    matches: int = 0
    located: int = 0
    service_s: list[float] = field(default_factory=list)   # count + first page
    queries_s: list[float] = field(default_factory=list)   # all of refresh's queries
    rows_s: list[float] = field(default_factory=list)      # refresh() -> first rows
    map_s: list[float] = field(default_factory=list)       # refresh() -> map updated
    change_s: list[float] = field(default_factory=list)    # the rep's change -> first rows


def table_queries(store: Store, where: AccountFilter) -> int:
    """What the table needs: how many match, and the first page of them."""
    total = count_accounts(store, where=where)
    list_accounts(store, where=where, sort="name", offset=0, limit=PAGE_SIZE)
    return total


def refresh_queries(store: Store, where: AccountFilter) -> int:
    """The queries ``AccountsPage.refresh`` runs on its worker (the map page not rebuilt)."""
    counts = territory_counts(store)
    points = map_points(store, where)
    territory_features(counts)
    count_accounts(store, where=where)
    all_tags(store)
    return len(points)


def bench_filter_service(store: Store, measures: list[FilterMeasure], runs: int) -> None:
    for run in range(runs):
        for m in measures[run % len(measures):] + measures[:run % len(measures)]:
            seconds, m.matches = timed(lambda m=m: table_queries(store, m.case.where))
            m.service_s.append(seconds)
            seconds, m.located = timed(lambda m=m: refresh_queries(store, m.case.where))
            m.queries_s.append(seconds)


def refresh_with(page: AccountsPage, case: FilterCase) -> None:
    """Set the filter with the bar's signals blocked, then reload: what happens when the
    search's debounce timer fires (or a button's signal arrives)."""
    widgets: list[QWidget] = [page.search, page.tag, page.precision, *page.tiers.values()]
    for widget in widgets:
        widget.blockSignals(True)
    case.change(page)
    for widget in widgets:
        widget.blockSignals(False)
    page.refresh()


def show_and_wait(page: AccountsPage, act: Callable[[], None], watch: PageWatch,
                  m: FilterMeasure) -> tuple[float, float]:
    """Do ``act``; (seconds to the new model's first rows, seconds to the map's markers)."""
    old = page.model
    token = watch.expect(m.located, fresh=True)
    start = monotonic()
    act()
    rows = wait_until(lambda: page.model is not old and (
        page.model.loaded_rows > 0 or page.model.total == 0))
    markers = watch.wait(token)
    if page.current_filter() != m.case.where or page.model.total != m.matches:
        raise SystemExit(f"{m.case.label}: the window shows {page.model.total} accounts for "
                         f"{page.current_filter()}, expected {m.matches}")
    return rows - start, markers - start


def bench_filter_window(store: Store, measures: list[FilterMeasure], cleared: FilterMeasure,
                        runs: int) -> None:
    """In a shown MainWindow showing every account: each filter set through refresh(), then
    by the rep's change; after each, the filters cleared through refresh(), timed too."""
    window = MainWindow(store, tiles=False)
    window.show()
    page = window.accounts
    watch = PageWatch(page.map)
    wait_until(lambda: page.model is not None and page.model.loaded_rows > 0 and page.map.is_ready)
    watch.wait(watch.expect(cleared.located))

    def clear() -> None:
        rows_s, map_s = show_and_wait(page, lambda: refresh_with(page, CLEARED), watch, cleared)
        cleared.rows_s.append(rows_s)
        cleared.map_s.append(map_s)

    try:
        for run in range(runs):
            for m in measures[run % len(measures):] + measures[:run % len(measures)]:
                rows_s, map_s = show_and_wait(page, lambda m=m: refresh_with(page, m.case),
                                              watch, m)
                m.rows_s.append(rows_s)
                m.map_s.append(map_s)
                clear()
                change_s, _ = show_and_wait(page, lambda m=m: m.case.change(page), watch, m)
                m.change_s.append(change_s)
                clear()
                log(f"  filter run {run + 1}/{runs} {m.case.label}: refresh → rows "
                    f"{rows_s * 1000:.0f} ms, map {map_s * 1000:.0f} ms; change → rows "
                    f"{change_s * 1000:.0f} ms")
    finally:
        window.close()
        pause(0.5)


def bench_filters(url: str, runs: int) -> list[FilterMeasure]:
    store = open_store(url)
    try:
        measures = [FilterMeasure(case) for case in FILTER_CASES]
        cleared = FilterMeasure(CLEARED)
        bench_filter_service(store, [*measures, cleared], runs)
        bench_filter_window(store, measures, cleared, runs)
    finally:
        store.close()
    return [*measures, cleared]

