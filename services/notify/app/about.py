"""The rules of conduct in each account's about text (Eskilstuna L68: "Kommunen har
skyldighet att informera användarna om uppföranderegler").

When registry activates an account, or its facts change while it is live, and the pack
has rules of conduct, notify writes them into the account's about/description through the
platform's API where there is one (`WritesAbout`), and keeps what it wrote, when, and
where it could not (`q.notify.about_texts`, shown on the staff UI's account page)."""

from __future__ import annotations

import hashlib

from shared.connectors import ConnectorError, WritesAbout
from shared.contracts import utcnow
from shared.contracts.notify import AboutText
from shared.contracts.registry import AccountChanged
from shared.logging import get_logger

from ..deps import Deps

log = get_logger(__name__)

ABOUT_VERBS = {"activated", "updated", "reviewed"}
LIVE = {"active", "under_review"}
UNSUPPORTED = "Plattformen har inget API för kontots om-text: lägg in uppförandereglerna för hand."


def about_text(rules: str, link: str | None, limit: int) -> str:
    """The rules, with the link page where it fits; only the link where the rules do not."""
    with_link = f"{rules}\n\nAlla kommunens konton och reglerna: {link}" if link else rules
    if len(with_link) <= limit:
        return with_link
    pointer = f"Regler för att skriva här: {link}" if link else ""
    if len(rules) <= limit or not link or len(pointer) > limit:
        return rules[:limit]  # a cut link leads nowhere; cut rules still say most of it
    return pointer


async def write_rules_of_conduct(*, deps: Deps, event: AccountChanged) -> AboutText | None:
    """Write (or rewrite, if the text changed) the account's about text; the record kept, or None."""
    facts = event.account
    pack = deps.pack(event.municipality)
    page = pack.registry.link_page if pack else None
    if (event.verb not in ABOUT_VERBS or str(event.to_state) not in LIVE or not page or not page.rules_of_conduct
            or not facts.platform_account_id):
        return None
    connector = deps.connectors.get(str(facts.platform))
    now = utcnow()
    record = {
        "_id": f"{event.municipality}:{event.account_id}", "municipality": event.municipality,
        "account_id": event.account_id, "platform": str(facts.platform),
        "platform_account_id": facts.platform_account_id, "account_name": facts.name, "updated_at": now}
    if not isinstance(connector, WritesAbout):
        return await deps.broadcasts.save_about_text(AboutText.model_validate(
            record | {"state": "unsupported", "note": UNSUPPORTED, "text": None}))
    text = about_text(page.rules_of_conduct, str(page.url) if page.url else None, connector.about_limit)
    before = await deps.broadcasts.about_text(event.municipality, event.account_id)
    if (before and before.state == "written" and before.text == text
            and before.platform_account_id == facts.platform_account_id):
        # Already there: an update of other facts writes nothing again (the record notes the facts).
        return await deps.broadcasts.save_about_text(before.model_copy(update={"account_name": facts.name,
                                                                               "updated_at": now}))
    digest = hashlib.sha256(f"{facts.platform_account_id}\n{text}".encode()).hexdigest()[:16]
    try:
        await connector.set_about(facts.platform_account_id, text, idempotency_key=f"about:{event.account_id}:{digest}")
    except ConnectorError as exc:
        if exc.retryable:
            raise  # the event is redelivered until the platform answers
        log.warning("about_text.refused", account_id=event.account_id, error=str(exc))
        return await deps.broadcasts.save_about_text(AboutText.model_validate(
            record | {"state": "failed", "text": text, "note": f"Plattformen vägrade: {exc}"}))
    log.info("about_text.written", account_id=event.account_id, platform=str(facts.platform), chars=len(text))
    return await deps.broadcasts.save_about_text(AboutText.model_validate(
        record | {"state": "written", "text": text, "note": None, "written_at": now}))


async def about_texts(*, deps: Deps, municipality: str, account_id: str | None, limit: int) -> list[AboutText]:
    """What was written into the accounts' about texts (`q.notify.about_texts`): one account's, or all."""
    if account_id:
        found = await deps.broadcasts.about_text(municipality, account_id)
        return [found] if found else []
    return await deps.broadcasts.about_texts(municipality, limit=limit)
