"""The generic webhook's body (CITS ERMS terms) and its published JSON Schema."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from services.archive.adapters import webhook
from services.archive.adapters.store import Record
from services.archive.app import registration

SCHEMA_FILE = Path(webhook.__file__).with_name("registration_request.schema.json")


def test_the_published_schema_is_the_one_the_code_sends() -> None:
    assert json.loads(SCHEMA_FILE.read_text()) == webhook.request_schema(), (
        "regenerate: python -m services.archive.adapters.webhook"
        " > services/archive/adapters/registration_request.schema.json")


def test_body_names_case_record_party_classification_sekretess_and_attachments() -> None:
    at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    record = Record.model_validate({
        "_id": "r1", "municipality": "eskilstuna", "source": "social", "platform": "facebook", "account_id": "p1",
        "thread_id": "t1", "kind": "comment", "direction": "inkommen",
        "text": "Min granne har personnummer 19811218-9876", "author": {"platform_id": "9", "name": "Kim"},
        "published_at": at, "received_at": at, "categories": ["personal_data", "complaint"],
        "intents": ["complaint"], "registration": {"status": "pending", "rule_id": "klagomal",
                                                    "reason": "Klagomål diarieförs", "board": "KS"}})
    body = json.loads(registration.request_body(record).model_dump_json())
    assert body["case"] == {"external_id": "kanalvakt:eskilstuna:t1", "board": "KS",
                            "title": "Sociala medier: facebook p1, tråd t1"}
    assert body["record"]["direction"] == "incoming" and body["record"]["reason"] == "Klagomål diarieförs"
    assert body["classification"] == {"categories": ["personal_data", "complaint"], "intents": ["complaint"],
                                      "rule_id": "klagomal"}
    assert body["sekretess"] == {"to_examine": True, "categories": ["personal_data"]}
    for attachment in body["attachments"]:
        data = base64.b64decode(attachment["content_base64"])
        assert attachment["checksum"] == hashlib.sha256(data).hexdigest() and attachment["size"] == len(data)
    assert [a["mimetype"] for a in body["attachments"]] == ["application/pdf", "application/json"]
