"""The platform simulator, as the tests know it (see devtools/platform_simulator.py)."""

from devtools.platform_simulator import FakePlatforms, Recorded

__all__ = ["FakePlatforms", "Recorded"]
