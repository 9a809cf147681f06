"""The periodic tick `main` runs every few seconds."""

from __future__ import annotations

from .actions import retry_waiting
from .clocks import evaluate_clocks
from .deps import Deps


async def tick(*, deps: Deps) -> None:
    """The periodic work: clocks, and actions that may run now."""
    await evaluate_clocks(deps=deps)
    await retry_waiting(deps=deps)
