"""The import wizard offscreen, driven through its buttons, on a real SQLite store and the
real worker thread: file and sheet, mapping and preview, import, cancel, rejects."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from fieldrep.accounts.service import count_accounts, list_accounts
from fieldrep.cli.main import main as cli_main
from fieldrep.store import Store
from fieldrep.usecases.settings import set_setting
from tests.conftest import write
from tests.fieldrep.importing import hostile_corpus as corpus
from tests.ui.import_wizard.wizard_support import (
    TIMEOUT,
    click,
    import_and_wait,
    next_enabled,
    open_wizard,
)
from ui.import_wizard.rows_panel import TextTableModel
from ui.import_wizard.wizard import ImportWizard
from ui.kit.tasks import TaskRunner
from ui.window.main_window import MainWindow

# Line 3 has no name (rejected), line 4 a tier that says none (imported, tier left empty).
NO_TIER = "'Q' says no tier: use A, B or C (or Hot/Warm/Cold, High/Medium/Low, 1/2/3)"
ONE_BAD_ROW = ("Company;Zip;City;Tier\nPharmacie Centrale;69001;Lyon;A\n"
               ";38000;Grenoble;Q\nBoulangerie Paul;69002;Lyon;Active\n")


def preview_texts(wizard: ImportWizard) -> list[list[str]]:
    model = wizard.mapping_page.preview.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def preview_headers(wizard: ImportWizard) -> list[str]:
    model = wizard.mapping_page.preview.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def rows_of(model: TextTableModel) -> list[tuple[str, ...]]:
    return [tuple(model.text(r, c) for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def test_import_shows_the_rejected_row_with_its_line_and_reason(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path) -> None:
    wizard = open_wizard(qtbot, store, tasks, write(tmp_path / "clients.csv", ONE_BAD_ROW))
    status = wizard.file_page.status.text()
    assert "separated by semicolons" in status and "3 rows" in status
    assert not wizard.file_page.sheet_combo.isVisible()  # a CSV has no sheets

    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == wizard.MAPPING_PAGE
    assert preview_headers(wizard) == ["Line", "Account name", "Postcode", "City",
                                       "Tier (A, B, C)"]
    assert wizard.mapping_page.summary.text() == "2 of 3 preview rows valid"
    bad = wizard.mapping_page.preview.model().index(1, 4)
    assert bad.data() == "Q" and "says no tier" in bad.data(Qt.ItemDataRole.ToolTipRole)
    assert wizard.button(QWizard.WizardButton.NextButton).text().replace("&", "") == "Import"

    result = import_and_wait(qtbot, wizard)
    assert (result.inserted, result.rejected_rows) == (2, 1)
    page = wizard.result_page
    assert page.counts_box.number("inserted") == "2"
    assert page.counts_box.number("rejected") == "1"
    assert page.counts_box.number("warnings") == "1"
    assert rows_of(page.rejects.model()) == [
        ("3", "Tier", "Q", NO_TIER),
        ("3", "Company", "", "the account name is empty")]
    assert page.tabs.tabText(0) == "Rejected rows (1)"
    assert page.tabs.tabText(1) == "Warnings (1)"
    assert rows_of(page.warnings.model()) == [
        ("4", "Tier", "Active", "'Active' says no tier: use A, B or C (or Hot/Warm/Cold, "
         "High/Medium/Low, 1/2/3); left empty")]
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()  # it is saved
    assert sorted(a.name for a in list_accounts(store)) == ["Boulangerie Paul",
                                                            "Pharmacie Centrale"]
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert not wizard.isVisible()


def test_saving_the_report_writes_the_rejected_rows_then_those_with_warnings(
        qtbot: QtBot, store: Store, db_url: str, tasks: TaskRunner, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = open_wizard(qtbot, store, tasks, write(tmp_path / "clients.csv", ONE_BAD_ROW))
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    import_and_wait(qtbot, wizard)
    asked: list[str] = []

    def save_as(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "to-fix"), "CSV file (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    qtbot.mouseClick(wizard.result_page.rejects.save_button, Qt.MouseButton.LeftButton)

    assert asked == [str(tmp_path / "clients-rejected.csv")]
    saved = tmp_path / "to-fix.csv"
    with saved.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["line", "problems", "Company", "Zip", "City", "Tier"],
                    ["3", f"Tier: {NO_TIER}; Company: the account name is empty", "",
                     "38000", "Grenoble", "Q"],
                    ["4", "imported anyway; Tier: 'Active' says no tier: use A, B or C (or "
                     "Hot/Warm/Cold, High/Medium/Low, 1/2/3); left empty", "Boulangerie Paul",
                     "69002", "Lyon", "Active"]]
    assert wizard.result_page.rejects.save_button.text() == "Save rejected rows and warnings…"
    assert wizard.result_page.rejects.saved_label.text() == (
        f"1 rejected row and 1 row with warnings saved to {saved}")
    cli_report = tmp_path / "cli.csv"  # the same report as the command line's
    assert cli_main(["--db", db_url, "import", str(tmp_path / "clients.csv"), "--dry-run",
                     "--report", str(cli_report)]) == 0
    assert cli_report.read_bytes() == saved.read_bytes()


def test_choosing_the_name_column_changes_the_preview_and_the_import(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv", "Raison sociale du client,Ville,Commentaire\n"
                                          "Pharmacie du Parc,Lyon,Parking\n"
                                          "Café <b>Ω</b>,Bron,<i>closed Monday</i>\n")
    wizard = open_wizard(qtbot, store, tasks, path)
    assert "No column was recognised as the account name" in wizard.file_page.status.text()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.mapping_page
    name_combo, notes_combo = page.columns_view.combo(0), page.columns_view.combo(2)
    assert name_combo.currentText() == "— ignore —"
    assert not next_enabled(wizard)
    assert "No column is imported as the account name" in page.problems_label.text()
    assert preview_headers(wizard) == ["Line", "City"]
    assert page.summary.text() == "Fix the choices above to see which rows can be imported."

    name_combo.setCurrentIndex(name_combo.findData("name"))
    assert next_enabled(wizard) and page.problems_label.isHidden()
    assert preview_headers(wizard) == ["Line", "Account name", "City"]
    assert preview_texts(wizard) == [["2", "Pharmacie du Parc", "Lyon"],
                                     ["3", "Café <b>Ω</b>", "Bron"]]  # text, not HTML
    samples = page.columns_view.model().index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "Café &lt;b&gt;Ω&lt;/b&gt;" in samples
    assert page.summary.text() == "2 of 2 preview rows valid"

    notes_combo.setCurrentIndex(notes_combo.findData("name"))  # the same field twice
    assert not next_enabled(wizard)
    assert ("“Account name” is chosen for 2 columns (“Raison sociale du client”, "
            "“Commentaire”)") in page.problems_label.text()
    notes_combo.setCurrentIndex(notes_combo.findData("notes"))
    assert preview_texts(wizard)[1] == ["3", "Café <b>Ω</b>", "Bron", "<i>closed Monday</i>"]

    result = import_and_wait(qtbot, wizard)
    assert (result.inserted, result.rejected_rows, result.ignored_columns) == (2, 0, [])
    stored = {a.name: a for a in list_accounts(store)}
    assert stored["Café <b>Ω</b>"].notes == "<i>closed Monday</i>"
    assert stored["Pharmacie du Parc"].city == "Lyon"

    # The next file with the same headers opens with the choices the rep confirmed.
    again = write(tmp_path / "next.csv", "raison sociale du client,VILLE,Commentaire\n"
                                         "Fleuriste Rose,Vienne,\n")
    wizard = open_wizard(qtbot, store, tasks, again)
    assert "No column was recognised" not in wizard.file_page.status.text()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.mapping_page
    assert [page.columns_view.combo(i).currentData() for i in range(3)] == [
        "name", "city", "notes"]
    assert preview_texts(wizard) == [["2", "Fleuriste Rose", "Vienne", ""]]


def test_a_workbook_lets_the_rep_import_its_second_sheet(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Read me first"])
    workbook.active.append(["The accounts are on the next sheet"])
    sheet = workbook.create_sheet("Clients")
    sheet.append(["Company", "Postal code", "City", "Annual value"])
    sheet.append(["Clinique du Parc", 69006, "Lyon", 250000])
    sheet.append(["Pharmacie Bellecour", "69002", "Lyon", None])
    sheet.append(["Cabinet Martin", "01000", "Bourg-en-Bresse", "beaucoup"])
    path = tmp_path / "territory.xlsx"
    workbook.save(path)

    wizard = open_wizard(qtbot, store, tasks, path)
    combo = wizard.file_page.sheet_combo
    assert combo.isVisible()
    assert [combo.itemText(i) for i in range(combo.count())] == ["Notes", "Clients"]
    assert wizard.file_page.status.text().startswith("Sheet “Notes”: 1 row below the header")

    combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: wizard.file_page.isComplete(), timeout=TIMEOUT)
    assert wizard.file_page.status.text().startswith("Sheet “Clients”: 3 rows below the header")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert preview_texts(wizard) == [
        ["2", "Clinique du Parc", "69006", "Lyon", "250000.00"],
        ["3", "Pharmacie Bellecour", "69002", "Lyon", ""],
        ["4", "Cabinet Martin", "01000", "Bourg-en-Bresse", "beaucoup"]]

    result = import_and_wait(qtbot, wizard)
    assert (result.inserted, result.rejected_rows) == (3, 0)  # the bad value is left empty
    assert rows_of(wizard.result_page.warnings.model()) == [
        ("4", "Annual value", "beaucoup", "'beaucoup' is not an amount; write it like 12.50 "
         "or 12,50; left empty")]
    assert wizard.result_page.tabs.currentIndex() == 1  # the warnings are shown first
    assert sorted(a.name for a in list_accounts(store)) == ["Cabinet Martin",
                                                            "Clinique du Parc",
                                                            "Pharmacie Bellecour"]


def test_a_cancelled_import_saves_nothing_and_can_be_started_again(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "big.csv", "name\n" + "".join(f"Account {i}\n" for i in range(3000)))
    wizard = open_wizard(qtbot, store, tasks, path)
    imported: list[object] = []
    wizard.imported.connect(imported.append)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)  # Import: the job is queued
    page = wizard.import_page
    assert wizard.currentId() == wizard.IMPORT_PAGE and page.running
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not page.running, timeout=TIMEOUT)
    assert "cancelled: nothing was saved" in page.message.text()
    assert count_accounts(store) == 0 and imported == []
    assert wizard.currentId() == wizard.IMPORT_PAGE
    assert not next_enabled(wizard)

    click(qtbot, wizard, QWizard.WizardButton.BackButton)  # change nothing, import again
    result = import_and_wait(qtbot, wizard)
    assert result.inserted == 3000 and count_accounts(store) == 3000
    assert imported == [result]


def test_closing_the_wizard_while_importing_cancels_the_import(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "big.csv", "name\n" + "".join(f"Account {i}\n" for i in range(2000)))
    wizard = open_wizard(qtbot, store, tasks, path)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    wizard.reject()  # Esc or the window's close button
    assert wizard.isVisible()  # it stays to say what happened
    qtbot.waitUntil(lambda: not wizard.import_page.running, timeout=TIMEOUT)
    assert "nothing was saved" in wizard.import_page.message.text()
    assert count_accounts(store) == 0
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not wizard.isVisible()


def test_a_failed_import_shows_the_reason_and_says_nothing_was_saved(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path) -> None:
    with store.engine.begin() as conn:  # the disk fills up on the 2nd row
        conn.execute(text("CREATE TRIGGER full BEFORE INSERT ON accounts WHEN NEW.name = 'Two'"
                          " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"))
    wizard = open_wizard(qtbot, store, tasks, write(tmp_path / "a.csv", "name\nOne\nTwo\n"))
    imported: list[object] = []
    wizard.imported.connect(imported.append)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.RESULT_PAGE, timeout=TIMEOUT)

    page = wizard.result_page
    assert page.headline.text() == "Nothing was saved: your accounts are as they were."
    assert page.details.text().startswith("Reason: the store refused the import, nothing was "
                                          "saved: database or disk is full\n")
    assert wizard.button(QWizard.WizardButton.BackButton).isEnabled()  # to try again
    assert page.tabs.isHidden() and page.counts_box.isHidden()
    assert imported == [] and count_accounts(store) == 0


def test_check_only_saves_nothing_then_imports_on_request(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path) -> None:
    wizard = open_wizard(qtbot, store, tasks, write(tmp_path / "clients.csv", ONE_BAD_ROW))
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    wizard.mapping_page.dry_run.setChecked(True)
    assert wizard.button(QWizard.WizardButton.NextButton).text().replace("&", "") == "Check"
    imported: list[object] = []
    wizard.imported.connect(imported.append)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.RESULT_PAGE, timeout=TIMEOUT)

    page = wizard.result_page
    assert page.headline.text() == "Check only: nothing was saved. 2 accounts would be saved."
    assert page.counts_box.caption("inserted") == "would be imported"
    assert rows_of(page.rejects.model())[0][0] == "3"
    assert count_accounts(store) == 0 and imported == []

    with qtbot.waitSignal(wizard.imported, timeout=TIMEOUT):
        qtbot.mouseClick(page.import_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.RESULT_PAGE, timeout=TIMEOUT)
    assert page.headline.text() == "2 accounts saved."
    assert count_accounts(store) == 2


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("broken.xlsx", b"PK\x03\x04broken", "not a readable Excel workbook"),
    ("empty.csv", b"", "the file is empty"),
    ("missing.csv", None, "no such file"),
    ("wide.csv", ",".join(f"c{n}" for n in range(20_000)).encode() + b"\nA\n",
     "wide.csv, line 1: a row of 20,000 columns is over the limit of 2,000 columns"),
    ("long.csv", b"name\n" + b"x" * 50_000 + b"\n",
     "long.csv, line 2, column 'name': a cell of 50,000 characters is over the limit of "
     "32,767 characters for one cell"),
])
def test_an_unreadable_file_shows_why_and_blocks_next(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path,
        name: str, content: bytes | None, reason: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    wizard = open_wizard(qtbot, store, tasks, path)
    assert wizard.file_page.status.text().startswith("This file cannot be imported: ")
    assert reason in wizard.file_page.status.text()
    assert not next_enabled(wizard)

    good = write(tmp_path / "good.csv", "name\nA\n")
    wizard.file_page.path_edit.setText(str(good))  # typed: read after a short pause
    assert not next_enabled(wizard)
    qtbot.waitUntil(lambda: next_enabled(wizard), timeout=TIMEOUT)
    assert "1 row below the header" in wizard.file_page.status.text()


def test_a_zip_bomb_is_refused_on_the_file_page_in_one_line(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path) -> None:
    bomb = corpus.bomb_workbook(tmp_path / "bomb.xlsx", unpacked_mb=300)
    wizard = open_wizard(qtbot, store, tasks, bomb)
    assert wizard.file_page.status.text() == (
        "This file cannot be imported: bomb.xlsx: unpacking to 300.0 MB is over the limit of "
        "256.0 MB unpacked for a workbook; split it into smaller files")
    assert not next_enabled(wizard)


def test_the_window_opens_the_wizard_on_its_runner_and_shows_what_was_imported(
        qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model is not None, timeout=TIMEOUT)
    wizard = window.open_import_wizard(write(tmp_path / "clients.csv", ONE_BAD_ROW))
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=TIMEOUT)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    import_and_wait(qtbot, wizard)
    qtbot.waitUntil(lambda: window.count_label.text() == "2 accounts", timeout=TIMEOUT)
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    window.tasks.wait(TIMEOUT)


def test_closing_the_wizard_while_the_file_is_read_drops_the_read(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path) -> None:
    wizard = ImportWizard(store, tasks, path=write(tmp_path / "a.csv", "name\nOne\n"))
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # as the window opens it
    wizard.show()
    assert wizard.file_page.reading
    with qtbot.waitSignal(wizard.destroyed, timeout=TIMEOUT):
        wizard.reject()
    assert tasks.wait(TIMEOUT)
    QApplication.processEvents()  # the read's result arrives: nothing is left to show it


def test_phones_without_a_country_are_read_for_the_default_country(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path) -> None:
    set_setting(store, "geocoder.default_country", "FR")
    path = write(tmp_path / "clients.csv", "Company;Phone;Zip\n"
                 "Pharmacie Centrale;01 42 68 53 00;1000\n")
    wizard = open_wizard(qtbot, store, tasks, path)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    # the preview shows the phone and the postcode as the import will store them
    assert preview_texts(wizard) == [["2", "Pharmacie Centrale", "+33 1 42 68 53 00", "01000"]]
    assert import_and_wait(qtbot, wizard).warnings == []
    [account] = list_accounts(store)
    assert [c.phone for c in account.contacts] == ["+33 1 42 68 53 00"]
