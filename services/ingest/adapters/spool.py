"""The local spool: deliveries that could not be published or kept (NATS down), written
to disk before the platform gets its answer, and replayed when NATS is back.

One file per delivery, named by its deterministic id: a platform retrying while its
delivery waits in the spool overwrites the same file, never adds a second. Files are
written to a temporary name, fsynced and renamed, so a crash leaves either the old or
the new file, never half of one.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from typing import Any

from pydantic import Field, model_validator

from shared.contracts import PlatformEvent
from shared.contracts.ingest import DeliveryKept


class SpoolEntry(DeliveryKept):
    """The delivery as it is to be kept (its fields at the top level of the file, as ever)
    and what publishing it needs: its events and the ids to remember as published."""

    events: list[PlatformEvent] = Field(default_factory=list)
    dedupe_keys: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_an_older_release(cls, data: Any) -> Any:
        # A file spooled before 2026-12-03 has no outcome or attempt: it was a delivery
        # accepted for publishing, received once.
        if isinstance(data, dict) and "attempt" not in data:
            data = {**data, "attempt": str(data.get("received_at")),
                    "status": data.get("status") or ("partly_rejected" if data.get("problems") else "published")}
        return data

    def kept(self) -> DeliveryKept:
        """The raw delivery as the INGEST stream keeps it: the events counted, not carried."""
        fields = self.model_dump(include=set(DeliveryKept.model_fields) - {"published"})
        return DeliveryKept(**fields, published=None if self.status == "rejected" else len(self.events))


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
