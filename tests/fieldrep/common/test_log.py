"""The log file: where it goes, that it is opened once, and that a folder that cannot be
written costs the log file only."""

import logging
from pathlib import Path

import pytest

from fieldrep.common.log import log_file, start_log_file, stop_log_file


def _file_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger("fieldrep").handlers
            if isinstance(h, logging.FileHandler)]


def test_what_fieldrep_logs_lands_in_the_users_log_folder(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    try:
        path = start_log_file()
        assert start_log_file() == path == log_file()  # a second start changes nothing
        assert len(_file_handlers()) == 1
        logging.getLogger("fieldrep.travel.osrm").warning("road server example.org down")
    finally:
        stop_log_file()
    assert path is not None and path.is_relative_to(tmp_path / "state")
    assert "WARNING fieldrep.travel.osrm: road server example.org down" in path.read_text()
    assert _file_handlers() == []


def test_a_new_log_folder_moves_the_file(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "first"))
    try:
        first = start_log_file()
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "second"))
        second = start_log_file()
        logging.getLogger("fieldrep").warning("after the move")
    finally:
        stop_log_file()
    assert first is not None and second is not None and first != second
    assert len(_file_handlers()) == 0
    assert "after the move" in second.read_text()
    assert "after the move" not in first.read_text()


def test_an_unwritable_log_folder_means_no_log_file(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder would be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    assert start_log_file() is None
    assert _file_handlers() == []
