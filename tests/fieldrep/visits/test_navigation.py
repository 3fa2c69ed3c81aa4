"""Directions links for each maps app, the day's route split into links, and QR codes."""

from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image

from fieldrep.visits.navigation import (
    DESKTOP_WAYPOINTS,
    PHONE_WAYPOINTS,
    Destination,
    MapService,
    directions_url,
    qr_png,
    route_links,
)

HOME = Destination("Home", 45.764, 4.8357)
STOPS = [Destination(f"{n}. Stop", 45.70 + n / 100, 4.80 + n / 100) for n in range(1, 12)]


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_each_service_drives_to_the_stop_by_its_coordinates() -> None:
    stop = Destination("Pharmacie <Bellecour> & fils", 45.757, 4.832)
    google = directions_url(MapService.GOOGLE, stop)
    apple = directions_url(MapService.APPLE, stop, HOME)
    waze = directions_url(MapService.WAZE, stop)
    assert urlsplit(google).netloc == "www.google.com"
    assert query(google) == {"api": "1", "travelmode": "driving",
                             "destination": "45.757000,4.832000"}
    assert urlsplit(apple).netloc == "maps.apple.com"
    assert query(apple) == {"saddr": "45.764000,4.835700", "daddr": "45.757000,4.832000",
                            "dirflg": "d"}
    assert query(waze) == {"ll": "45.757000,4.832000", "navigate": "yes"}
    assert all("Pharmacie" not in url for url in (google, apple, waze))


def test_a_long_day_is_split_into_google_links_that_follow_on() -> None:
    places = [HOME, *STOPS, HOME]  # 11 stops: 13 places
    links = route_links(MapService.GOOGLE, places, phone=True)
    covered = [places[0]]
    for link in links:
        q = query(link.url)
        waypoints = q.get("waypoints", "").split("|") if q.get("waypoints") else []
        assert len(waypoints) <= PHONE_WAYPOINTS
        assert q["origin"] == covered[-1].coords
        covered += [p for p in places if p.coords in waypoints]
        covered.append(next(p for p in places[link.first + 1:] if p.coords == q["destination"]))
    assert [p.coords for p in covered] == [p.coords for p in places]
    assert len(links) == 3  # 12 legs, 4 legs a link
    assert links[0].label == "Home → 4. Stop"
    desktop = route_links(MapService.GOOGLE, places, phone=False)
    assert len(desktop) == 2
    assert all(len(query(link.url).get("waypoints", "").split("|")) <= DESKTOP_WAYPOINTS
               for link in desktop)


@pytest.mark.parametrize("service", [MapService.APPLE, MapService.WAZE])
def test_services_without_waypoints_get_one_link_a_leg(service: MapService) -> None:
    places = [HOME, *STOPS[:3], HOME]
    links = route_links(service, places)
    assert [(link.first, link.last) for link in links] == [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_too_many_waypoints_for_one_link_are_refused() -> None:
    with pytest.raises(ValueError, match="at most 9"):
        directions_url(MapService.GOOGLE, HOME, HOME, STOPS[:10])
    with pytest.raises(ValueError, match="Waze takes at most 0"):
        directions_url(MapService.WAZE, HOME, HOME, STOPS[:1])


def test_a_qr_code_reads_back_as_the_link() -> None:
    url = route_links(MapService.GOOGLE, [HOME, *STOPS[:3], HOME])[0].url
    image = Image.open(BytesIO(qr_png(url)))
    (found,) = zxingcpp.read_barcodes(image)
    assert found.text == url
