from datetime import datetime

import pytest
from pydantic import ValidationError

from shared.contracts.queries import MunicipalityQuery
from shared.contracts import Author, Direction, ItemKind, Platform, PlatformEvent, deterministic_id, utcnow
from shared.streams import STREAMS, stream_for


def _event(**overrides):
    fields = dict(municipality="knivsta", platform=Platform.facebook, account_id="p1", kind=ItemKind.comment,
                  item_id="c1", author=Author(platform_id="a1"), received_at=utcnow(), direction=Direction.inkommen)
    return PlatformEvent(**(fields | overrides))


def test_naive_datetimes_are_refused_on_the_wire() -> None:
    with pytest.raises(ValidationError, match="timezone-aware"):
        _event(received_at=datetime(2026, 1, 1, 12, 0))


def test_municipality_must_be_a_pack_id() -> None:
    with pytest.raises(ValidationError):
        _event(municipality="Knivsta kommun")


def test_nosql_operator_where_a_string_is_expected_is_refused() -> None:
    with pytest.raises(ValidationError):
        MunicipalityQuery.model_validate({"municipality": {"$gt": ""}})
    with pytest.raises(ValidationError):
        _event(item_id={"$ne": None})


def test_event_round_trips_through_json_with_swedish_text() -> None:
    event = _event(text="Varför är återvinningscentralen stängd på lördag? Åsa")
    again = PlatformEvent.model_validate_json(event.model_dump_json())
    assert again == event
    assert again.schema_version == 1


def test_deterministic_ids_are_stable_and_distinct() -> None:
    assert deterministic_id("facebook", "c1", "add") == deterministic_id("facebook", "c1", "add")
    assert deterministic_id("facebook", "c1", "add") != deterministic_id("facebook", "c1", "edited")
    # The separator keeps ("a", "bc") and ("ab", "c") apart.
    assert deterministic_id("a", "bc") != deterministic_id("ab", "c")


def test_every_subject_prefix_has_one_stream() -> None:
    assert stream_for("social.received.x") == "SOCIAL"
    assert stream_for("archive.record.preserved") == "ARCHIVE"
    assert stream_for("dlq.moderation") == "DLQ"
    prefixes = [s.subjects[0] for s in STREAMS]
    assert len(prefixes) == len(set(prefixes))
