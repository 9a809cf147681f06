"""The platform simulator, as the tests know it (see shared/runtime/platform_simulator.py)."""

from shared.runtime.platform_simulator import FakePlatforms, Recorded

__all__ = ["FakePlatforms", "Recorded"]
