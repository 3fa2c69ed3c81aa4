"""Fixtures of the geocoding tests."""

from __future__ import annotations

import pytest
from geopy.extra.rate_limiter import RateLimiter


@pytest.fixture
def error_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Skip (and record) geopy's pause before retrying a failed request, so a test about a
    failing network does not wait 2 s; every other pause would be recorded too."""
    waits: list[float] = []
    monkeypatch.setattr(RateLimiter, "_sleep", lambda _self, seconds: waits.append(seconds))
    return waits
