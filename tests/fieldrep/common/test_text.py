"""Text helpers: folding for comparisons, counts with their plural."""

from fieldrep.common.text import fold, plural


def test_fold_keeps_lower_case_ascii_words() -> None:
    assert fold("Saint-Étienne") == "saint etienne"
    assert fold("Code_Postal") == "code postal"


def test_fold_transliterates_letters_accents_alone_cannot_spell() -> None:
    assert fold("Straße") == "strasse"
    assert fold("Œuvre d'Art") == "oeuvre d art"
    assert fold("Łódź") == "lodz"
    assert fold("Miejscowość") == "miejscowosc"
    assert fold("København") == "kobenhavn"


def test_plural_counts_with_the_right_word() -> None:
    assert plural(1, "account") == "1 account"
    assert plural(0, "account") == "0 accounts"
    assert plural(2500, "account") == "2,500 accounts"
    assert plural(3, "territory", "territories") == "3 territories"
