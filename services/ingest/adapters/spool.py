"""The local spool: deliveries that could not be published (NATS down) or kept (MongoDB
down), written to disk before the platform gets its 503, and replayed when both are back.

One file per delivery, named by its deterministic id: a platform retrying while its
delivery waits in the spool overwrites the same file, never adds a second. Files are
written to a temporary name, fsynced and renamed, so a crash leaves either the old or
the new file, never half of one.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from pydantic import Field

from shared.contracts import PlatformEvent

from .store import RawDelivery


class SpoolEntry(RawDelivery):
    """The raw delivery (its fields at the top level of the file, as ever) and what
    publishing it needs: its events, whether the raw body is kept already."""

    raw_saved: bool = False
    events: list[PlatformEvent] = Field(default_factory=list)
    dedupe_keys: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)


class Spool:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _ensure(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)

    def _write(self, entry: SpoolEntry) -> Path:
        self._ensure()
        final = self.path / f"{entry.delivery_id}.json"
        temp = self.path / f".{entry.delivery_id}.tmp"
        with temp.open("wb") as handle:
            handle.write(entry.model_dump_json().encode())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, final)
        directory = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(directory)  # the rename itself survives a power cut
        finally:
            os.close(directory)
        return final

    async def write(self, entry: SpoolEntry) -> Path:
        return await asyncio.to_thread(self._write, entry)

    def pending(self) -> list[Path]:
        if not self.path.exists():
            return []
        return sorted(self.path.glob("*.json"), key=lambda p: p.stat().st_mtime)

    def __len__(self) -> int:
        return len(self.pending())

    @staticmethod
    def read(path: Path) -> SpoolEntry:
        return SpoolEntry.model_validate_json(path.read_bytes())

    @staticmethod
    def remove(path: Path) -> None:
        path.unlink(missing_ok=True)
