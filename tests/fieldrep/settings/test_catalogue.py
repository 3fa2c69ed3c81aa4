"""A feature declares a key (with its check, a rule across keys and a change it implies) and
the catalogue, the store and ``fieldrep settings`` know it, with nothing else to edit."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from fieldrep.cli import settings as settings_command
from fieldrep.cli.main import main
from fieldrep.settings.catalogue import Catalogue
from fieldrep.settings.kinds import Choice, Count
from fieldrep.settings.spec import Declarations, JointRule, Scope, Setting, SettingError
from fieldrep.settings.stored import read_values
from fieldrep.store import Store
from fieldrep.usecases import settings as every_setting

COLOUR = Setting("demo.colour",
                 Choice({"red": "Red", "blue": "Blue"}, "must be red or blue, not {value!r}"),
                 "red", "the colour of the demo's pins", Scope.REP, "pin colour")
SIZE = Setting("demo.size", Count(), "10", "how large the pins are", Scope.MACHINE, "pin size")


def _no_big_red_pins(values: Mapping[str, str]) -> tuple[str, str] | None:
    if values["demo.colour"] == "red" and int(values["demo.size"]) > 50:
        return "demo.size", "demo.size above 50 must be blue"
    return None


def _size_follows_blue(changes: dict[str, str]) -> None:
    if changes.get("demo.colour") == "blue" and "demo.size" not in changes:
        changes["demo.size"] = "20"


DEMO = Declarations(settings=(COLOUR, SIZE),
                    rules=(JointRule(("demo.colour", "demo.size"), _no_big_red_pins),),
                    completions=(_size_follows_blue,))


@pytest.fixture
def with_demo(monkeypatch: pytest.MonkeyPatch) -> Catalogue:
    catalogue = Catalogue((DEMO, *_real_declarations()))
    monkeypatch.setattr(every_setting, "CATALOGUE", catalogue)
    monkeypatch.setattr(settings_command, "CATALOGUE", catalogue)
    return catalogue


def _real_declarations() -> tuple[Declarations, ...]:
    from fieldrep.expenses import settings as expenses
    from fieldrep.geocoding import settings as geocoding
    from fieldrep.maps import settings as maps
    from fieldrep.planning import settings as planning
    from fieldrep.travel import settings as travel
    from fieldrep.visits import settings as visits

    return tuple(module.DECLARATIONS
                 for module in (geocoding, planning, expenses, visits, maps, travel))


def test_every_feature_declaration_is_in_the_catalogue() -> None:
    declared = [s.key for declared in _real_declarations() for s in declared.settings]
    assert every_setting.CATALOGUE.keys() == declared


def test_a_key_is_declared_once() -> None:
    with pytest.raises(ValueError, match=r"'demo\.colour' is declared twice"):
        Catalogue((DEMO, Declarations(settings=(COLOUR,))))


def test_a_declared_key_is_checked_alone_and_with_the_others(
        with_demo: Catalogue, store: Store) -> None:
    assert with_demo.check("demo.colour", " BLUE ") == "blue"
    with pytest.raises(SettingError, match=r"demo\.colour must be red or blue, not 'green'"):
        every_setting.set_setting(store, "demo.colour", "green")
    with pytest.raises(SettingError, match="above 50 must be blue"):
        every_setting.set_setting(store, "demo.size", "60")
    every_setting.set_setting(store, "demo.colour", "blue")  # the size follows
    values = read_values(store, (COLOUR, SIZE))
    assert (values[COLOUR], values[SIZE]) == ("blue", 20)
    assert with_demo.problems({"demo.colour": "red", "demo.size": "90"}) == {
        "demo.size": "demo.size above 50 must be blue"}


def test_the_cli_knows_a_declared_key(
        with_demo: Catalogue, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "settings", "demo.colour", "Blue"]) == 0
    assert capsys.readouterr().out == "demo.colour = blue\n"
    assert main(["--db", db_url, "settings"]) == 0
    out = capsys.readouterr().out
    assert "demo.size = 20\n    how large the pins are\n" in out
    assert main(["--db", db_url, "settings", "demo.size", "x"]) == 2
    assert "demo.size must be a whole number" in capsys.readouterr().err


def test_an_unknown_key_names_the_known_ones(with_demo: Catalogue) -> None:
    with pytest.raises(SettingError, match=r"unknown setting 'demo\.shape'; known: demo\.colour"):
        with_demo.check("demo.shape", "round")
