"""A moderation tag that overtakes its record waits for it like for a dependency (never
dead-lettered by an outage); one whose record never came counts as a content failure."""

from datetime import timedelta

import pytest

from services.archive.app.records import WAIT_FOR_RECORD, RecordNotYet, attach_tags
from shared.contracts import ItemTagged, utcnow
from shared.faults import INFRASTRUCTURE_FAULTS


class NoRecords:
    async def attach_tag_verdict(self, *_args, **_kwargs):
        return None

    async def facts(self, *_args, **_kwargs):
        return None


def tagged(age: timedelta) -> ItemTagged:
    return ItemTagged(event_id="t1", municipality="knivsta", occurred_at=utcnow() - age, item_event_id="e1",
                      platform="facebook", account_id="100", item_id="c1", policy="knivsta")


async def test_a_fresh_tag_waits_for_its_record() -> None:
    with pytest.raises(RecordNotYet) as waiting:
        await attach_tags(store=NoRecords(), tagged=tagged(timedelta(seconds=5)))
    assert isinstance(waiting.value, INFRASTRUCTURE_FAULTS)


async def test_a_tag_whose_record_never_came_is_a_content_failure() -> None:
    with pytest.raises(LookupError) as missing:
        await attach_tags(store=NoRecords(), tagged=tagged(WAIT_FOR_RECORD + timedelta(minutes=1)))
    assert not isinstance(missing.value, INFRASTRUCTURE_FAULTS)
