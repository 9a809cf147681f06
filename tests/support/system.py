"""The whole system as processes, for end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shared.runtime.supervisor import System


@contextmanager
def running_system(sut: System, names: list[str] | None = None) -> Iterator[System]:
    """Start `sut` (all services, or `names`), stop it afterwards, and fail if any
    process logged a critical error meanwhile."""
    try:
        sut.start(names)
    except Exception:
        sut.stop()
        raise
    try:
        yield sut
    finally:
        sut.stop()
    for log in sorted(Path(sut.log_dir).glob("*.log")):
        text = log.read_text(errors="replace")
        assert '"level": "critical"' not in text, f"{log.name} logged a critical error"
