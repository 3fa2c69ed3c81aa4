"""Territories in words: definitions, the delete question and the next free colour."""

from fieldrep.territories.describe import (
    OUTSIDE,
    definition_text,
    delete_question,
    next_colour,
)
from fieldrep.territories.service import PALETTE, TerritoryData

LYON_BOX = {"type": "Polygon", "coordinates": [[
    [4.80, 45.72], [4.90, 45.72], [4.90, 45.80], [4.80, 45.80], [4.80, 45.72]]]}


def test_definitions_read_well() -> None:
    assert definition_text(TerritoryData("x")) == "list made by hand"
    assert definition_text(TerritoryData("x", polygon=LYON_BOX)) == "drawn on the map"
    assert definition_text(TerritoryData("x", polygon=LYON_BOX, areas=("Voiron",))) == (
        "drawn on the map + 1 town: Voiron")
    assert definition_text(TerritoryData("x", areas=("38*",))) == "1 postcode prefix: 38*"


def test_the_delete_question_says_where_the_accounts_go() -> None:
    nord = TerritoryData("Nord")
    assert delete_question(nord, 0) == "Delete the territory “Nord”?\n\nIt holds no accounts."
    assert "Its account will fall into another territory" in delete_question(nord, 1)
    many = delete_question(nord, 2500)
    assert "Its 2,500 accounts will fall" in many and f"(“{OUTSIDE}”)" in many


def test_the_next_colour_is_the_first_free_one_of_the_palette() -> None:
    assert next_colour([]) == PALETTE[0]
    assert next_colour([PALETTE[0].upper(), PALETTE[2]]) == PALETTE[1]
    assert next_colour(list(PALETTE)) == PALETTE[0]
    assert next_colour([*PALETTE, PALETTE[0]]) == PALETTE[1]
