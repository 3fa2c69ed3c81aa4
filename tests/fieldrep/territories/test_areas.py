"""Areas typed for a territory: how they are split, read and summed up."""

from fieldrep.territories.areas import (
    AreaKind,
    area_kind,
    areas_reading,
    areas_summary,
    parse_areas,
)


def test_areas_are_split_by_lines_commas_and_semicolons_once_each() -> None:
    assert parse_areas("13*; 83*\n\n13*, Saint  Étienne ,") == ("13*", "83*", "Saint Étienne")
    assert parse_areas(" \n, ;") == ()


def test_each_area_is_a_postcode_a_prefix_or_a_town() -> None:
    assert area_kind("69003") is AreaKind.POSTCODE
    assert area_kind("SW1A 1AA") is AreaKind.POSTCODE
    assert area_kind("38 *") is AreaKind.PREFIX
    assert area_kind("*") is AreaKind.TOWN
    assert area_kind("Annecy") is AreaKind.TOWN


def test_the_reading_counts_each_kind() -> None:
    assert areas_reading(("38*", "74000", "Chambéry")) == (
        "Read as 1 postcode, 1 postcode prefix and 1 town.")
    assert areas_reading(("38*", "73*")) == "Read as 2 postcode prefixes."
    assert areas_reading(("Lyon", "69001")) == "Read as 1 postcode and 1 town."


def test_no_areas_read_as_a_hand_made_list_unless_drawn() -> None:
    assert areas_reading(()).startswith("Empty: a list you fill by hand")
    assert areas_reading((), drawn=True) == "Empty: only the drawn shape places accounts here."


def test_the_summary_shows_the_kinds_and_the_first_few() -> None:
    areas = ("69001", "69002", "38*", "38000", "Annecy", "Chambéry", "73000", "74000", "1",
             "2", "3", "4")
    assert areas_summary(areas) == (
        "9 postcodes, 1 postcode prefix and 2 towns: 69001, 69002, 38*, 38000…")
    assert areas_summary(("Voiron",)) == "1 town: Voiron"
    assert areas_summary(("a-very-long-town-name-beyond-the-width",)) == (
        "1 town: a-very-long-town-name-beyond-the-width")  # the first one always shows
