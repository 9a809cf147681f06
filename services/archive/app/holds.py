"""Legal holds (gallringsstopp): records under a hold are never culled."""

from __future__ import annotations

from shared.contracts import new_id, utcnow
from shared.contracts.archive import Hold, PlaceHold, ReleaseHold, Staff
from shared.contracts.commands import Refusal

from ..adapters.store import RecordStore


async def place_hold(*, store: RecordStore, command: PlaceHold) -> str:
    """A legal hold on records (they are not culled while it stands); its id."""
    hold_id = new_id()
    await store.place_hold(Hold(id=hold_id, municipality=command.actor.municipality, record_ids=command.record_ids,
                                reason=command.reason, placed_by=command.actor.model_dump(mode="json"),
                                placed_at=utcnow(), released_at=None))
    return hold_id


async def release_hold(*, store: RecordStore, command: ReleaseHold) -> None:
    if not await store.release_hold(command.actor.municipality, command.hold_id,
                                    Staff.model_validate(command.actor.model_dump(mode="json")), command.reason):
        raise Refusal("Ingen aktiv spärr med det id:t.", id=command.hold_id)
