"""The dashboard reads a command's answer as the command's own data model (a fake broker,
no NATS): the fields of the model, never keys of the JSON."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from services.dashboard.adapters.gateway import Gateway
from shared.contracts.archive import DeliverRequest, ExportSip, ReleaseHold, RequestDelivered, SipExported
from shared.contracts.commands import Actor

ACTOR = Actor(user_id="u1", name="Ada", municipality="knivsta", roles=["archivist"])


class Answering:
    """A broker whose every request is answered with `reply` (as JSON)."""

    def __init__(self, reply: Any) -> None:
        self.reply = reply

    async def request(self, body: bytes, subject: str, **_: Any) -> SimpleNamespace:
        return SimpleNamespace(body=json.dumps(self.reply).encode())


def gateway(reply: Any) -> Gateway:
    return Gateway(Answering(reply), timeout=1.0)  # type: ignore[arg-type]


async def test_the_answers_data_is_read_as_the_commands_model() -> None:
    answer = {"ok": True, "message": "E-ARK-paketet är skapat.", "id": "sip.zip", "data": {"path": "/x/sip.zip"}}
    result = await gateway(answer).command("archive", "export_sip", ExportSip(actor=ACTOR), SipExported)
    assert result.ok and isinstance(result.data, SipExported) and result.data.path == "/x/sip.zip"


async def test_a_field_under_its_wire_name_is_read_as_the_models() -> None:
    answer = {"ok": True, "data": {"pdf_base64": "JVBERg==", "json": "{}", "record_id": "r1", "pdf_sha256": "ab"}}
    result = await gateway(answer).command("archive", "request_deliver", DeliverRequest(actor=ACTOR, request_id="q1"),
                                             RequestDelivered)
    assert result.data is not None and result.data.json_text == "{}"


async def test_data_not_of_the_commands_model_is_an_unexpected_answer() -> None:
    answer = {"ok": True, "data": {"paths": ["/x/sip.zip"]}}
    result = await gateway(answer).command("archive", "export_sip", ExportSip(actor=ACTOR), SipExported)
    assert not result.ok and "Oväntat svar" in result.message


async def test_without_a_model_the_data_is_not_read() -> None:
    answer = {"ok": True, "message": "Spärren är hävd.", "id": "h1", "data": {"anything": 1}}
    result = await gateway(answer).command("archive", "release_hold",
                                             ReleaseHold(actor=ACTOR, hold_id="h1", reason="Utredningen är klar"))
    assert result.ok and result.id == "h1" and result.data is None
