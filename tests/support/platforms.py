"""The platform simulator, as the tests know it (see devtools/platform_simulator.py)."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from devtools.platform_simulator import FakePlatforms, Recorded

__all__ = ["FakePlatforms", "Recorded", "connected_platforms"]


@contextmanager
def connected_platforms(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePlatforms]:
    """The fake platforms, running, with every connector's settings pointing at them (in the
    environment, where a service started by the test reads them)."""
    with FakePlatforms() as platforms:
        for key, value in platforms.settings_env().items():
            monkeypatch.setenv(key, value)
        yield platforms
