"""The periodic tick `main` runs every few seconds."""

from __future__ import annotations

from shared.policy import available_packs

from .actions import retry_waiting
from .clocks import evaluate_clocks
from ..deps import Deps
from .holiday import announce_period_changes


async def tick(*, deps: Deps) -> None:
    """The periodic work: clocks, actions that may run now, holiday periods starting or ending."""
    await evaluate_clocks(deps=deps)
    await retry_waiting(deps=deps)
    await announce_period_changes(deps=deps, municipalities=available_packs())
