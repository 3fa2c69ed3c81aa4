"""A geocoder that fails is described in one sentence: never urllib3's or requests' own
text (the raw text once showed in the status bar)."""

from __future__ import annotations

import pytest
from geopy.exc import (
    GeocoderQueryError,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)

from fieldrep.geocoding.providers import describe_failure

POOL = ("HTTPSConnectionPool(host='nominatim.openstreetmap.org', port=443): Max retries "
        "exceeded with url: /search?q=12+rue+de+la+Barre&format=json (Caused by ")


@pytest.mark.parametrize(("error", "sentence"), [
    (GeocoderUnavailable(POOL + "NameResolutionError(\"<urllib3.connection.HTTPSConnection "
                         "object at 0x7f>: Failed to resolve 'nominatim.openstreetmap.org' "
                         "([Errno -3] Temporary failure in name resolution)\"))"),
     "nominatim (nominatim.openstreetmap.org) cannot be found (no network, or the server's "
     "name is wrong)"),
    (GeocoderServiceError(POOL + "SSLError(SSLCertVerificationError(1, '[SSL: "
                          "CERTIFICATE_VERIFY_FAILED] certificate verify failed')))"),
     "nominatim (nominatim.openstreetmap.org) could not be reached securely (its "
     "certificate could not be checked)"),
    (GeocoderUnavailable(POOL + "NewConnectionError('<urllib3.connection.HTTPSConnection "
                         "object at 0x7f>: Failed to establish a new connection: [Errno 111] "
                         "Connection refused'))"),
     "nominatim (nominatim.openstreetmap.org) cannot be reached (no network, or the server "
     "is down)"),
    (GeocoderServiceError(POOL + "ProxyError('Unable to connect to proxy'))"),
     "nominatim (nominatim.openstreetmap.org) cannot be reached through the proxy"),
    (GeocoderServiceError("Non-successful status code 500"),
     "nominatim had a problem of its own (HTTP 500): try again later"),
    (GeocoderQueryError("Non-successful status code 400"),
     "nominatim refused the request (HTTP 400)"),
    (GeocoderTimedOut("Service timed out"), "nominatim did not answer in time"),
    (GeocoderServiceError("Unable to read the response"),
     "nominatim answered with something that is not a geocoder's answer"),
    (GeocoderServiceError("<weird low-level text from a library>"),
     "nominatim could not answer (the details are in the log file)"),
])
def test_a_failure_reads_as_one_sentence(error: GeocoderServiceError, sentence: str) -> None:
    described = describe_failure("nominatim", error)
    assert described == sentence
    for raw in ("Pool", "Errno", "Caused by", "0x7f", "/search", "urllib3", "<"):
        assert raw not in described
