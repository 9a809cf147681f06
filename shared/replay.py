"""`cmd.<service>.replay_dead_letter`: a service sends one of its own events again, for the
one consumer that dead-lettered it (shared/dead_letters.py says how). Registered on every
service by its runtime; only a system administrator may ask, through the staff web UI
(signed like every command) or `python -m services.dashboard dead-letters replay`."""

from __future__ import annotations

import base64
import binascii

from faststream.nats import NatsBroker
from pydantic import Field

from .commands import Refusal, command_subscriber
from .contracts.base import Contract
from .contracts.commands import Actor, CommandResult, Role
from .dead_letters import REPLAY_COMMAND, publisher_of, replay_headers
from .logging import get_logger
from .streams import stream_for

log = get_logger(__name__)


class ReplayDeadLetter(Contract):
    """Send a dead letter's message again to the consumer that failed it."""

    actor: Actor
    dead_letter_id: str = Field(..., min_length=1, max_length=200)
    subject: str = Field(..., min_length=3, max_length=200, description="The original subject.")
    consumer: str = Field(..., min_length=1, max_length=200, description="The durable consumer that failed.")
    headers: dict[str, str] = Field(default_factory=dict, description="The original message's headers.")
    body_b64: str = Field(..., description="The original body, base64.")
    attempt: int = Field(1, ge=1, description="Which replay of this dead letter (part of the message id).")


def register_replay(broker: NatsBroker, service: str) -> None:
    @command_subscriber(broker, service=service, what=REPLAY_COMMAND, model=ReplayDeadLetter,
                        roles={Role.system_administrator},
                        description=f"Replays a dead letter of an event {service} publishes (system administrators).")
    async def replay(command: ReplayDeadLetter) -> CommandResult[None]:
        if publisher_of(command.subject) != service:
            raise Refusal(f"{command.subject} är inte en händelse som {service} publicerar.")
        try:
            body = base64.b64decode(command.body_b64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise Refusal("Meddelandets innehåll är inte läsbart (base64).") from exc
        headers = replay_headers(dead_letter_id=command.dead_letter_id, consumer=command.consumer,
                                 original=command.headers, attempt=command.attempt)
        ack = await broker.publish(body, command.subject, headers=headers, stream=stream_for(command.subject),
                                   timeout=5.0)
        log.info("dead_letter.replayed", dead_letter_id=command.dead_letter_id, subject=command.subject,
                 consumer=command.consumer, attempt=command.attempt, by=command.actor.user_id,
                 duplicate=getattr(ack, "duplicate", None))
        return CommandResult(ok=True, message="Meddelandet är skickat igen.", id=command.dead_letter_id)
