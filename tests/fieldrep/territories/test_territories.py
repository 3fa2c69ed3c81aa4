"""Territories on a real store: drawn shapes, postcode and town lists, hand placement."""

from pathlib import Path

import pytest

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, get_account, list_accounts, update_account
from fieldrep.geocoding.service import geocode_accounts
from fieldrep.importing.service import import_accounts, plan_import
from fieldrep.store import Store
from fieldrep.territories.service import (
    TerritoryData,
    TerritoryError,
    accounts_in_shape,
    delete_territory,
    list_territories,
    save_territory,
    set_territory,
    territory_counts,
)
from tests.conftest import write

# A box around Lyon's centre (lon 4.80–4.90, lat 45.72–45.80), as the map's Draw tool sends it.
LYON_BOX = {"type": "Polygon", "coordinates": [[
    [4.80, 45.72], [4.90, 45.72], [4.90, 45.80], [4.80, 45.80], [4.80, 45.72]]]}


def seed(store: Store) -> dict[str, int]:
    accounts = [
        AccountData("Pharmacie Bellecour", postcode="69002", city="Lyon", lat=45.757, lon=4.832),
        AccountData("Cave de Vaise", postcode="69009", city="Lyon", lat=45.775, lon=4.805),
        AccountData("Garage Grenoble", postcode="38000", city="Grenoble", lat=45.188, lon=5.724),
        AccountData("Clinique Voiron", postcode="38500", city="Voiron"),  # no location yet
        AccountData("Optique Annecy", postcode="74000", city="Annecy", lat=45.899, lon=6.129),
    ]
    return {a.name: add_account(store, a).id for a in accounts}


def territory_of(store: Store, account_id: int) -> str:
    return get_account(store, account_id).territory


def test_a_drawn_territory_takes_the_accounts_inside_it(store: Store) -> None:
    ids = seed(store)
    lyon = save_territory(store, TerritoryData("Lyon centre", polygon=LYON_BOX))
    assert lyon.id is not None and lyon.color.startswith("#")
    assert territory_of(store, ids["Pharmacie Bellecour"]) == "Lyon centre"
    assert territory_of(store, ids["Cave de Vaise"]) == "Lyon centre"
    assert territory_of(store, ids["Garage Grenoble"]) == ""
    counts = {c.territory.name if c.territory else None: c.accounts
              for c in territory_counts(store)}
    assert counts == {"Lyon centre": 2, None: 3}


def test_postcodes_prefixes_and_towns(store: Store) -> None:
    ids = seed(store)
    save_territory(store, TerritoryData("Isère", areas=("38*",)))
    save_territory(store, TerritoryData("Savoies", areas=("annecy", "73000")))
    assert territory_of(store, ids["Garage Grenoble"]) == "Isère"
    assert territory_of(store, ids["Clinique Voiron"]) == "Isère"  # by postcode, no location
    assert territory_of(store, ids["Optique Annecy"]) == "Savoies"  # by town, any case
    assert territory_of(store, ids["Pharmacie Bellecour"]) == ""


def test_the_oldest_territory_wins_where_two_overlap(store: Store) -> None:
    ids = seed(store)
    save_territory(store, TerritoryData("Lyon centre", polygon=LYON_BOX))
    save_territory(store, TerritoryData("Rhône", areas=("69*",)))
    assert territory_of(store, ids["Pharmacie Bellecour"]) == "Lyon centre"
    (lyon,) = [t for t in list_territories(store) if t.name == "Lyon centre"]
    delete_territory(store, lyon.id)
    assert territory_of(store, ids["Pharmacie Bellecour"]) == "Rhône"


def test_a_hand_placed_account_stays_where_the_rep_put_it(store: Store) -> None:
    ids = seed(store)
    save_territory(store, TerritoryData("Lyon centre", polygon=LYON_BOX))
    assert set_territory(store, [ids["Cave de Vaise"]], "Key accounts") == 1
    save_territory(store, TerritoryData("Rhône", areas=("69*",)))
    assert territory_of(store, ids["Cave de Vaise"]) == "Key accounts"
    set_territory(store, [ids["Cave de Vaise"]], None)  # back to the rules
    assert territory_of(store, ids["Cave de Vaise"]) == "Lyon centre"


def test_accounts_moved_imported_or_located_fall_into_their_territory(
    store: Store, tmp_path: Path
) -> None:
    ids = seed(store)
    save_territory(store, TerritoryData("Lyon centre", polygon=LYON_BOX))
    garage = get_account(store, ids["Garage Grenoble"])
    update_account(store, AccountData(**{**vars(garage), "lat": 45.76, "lon": 4.85,
                                         "geocode_precision": "manual"}))
    assert territory_of(store, ids["Garage Grenoble"]) == "Lyon centre"

    path = write(tmp_path / "new.csv", "Name,Lat,Lon\nBouchon Saint-Jean,45.762,4.827\n")
    import_accounts(store, plan_import(path))
    save_territory(store, TerritoryData("Voiron", polygon={"type": "Polygon", "coordinates": [[
        [5.55, 45.30], [5.65, 45.30], [5.65, 45.40], [5.55, 45.40], [5.55, 45.30]]]}))
    geocode_accounts(store, None)  # Voiron is placed at its town, offline
    by_name = {a.name: a.territory for a in list_accounts(store)}
    assert by_name["Bouchon Saint-Jean"] == "Lyon centre"
    assert by_name["Clinique Voiron"] == "Voiron"


def test_a_lasso_selects_the_accounts_inside_even_when_it_crosses_itself(
    store: Store,
) -> None:
    ids = seed(store)
    assert accounts_in_shape(store, LYON_BOX) == sorted(
        [ids["Pharmacie Bellecour"], ids["Cave de Vaise"]])
    # A figure of eight around Bellecour and Vaise, as a hand-drawn lasso can be.
    eight = {"type": "Polygon", "coordinates": [[
        [4.82, 45.74], [4.84, 45.77], [4.79, 45.79], [4.81, 45.76], [4.82, 45.74]]]}
    assert accounts_in_shape(store, eight)  # repaired, not refused


@pytest.mark.parametrize(("territory", "reason"), [
    (TerritoryData(" "), "needs a name"),
    (TerritoryData("Line", polygon={"type": "Polygon", "coordinates": [[
        [4.8, 45.7], [4.9, 45.8], [4.8, 45.7]]]}), "encloses no area"),
    (TerritoryData("Point", polygon={"type": "Point", "coordinates": [4.8, 45.7]}),
     "encloses no area"),
    (TerritoryData("Garbage", polygon={"type": "Polygon"}), "not a GeoJSON geometry"),
    (TerritoryData("Colour", color="red", areas=("69*",)), "not like #1f77b4"),
])
def test_bad_territories_are_refused_with_a_reason(
    store: Store, territory: TerritoryData, reason: str
) -> None:
    with pytest.raises(TerritoryError, match=reason):
        save_territory(store, territory)
    assert list_territories(store) == []


def test_names_are_unique_whatever_their_case(store: Store) -> None:
    save_territory(store, TerritoryData("Nord", areas=("59*",)))
    with pytest.raises(TerritoryError, match="already a territory called 'Nord'"):
        save_territory(store, TerritoryData("NORD", areas=("62*",)))
