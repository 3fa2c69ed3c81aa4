"""The map page as a file: vendored assets only, escaped data, the accounts it shows."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import AccountFilter, add_account
from fieldrep.maps.territory_map import (
    MapOptions,
    map_points,
    safe_json,
    territory_features,
    write_map,
)
from fieldrep.store import Store
from fieldrep.territories.service import TerritoryData, save_territory, territory_counts

EVIL = '</script><img src=x onerror="alert(1)"><script>alert(2)</script>'


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.scripts.append(values["src"] or "")
        if tag == "link" and values.get("rel") == "stylesheet":
            self.styles.append(values.get("href") or "")


def seeded(store: Store) -> None:
    add_account(store, AccountData(EVIL, city="Lyon", lat=45.76, lon=4.83, tier="A"))
    add_account(store, AccountData("Garage", city="Vienne", lat=45.52, lon=4.87,
                                   geocode_precision="town", tier="B"))
    add_account(store, AccountData("Nowhere yet", city="Atlantis"))
    save_territory(store, TerritoryData("Lyon <b>centre</b>", polygon={
        "type": "Polygon", "coordinates": [[[4.8, 45.7], [4.9, 45.7], [4.9, 45.8],
                                            [4.8, 45.8], [4.8, 45.7]]]}))


def test_the_page_links_only_vendored_files(store: Store, tmp_path: Path) -> None:
    seeded(store)
    path = write_map(tmp_path / "map.html", map_points(store),
                     territory_features(territory_counts(store)), MapOptions(tiles=True))
    assets = _Assets()
    assets.feed(path.read_text(encoding="utf-8"))
    linked = assets.scripts + assets.styles
    assert len(assets.scripts) >= 5 and len(assets.styles) >= 4
    assert not [u for u in linked if re.match(r"(?i)(https?:)?//", u)], linked
    for url in linked:
        if url.startswith("file://"):
            assert Path(url.removeprefix("file://")).is_file(), url
        else:
            assert url == "qrc:///qtwebchannel/qwebchannel.js"


def test_store_strings_cannot_break_out_of_the_script(store: Store, tmp_path: Path) -> None:
    seeded(store)
    page = write_map(tmp_path / "map.html", map_points(store),
                     territory_features(territory_counts(store)),
                     MapOptions(tiles=False)).read_text(encoding="utf-8")
    assert EVIL not in page and "<img src=x" not in page
    assert "<b>centre</b>" not in page
    assert json.loads(safe_json(EVIL)) == EVIL  # the name still reads back exactly


def test_points_are_the_located_accounts_the_filter_keeps(store: Store) -> None:
    seeded(store)
    points = map_points(store)
    assert [p.name for p in points] == [EVIL, "Garage"]
    assert [p.approximate for p in points] == [False, True]
    assert [p.name for p in map_points(store, AccountFilter(tiers=frozenset("B")))] == [
        "Garage"]
    (feature,) = territory_features(territory_counts(store))
    assert feature["properties"]["accounts"] == 1
    assert feature["properties"]["name"] == "Lyon <b>centre</b>"


def test_offline_pages_name_the_towns_around_the_accounts(store: Store, tmp_path: Path) -> None:
    seeded(store)
    page = write_map(tmp_path / "m.html", map_points(store), (),
                     MapOptions(tiles=False)).read_text(encoding="utf-8")
    assert "FieldRep.setPlaces([[" in page and '"Lyon"' in page
    assert "tile.openstreetmap.org" not in page
    online = write_map(tmp_path / "o.html", map_points(store), (),
                       MapOptions(tiles=True)).read_text(encoding="utf-8")
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in online
    assert "openstreetmap.org/copyright" in online  # the attribution OSM asks for


def test_the_selection_tools_are_on_the_page_only_where_asked(tmp_path: Path) -> None:
    with_tools = write_map(tmp_path / "accounts.html", [], (), MapOptions(tiles=False))
    without = write_map(tmp_path / "plan.html", [], (),
                        MapOptions(tiles=False, selection_tools=False))
    assert "leaflet.draw.js" in with_tools.read_text(encoding="utf-8")
    assert "leaflet-lasso" in with_tools.read_text(encoding="utf-8")
    bare = without.read_text(encoding="utf-8")
    assert "leaflet.draw.js" not in bare and "leaflet-lasso" not in bare
    assert "FieldRep.init(" in bare and ", null);" in bare
