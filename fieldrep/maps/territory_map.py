"""The territory map as a folium page that works with no network.

Every script and stylesheet is a vendored file under ``resources/web`` (Leaflet and the
folium plugins' libraries from npm, plus FieldRep's own ``map.js``), referenced by
``file://`` URL.  OpenStreetMap tiles are asked for only when ``MapOptions.tiles`` is set;
when they do not load (offline) the map shows a plain background under the accounts,
territories and routes.  Data from the store goes into the page as JSON with ``<``, ``>``
and ``&`` escaped, and the page shows it with ``textContent``, so an account name can never
run as script.

The page itself is built by :mod:`fieldrep.maps.page`, imported with the first map drawn:
folium (and the pandas it loads) cost the app's start nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from shapely.geometry import MultiPoint, mapping
from sqlalchemy import select

from fieldrep.accounts.model import Precision
from fieldrep.accounts.service import AccountFilter
from fieldrep.common.paths import RESOURCES_DIR
from fieldrep.maps.map_types import OSM_ATTRIBUTION as OSM_ATTRIBUTION
from fieldrep.maps.map_types import MapOptions as MapOptions
from fieldrep.maps.map_types import MapPoint as MapPoint
from fieldrep.maps.map_types import RouteLine as RouteLine
from fieldrep.maps.map_types import safe_json as safe_json
from fieldrep.store import Store
from fieldrep.store.models import Account
from fieldrep.territories.service import TerritoryCount

if TYPE_CHECKING:
    import folium

_APPROXIMATE = {Precision.TOWN.value, Precision.POSTCODE.value}
WEB_DIR = RESOURCES_DIR / "web"
HULL_MARGIN_DEGREES = 0.02  # ~2 km around the accounts of a territory made of postcodes


def map_points(store: Store, where: AccountFilter | None = None) -> list[MapPoint]:
    """The located accounts ``where`` keeps, read as plain columns (fast for 100,000)."""
    stmt = (where or AccountFilter()).apply(
        select(Account.id, Account.lat, Account.lon, Account.tier, Account.geocode_precision,
               Account.name, Account.postcode, Account.city, Account.territory_id)
        .where(Account.lat.is_not(None), Account.lon.is_not(None))).order_by(Account.id)
    with store.unit_of_work() as uow:
        rows = cast("Iterable[tuple[int, float, float, str, str, str, str, str, int | None]]",
                    uow.session.execute(stmt))  # located accounts only
        return [MapPoint(i, lat, lon, tier, precision in _APPROXIMATE, name,
                         " ".join(p for p in (postcode, city) if p), territory)
                for i, lat, lon, tier, precision, name, postcode, city, territory in rows]


def territory_features(
    counts: Sequence[TerritoryCount], points: Sequence[MapPoint] = ()
) -> list[dict[str, Any]]:
    """GeoJSON outlines of the territories: the drawn shape, or for a territory defined by
    postcodes and towns the hull around its accounts (``properties.derived`` true)."""
    members: dict[int, list[tuple[float, float]]] = {}
    for p in points:
        if p.territory_id is not None:
            members.setdefault(p.territory_id, []).append((p.lon, p.lat))
    features = []
    for c in counts:
        t = c.territory
        if t is None or t.id is None:
            continue
        geometry, derived = t.polygon, False
        if geometry is None and len(members.get(t.id, ())) >= 1:
            hull = MultiPoint(members[t.id]).convex_hull.buffer(HULL_MARGIN_DEGREES)
            geometry, derived = mapping(hull.simplify(HULL_MARGIN_DEGREES / 4)), True
        if geometry is None:
            continue
        features.append({"type": "Feature", "geometry": geometry, "properties": {
            "id": t.id, "name": t.name, "color": t.color or "#1f77b4",
            "accounts": c.accounts, "derived": derived}})
    return features


def build_map(
    points: Sequence[MapPoint],
    territories: Sequence[dict[str, Any]] = (),
    options: MapOptions | None = None,
    routes: Sequence[RouteLine] = (),
) -> folium.Map:
    """The folium map of ``points`` and ``territories`` (GeoJSON features), vendored assets."""
    from fieldrep.maps.page import build_page

    return build_page(points, territories, options, routes)


def write_map(
    path: Path,
    points: Sequence[MapPoint],
    territories: Sequence[dict[str, Any]] = (),
    options: MapOptions | None = None,
    routes: Sequence[RouteLine] = (),
) -> Path:
    """Write the map page to ``path`` (a standalone HTML file that needs no network)."""
    from fieldrep.maps.page import write_page

    return write_page(path, points, territories, options, routes)


def asset_url(relative: str) -> str:
    """``file://`` URL of a vendored asset under ``resources/web``."""
    path = WEB_DIR / relative
    if not path.exists():
        raise FileNotFoundError(f"vendored map asset missing: {path} (see resources/web)")
    return path.resolve().as_uri()
