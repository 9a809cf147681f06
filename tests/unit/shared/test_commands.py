"""The shared command shape, on FastStream's in-memory test broker (a unit test: no
streams, acks or redelivery are involved in a core request/reply)."""

import json

from faststream.nats import NatsBroker, TestNatsBroker
from pydantic import BaseModel

from shared.commands import command_subscriber
from shared.contracts import Actor, CommandResult, Role
from shared.contracts.commands import Outcome, Refusal


class CloseThing(BaseModel):
    actor: Actor
    thing_id: str


def _broker() -> NatsBroker:
    broker = NatsBroker()

    @command_subscriber(broker, service="svc", what="close", model=CloseThing, roles={Role.archivist})
    async def close(command: CloseThing) -> CommandResult:
        if command.thing_id == "held":
            raise Refusal("Handlingen har en spärr.", id=command.thing_id)
        return CommandResult(ok=True, message="Stängd.", id=command.thing_id)

    return broker


ARCHIVIST = {"user_id": "u1", "name": "Ada", "municipality": "knivsta", "roles": ["archivist"]}
COMMUNICATOR = ARCHIVIST | {"roles": ["communicator"]}


async def _ask(broker: NatsBroker, body: object) -> dict:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    reply = await broker.request(raw, "cmd.svc.close")
    return json.loads(reply.body)


async def test_accepted_command_runs_the_use_case() -> None:
    broker = _broker()
    async with TestNatsBroker(broker):
        answer = await _ask(broker, {"actor": ARCHIVIST, "thing_id": "t1"})
    assert answer["ok"] is True and answer["id"] == "t1"


async def test_missing_role_is_refused_naming_the_roles() -> None:
    broker = _broker()
    async with TestNatsBroker(broker):
        answer = await _ask(broker, {"actor": COMMUNICATOR, "thing_id": "t1"})
    assert answer["ok"] is False
    assert "Behörighet saknas" in answer["message"] and "archivist" in answer["message"]


async def test_refusal_from_the_use_case_reaches_staff() -> None:
    broker = _broker()
    async with TestNatsBroker(broker):
        answer = await _ask(broker, {"actor": ARCHIVIST, "thing_id": "held"})
    assert answer == {"ok": False, "message": "Handlingen har en spärr.", "id": "held", "data": None}


async def test_bad_input_says_which_field_is_wrong() -> None:
    broker = _broker()
    async with TestNatsBroker(broker):
        operator = await _ask(broker, {"actor": ARCHIVIST, "thing_id": {"$ne": None}})
        not_json = await _ask(broker, b"{not json")
    assert operator["ok"] is False and "thing_id" in operator["message"]
    assert not_json["ok"] is False and "Ogiltigt kommando" in not_json["message"]


class CloseThingIn(BaseModel):
    actor: Actor
    municipality: str
    thing_id: str


async def test_a_command_for_another_municipality_than_its_actors_is_refused() -> None:
    broker = NatsBroker()

    @command_subscriber(broker, service="svc", what="close", model=CloseThingIn, roles={Role.archivist})
    async def close(command: CloseThingIn) -> CommandResult:
        return CommandResult(ok=True, id=command.thing_id)

    async with TestNatsBroker(broker):
        elsewhere = await _ask(broker, {"actor": ARCHIVIST, "municipality": "pitea", "thing_id": "t1"})
        own = await _ask(broker, {"actor": ARCHIVIST, "municipality": "knivsta", "thing_id": "t1"})
    assert elsewhere["ok"] is False and "annan kommun" in elsewhere["message"]
    assert own["ok"] is True


class Closed(Outcome):
    thing_id: str
    note: str | None = None


async def test_an_answers_data_is_the_commands_model_and_read_back_as_it() -> None:
    broker = NatsBroker()

    @command_subscriber(broker, service="svc", what="close", model=CloseThing)
    async def close(command: CloseThing) -> CommandResult[Closed]:
        return CommandResult(ok=True, id=command.thing_id, data=Closed(thing_id=command.thing_id))

    async with TestNatsBroker(broker):
        answer = await _ask(broker, {"actor": ARCHIVIST, "thing_id": "t1"})
    assert answer["data"] == {"thing_id": "t1"}  # what did not happen (no note) is not sent
    read = CommandResult[Closed].model_validate(answer)
    assert read.data is not None and read.data.thing_id == "t1" and read.data.note is None
