"""The results as plain-text tables, one section per measurement."""

from __future__ import annotations

import os
from datetime import date

import folium
from common import machine_line, median, table
from PySide6 import __version__ as pyside_version

from app_bench.cold_start import MILESTONES, ColdMeasure
from app_bench.filters import CLEARED, FilterMeasure
from app_bench.map_speed import FIELDREP, MAP_TARGET_S, MAP_TARGET_SIZE, MapMeasure
from ui.accounts.filter_bar import SEARCH_DELAY_MS
from ui.accounts.model import PAGE_SIZE


def report(info: dict[str, str], loads: tuple[str, str], maps: list[MapMeasure],
           warm: tuple[float, float] | None, colds: list[ColdMeasure],
           filters: list[FilterMeasure]) -> str:
    lines = [f"FieldRep desktop app speed — {date.today().isoformat()}", machine_line(info),
             f"PySide6 {pyside_version}, folium {folium.__version__}; QT_QPA_PLATFORM="
             f"{os.environ['QT_QPA_PLATFORM']} (software rendering, no GPU)",
             f"load average (1, 5, 15 min) at the start: {loads[0]}; at the end: {loads[1]} "
             f"({info['cores']} cores; other work may have been running on the machine)", ""]
    if maps:
        lines += map_report(maps, warm)
    if colds:
        lines += cold_report(colds)
    if filters:
        lines += filter_report(filters)
    return "\n".join(lines).rstrip() + "\n"


def map_report(maps: list[MapMeasure], warm: tuple[float, float] | None) -> list[str]:
    fieldrep_total = {m.size: m.med("total_s") for m in maps if m.tool == FIELDREP and m.runs}
    rows = []
    for m in sorted(maps, key=lambda m: (m.size, m.tool != FIELDREP)):
        if not m.runs:
            rows.append([f"{m.size:,}", m.tool, "-", 0, "-", "-", "-", "-", "-", "-"])
            continue
        rows.append([f"{m.size:,}", m.tool, f"{m.points:,}", len(m.runs), f"{m.med('build_s'):.2f}",
                     f"{m.med('ready_s'):.2f}", f"{m.med('usable_s'):.2f}",
                     f"{m.med('total_s'):.2f}", f"{m.med('page_bytes') / 1e6:.1f}",
                     f"{m.med('total_s') / fieldrep_total[m.size]:.1f}×"])
    lines = ["## 1. The map: from the store to every account on the map",
             "seconds, medians; build = map_points + write_map (peer: map_points + folium's "
             "render), in Python; ready = bridge.ready (peer: loadFinished); usable = every "
             "marker clustered on the map; total = build + usable", "",
             table(["accounts", "page", "on map", "runs", "build s", "load→ready s",
                    "load→usable s", "total s", "page MB", "total ÷ FieldRep's"], rows), ""]
    for m in maps:
        if m.skipped:
            lines.append(f"{m.size:,} accounts, {m.tool}: {m.skipped}")
    if warm:
        lines.append(f"untimed above: the offline gazetteer's first load {warm[0]:.2f} s; the "
                     f"first page load in the process (starts Qt WebEngine) {warm[1]:.2f} s")
    goal = (f"Target: the map of {MAP_TARGET_SIZE:,} accounts in under {MAP_TARGET_S:g} s "
            "(total)")
    if MAP_TARGET_SIZE in fieldrep_total:
        total = fieldrep_total[MAP_TARGET_SIZE]
        verdict = "MET" if total < MAP_TARGET_S else "NOT MET"
        lines.append(f"{goal} — {verdict} (median {total:.2f} s)")
    else:
        lines.append(f"{goal} — not measured")
    return [*lines, ""]


def cold_report(colds: list[ColdMeasure]) -> list[str]:
    rows = [[f"{c.size:,}", len(c.runs), *(f"{c.med(key):.2f}" for key, _ in MILESTONES),
             f"{min(r['usable'] for r in c.runs):.2f}"] for c in colds]
    return ["## 2. Cold start: a new process to a usable window",
            "seconds from launching `python` (imports counted), medians; usable = window shown, "
            "table's first rows painted, map ready with every marker", "",
            table(["accounts", "runs", *(label for _, label in MILESTONES), "best usable"], rows),
            "No target in the issue.", ""]


def filter_report(filters: list[FilterMeasure]) -> list[str]:
    def ms(values: list[float]) -> str:
        return f"{median(values) * 1000:,.0f}" if values else "-"

    rows = [[m.case.label, f"{m.matches:,}", f"{m.located:,}", ms(m.service_s), ms(m.queries_s),
             ms(m.rows_s), ms(m.map_s), ms(m.change_s)] for m in filters]
    runs = len(filters[0].service_s)
    clears = next((len(m.rows_s) for m in filters if m.case is CLEARED), 0)
    return ["## 3. Table filters on 100,000 accounts",
            f"milliseconds, medians of {runs}; service = count_accounts + first page of "
            f"list_accounts ({PAGE_SIZE} rows, by name); refresh queries = everything "
            "AccountsPage.refresh asks the store (its worker); window (MainWindow, all accounts "
            "shown before each change): from refresh() with the filter set (= the search's "
            "debounce timer firing) to the new first rows painted, and to the map showing the "
            "filtered accounts; change→rows = from the rep's change in the filter bar to the "
            f"first rows (searches: includes the {SEARCH_DELAY_MS} ms debounce)", "",
            table(["filter", "matches", "on map", "service ms", "refresh queries ms",
                   "refresh→rows ms", "refresh→map ms", "change→rows ms"], rows),
            f"filters cleared: back to all accounts after each window measurement ({clears} "
            "times, median), from a filtered state.",
            "No target in the issue.  For reference: about 100 ms feels instant, 1 s is "
            "noticed but keeps the rep's flow.", ""]


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())

