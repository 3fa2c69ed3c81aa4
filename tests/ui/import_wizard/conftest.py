"""Fixtures of the import wizard's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fieldrep.store import Store
from tests.ui.import_wizard.wizard_support import TIMEOUT
from ui.kit.tasks import TaskRunner


@pytest.fixture
def tasks(store: Store) -> Iterator[TaskRunner]:
    """The one database worker; drained before the store closes."""
    runner = TaskRunner()
    yield runner
    runner.wait(TIMEOUT)
