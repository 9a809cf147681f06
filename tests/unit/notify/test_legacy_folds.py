"""Alerts stored before issue 13 kept their folds as arrays; `legacy_folds` gives each
folded id its own document and keeps every item the arrays held."""

from __future__ import annotations

from datetime import UTC, datetime

from services.notify.adapters.store import legacy_folds

AT = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def test_each_folded_id_becomes_a_fold_of_its_alert_with_the_items_in_order() -> None:
    alert = {"_id": "a1", "municipality": "knivsta", "item_event_id": "e1", "last_seen_at": AT,
             "folded_ids": ["a2", "a3", "a4"], "item_event_ids": ["e1", "e2", "e3"]}
    assert [(f["_id"], f["into"], f["municipality"], f["item_event_id"], f["at"]) for f in legacy_folds(alert)] == [
        ("a2", "a1", "knivsta", "e2", AT), ("a3", "a1", "knivsta", "e3", AT), ("a4", "a1", "knivsta", None, AT)]


def test_an_alert_that_folded_nothing_has_no_folds() -> None:
    assert legacy_folds({"_id": "b1", "municipality": "knivsta", "last_seen_at": AT, "folded_ids": [],
                         "item_event_ids": []}) == []
