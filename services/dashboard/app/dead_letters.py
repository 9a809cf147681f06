"""Replaying dead letters: asked of notify (which keeps them), sent again by the service
that published the original event (`cmd.<publisher>.replay_dead_letter`, signed like
every command), then marked on notify. The same use case behind the system page's
buttons and `python -m services.dashboard dead-letters`.

Idempotent by construction: the replay reaches only the consumer that failed, which
handles it like a redelivery (deterministic ids: nothing done is done again), and two
replays racing each other carry the same message id, so JetStream keeps one."""

from __future__ import annotations

from dataclasses import dataclass

from shared.contracts.commands import Actor, CommandResult
from shared.contracts.notify import DeadLetterDetail, DeadLetterReplayed
from shared.replay import ReplayDeadLetter

from ..adapters.gateway import Gateway
from .commands import command_of, send

REPLAY_ALL_LIMIT = 200


@dataclass(frozen=True)
class ReplayOutcome:
    replayed: int
    failed: list[str]


async def replay_one(*, gw: Gateway, actor: Actor, dead_letter_id: str) -> CommandResult[None]:
    """Send one dead letter again to the consumer that failed it."""
    found = await gw.typed("notify", "dead_letter", lambda: gw.notify.dead_letter(actor.municipality, dead_letter_id))
    if found.error:
        return CommandResult(ok=False, message=found.error)
    letter: DeadLetterDetail | None = found.value
    if letter is None:
        return CommandResult(ok=False, message="Meddelandet finns inte bland de som inte kunde hanteras.")
    request = letter.replay
    if not request.publisher or not request.consumer:
        return CommandResult(ok=False, message="Det här meddelandet kan inte köras om (okänt ursprung).")
    fields = request.model_dump(exclude={"publisher"})
    result = await send(gw, request.publisher, "replay_dead_letter", command_of(ReplayDeadLetter, actor, fields))
    if result.ok:
        marked = await send(gw, "notify", "dead_letter_replayed", command_of(DeadLetterReplayed, actor, {
            "dead_letter_id": dead_letter_id, "attempt": request.attempt}))
        if not marked.ok:
            return CommandResult(ok=True, message=f"Meddelandet är skickat igen, men markeringen misslyckades: "
                                                  f"{marked.message}", id=dead_letter_id)
    return result


async def replay_all(*, gw: Gateway, actor: Actor) -> ReplayOutcome:
    """Every dead letter of the actor's municipality not replayed yet."""
    listing = await gw.typed("notify", "dead_letters", gw.notify.dead_letters(
        actor.municipality, unreplayed=True, limit=REPLAY_ALL_LIMIT))
    replayed, failed = 0, []
    for letter in listing.value or []:
        result = await replay_one(gw=gw, actor=actor, dead_letter_id=letter.id)
        if result.ok:
            replayed += 1
        else:
            failed.append(f"{letter.id}: {result.message}")
    if listing.error:
        failed.append(listing.error)
    return ReplayOutcome(replayed=replayed, failed=failed)
