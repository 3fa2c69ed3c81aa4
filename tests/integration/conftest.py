"""Fixtures of the integration tests: the fake Nominatim server on 127.0.0.1."""

from tests.nominatim_server import nominatim

__all__ = ["nominatim"]
