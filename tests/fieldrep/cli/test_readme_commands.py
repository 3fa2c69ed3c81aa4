"""Every ``fieldrep …`` command the README shows with real values runs, in the order the
README shows them, on a demo store: a promise in the README is a command that works."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from PIL import Image

from fieldrep.cli.main import main

README = Path(__file__).resolve().parents[3] / "README.md"
#: Words that stand for a value the reader fills in.
_PLACEHOLDERS = {"D", "ID", "N", "A", "C", "T", "M", "R", "S", "X", "KEY", "VALUE", "START",
                 "END", "ACCOUNT", "NAME", "CUR", "URL", "MIN", "AMOUNT", "TEXT", "COLUMN",
                 "TERRITORY", "REP", "YYYY-MM"}


#: README commands that need what a test machine has not (a team's server, a region's
#: extract): they must be refused in one line (exit 2, no traceback) rather than run.
NEEDS_OUTSIDE = ("fieldrep --db postgresql", "fieldrep roads import ", "fieldrep roads route ")


def _synopsis(word: str) -> bool:
    """Whether ``word`` belongs to a synopsis rather than a command to type."""
    if word.startswith("[{"):  # a JSON value
        return False
    return (word in _PLACEHOLDERS or "FILE" in word or "…" in word or "|" in word
            or word.startswith(("[", "(")) or word.endswith("]"))


def readme_commands(text: str) -> list[str]:
    """The README's ``fieldrep`` commands with real values, in order: from its shell
    blocks and its inline code, leaving out the synopses (``[…]``, ``a|b``, ``FILE``)."""
    found: list[tuple[int, str]] = []
    for block in re.finditer(r"```sh\n(.*?)```", text, re.S):
        for line in block.group(1).replace("\\\n", " ").splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("fieldrep "):
                found.append((block.start(), line))
    found += [(m.start(), m.group(1)) for m in re.finditer(r"`(fieldrep\s[^`]+)`", text)]
    commands = []
    for _at, command in sorted(found, key=lambda item: item[0]):  # stable: block order kept
        command = " ".join(command.split())
        if any(_synopsis(w) for w in shlex.split(command)):
            continue
        if command not in commands:
            commands.append(command)
    return commands


def test_the_readme_has_commands_to_run() -> None:
    commands = readme_commands(README.read_text(encoding="utf-8"))
    assert "fieldrep plan day --date 2026-11-24" in commands
    assert "fieldrep expense report submit 1" in commands
    assert "fieldrep plan week --from 2026-11-23 --days 5 --export week.gpx" in commands
    assert not [c for c in commands if "FILE" in c or " [-" in c or "…" in c]


def test_every_readme_command_runs(db_url: str, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    photos = tmp_path / "Photos"
    photos.mkdir()
    Image.new("RGB", (300, 400), (240, 230, 210)).save(photos / "IMG_2231.jpg")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["--db", db_url, "demo", "--history"]) == 0
    failed = []
    for command in readme_commands(README.read_text(encoding="utf-8")):
        args = [str(Path(w).expanduser()) for w in shlex.split(command)[1:]]
        outside = command.startswith(NEEDS_OUTSIDE)
        if command.startswith("fieldrep --db "):
            args = args[2:]  # the example's server: this test's store stands in for it
        code = main(["--db", db_url, *args])
        out, err = capsys.readouterr()
        refusal = err.strip().splitlines()[-1:]  # after any progress lines
        if outside and code == 2 and "Traceback" not in err and refusal and (
                refusal[0].startswith("fieldrep")):
            continue
        if code != 0 or "Traceback" in out + err:
            failed.append(f"{command}: exit {code}: {err.strip() or out.strip()[-300:]}")
    assert failed == []
