"""Opening hours: the texts reps type, the canonical form, and clear errors."""

from datetime import time

import pytest

from fieldrep.common.hours import OpeningHoursError, parse_opening_hours


def test_weekday_rules_with_lunch_gap_and_saturday_morning() -> None:
    hours = parse_opening_hours("Mo-Fr 08:30-12:00,14:00-18:30; Sa 09:00-12:00")
    assert hours.is_open(0, time(9, 0))
    assert not hours.is_open(0, time(13, 0))  # lunch
    assert hours.is_open(5, time(11, 59))
    assert not hours.is_open(5, time(14, 0))
    assert not hours.is_open(6, time(10, 0))  # Sunday closed
    assert hours.to_text() == "Mo-Fr 08:30-12:00,14:00-18:30; Sa 09:00-12:00"


@pytest.mark.parametrize(("text", "canonical"), [
    ("lundi-vendredi 8h-12h, 14h-18h", "Mo-Fr 08:00-12:00,14:00-18:00"),
    ("Mon, Wed, Fri 9:00-12:00", "Mo 09:00-12:00; We 09:00-12:00; Fr 09:00-12:00"),
    ("Sa-Mo 10:00-12:00", "Mo 10:00-12:00; Sa-Su 10:00-12:00"),
    ("24/7", "24/7"),
    ("Mo-Su 08:00-20:00; Su off", "Mo-Sa 08:00-20:00"),
    ("Tu-Sa 19:00-24:00", "Tu-Sa 19:00-24:00"),
])
def test_common_spellings_read_to_one_canonical_text(text: str, canonical: str) -> None:
    hours = parse_opening_hours(text)
    assert hours.to_text() == canonical
    assert parse_opening_hours(canonical) == hours


def test_empty_text_means_unknown_and_open() -> None:
    hours = parse_opening_hours("")
    assert not hours.known
    assert hours.is_open(6, time(3, 0))
    assert hours.to_text() == ""


@pytest.mark.parametrize(("text", "fragment"), [
    ("Mo 25:00-26:00", "'25:00' is not a valid time"),
    ("Xx 09:00-10:00", "'Xx' is not a day"),
    ("Mo 12:00-09:00", "ends before it starts"),
    ("09:00-12:00", "expected days then times"),
    ("Mo 09:00-12:00,11:00-13:00", "overlap"),
])
def test_bad_hours_say_what_is_wrong(text: str, fragment: str) -> None:
    with pytest.raises(OpeningHoursError, match=fragment):
        parse_opening_hours(text)


@pytest.mark.parametrize(("text", "canonical"), [
    ("Mo-Fr 08:00-19:00, Sa 09:00-14:00", "Mo-Fr 08:00-19:00; Sa 09:00-14:00"),
    ("Mo-Fr 08:00-19:00 Sa 09:00-14:00", "Mo-Fr 08:00-19:00; Sa 09:00-14:00"),
    ("Di/Do 09:00-12:00", "Tu 09:00-12:00; Th 09:00-12:00"),
    ("So 10:00-12:00", "Su 10:00-12:00"),
    ("Mo-Fr 8-18; So geschlossen", "Mo-Fr 08:00-18:00"),
    ("Di-Sa 10:00-18:00, So, Mo geschlossen", "Tu-Sa 10:00-18:00"),
    ("Mo-Fr 08:00-12:00 und 14:00-18:00 Uhr", "Mo-Fr 08:00-12:00,14:00-18:00"),
    ("Montag bis Freitag 8.30 - 18.00", "Mo-Fr 08:30-18:00"),
    ("Mo–Fr 7:30–18:00, Sa 8–12 Uhr", "Mo-Fr 07:30-18:00; Sa 08:00-12:00"),
    ("lun-ven 8h30-12h00", "Mo-Fr 08:30-12:00"),
    ("du lundi au vendredi 8h-12h / 14h-18h", "Mo-Fr 08:00-12:00,14:00-18:00"),
    ("lun. - ven. 9h-18h, sam. fermé", "Mo-Fr 09:00-18:00"),
    ("Lu-Vi 9:00-14:00", "Mo-Fr 09:00-14:00"),
    ("lunes a viernes 9:00 a 14:00, sábado 10:00-13:00", "Mo-Fr 09:00-14:00; Sa 10:00-13:00"),
    ("Lun-Ven 9-13, Sab 9-12", "Mo-Fr 09:00-13:00; Sa 09:00-12:00"),
    ("ma-vr 9:00-17:00, za 10:00-16:00", "Mo-Fr 09:00-17:00; Sa 10:00-16:00"),
    ("Mo, Mi, Fr 9-12", "Mo 09:00-12:00; We 09:00-12:00; Fr 09:00-12:00"),
])
def test_hours_as_german_french_spanish_italian_and_dutch_files_write_them(
        text: str, canonical: str) -> None:
    assert parse_opening_hours(text).to_text() == canonical


def test_a_day_word_is_read_in_the_language_of_the_other_days() -> None:
    assert parse_opening_hours("Di 09:00-12:00").to_text() == "Tu 09:00-12:00"  # German
    assert parse_opening_hours("je-di 09:00-12:00").to_text() == "Th-Su 09:00-12:00"  # French
    assert parse_opening_hours("Do 09:00-12:00").to_text() == "Th 09:00-12:00"  # German
    assert parse_opening_hours("ju-do 09:00-12:00").to_text() == "Th-Su 09:00-12:00"  # Spanish
