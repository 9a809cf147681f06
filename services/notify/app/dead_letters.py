"""Dead letters: each is kept whole for the system page (and its replay) and raises an
alert for the municipality it concerns; an administrator's replay is noted on it."""

from __future__ import annotations

import json

from shared.contracts import utcnow
from shared.contracts.notify import DeadLetterDetail
from shared.logging import get_logger

from ..deps import Deps
from ..domain.alerts import dead_letter_alert
from ..domain.dead_letters import dead_letter_document, replay_request
from .alerts import raise_alert

log = get_logger(__name__)


async def note_dead_letter(
    *, deps: Deps, subject: str, headers: dict[str, str], data: bytes, position: str
) -> None:
    """Keep the dead letter for the system page and alert the municipality it concerns
    (every municipality served when it names none)."""
    try:
        municipality = json.loads(data).get("municipality")
    except (ValueError, AttributeError):
        municipality = None
    if municipality not in deps.municipalities:
        municipality = None
    doc = dead_letter_document(subject=subject, headers=headers, data=data, position=position,
                               municipality=municipality, at=utcnow())
    # Until it is stored this raises, and the message waits (the database is away) or is
    # retried; it is never dead-lettered again (shared/broker.py).
    await deps.alerts.keep_dead_letter(doc)
    dead_letter_id, failed_service, original = doc.id, doc.service, doc.subject
    if failed_service == "notify" and original.startswith(("notify.alert.", "dlq.")):
        # An alert that could not be sent must not raise an alert about itself, forever.
        log.error("dead_letter.alert_loop_stopped", subject=original, error=headers.get("x-error"))
        return
    for target in [municipality] if municipality else deps.municipalities:
        await raise_alert(
            deps=deps,
            alert=dead_letter_alert(
                municipality=target,
                dead_letter_id=dead_letter_id,
                service=failed_service,
                original_subject=original,
                error=headers.get("x-error", ""),
                delivered=headers.get("x-delivered", "?"),
            ),
        )


async def dead_letter_detail(*, deps: Deps, municipality: str, dead_letter_id: str) -> DeadLetterDetail | None:
    """One dead letter with what replaying it needs (`replay`: publisher, body, headers)."""
    kept = await deps.alerts.get_dead_letter(municipality, dead_letter_id)
    if kept is None:
        return None
    return DeadLetterDetail.model_validate({**kept.model_dump(by_alias=True, exclude={"raw"}),
                                            "replay": replay_request(kept)})


async def mark_replayed(*, deps: Deps, dead_letter_id: str, attempt: int, by: str) -> None:
    """The dashboard replayed it (through its publisher): the page shows when and by whom."""
    await deps.alerts.mark_replayed(dead_letter_id, attempt=attempt, by=by, at=utcnow())
