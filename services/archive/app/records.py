"""Keeping records: every item received (its versions, its deletion on the platform), what
other services drew up (upprättade handlingar), moderation's tags and decisions attached,
each logged in the signed Merkle log; and whether a record is to be registered."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.contracts import ItemTagged, PlatformEvent, RecordPreserved, RecordStored, deterministic_id, utcnow
from shared.contracts.archive import Media, Person, RecordDecision, RecordEvent, RecordTag, Registration
from shared.faults import NotYet

from ..adapters.ledger import Ledger
from ..adapters.store import Edit, Record, RecordFacts, RecordStore, TagVerdict, Version, VersionEvent
from ..domain.folding import index_terms
from ..domain.records import (content_digest, item_record_id, leaf_entry, leaf_key, record_id, sort_key,
                              upstream_record_id, version_content)
from ..domain.rules import Facts, registration_verdict
from .policies import policy_for

# How long a moderation tag waits for its record before it counts as a content failure.
WAIT_FOR_RECORD = timedelta(minutes=15)


class RecordNotYet(NotYet):
    """The record a tag belongs to is not stored yet: redelivered until it is, without
    holding up the tags fetched with it (a record that never comes would, for 15 minutes)."""


# A new record's registration (one instance for all: it is immutable).
NOT_REQUIRED = Registration.model_construct(status="not_required")

# Kinds that change an existing item rather than add one.
_EVENT_KINDS = {"delete", "hide", "unhide"}


def facts_of(doc: RecordFacts) -> Facts:
    reg = doc.registration or Registration()
    return Facts(
        direction=doc.direction or "", kind=doc.kind or "", source=doc.source or "social",
        categories=frozenset(doc.categories), intents=frozenset(doc.intents),
        removed=bool(doc.removed or doc.deleted_on_platform),
        registered=reg.status == "registered", police_reported=bool(doc.police_reported),
        archived_at=doc.archived_at, published_at=doc.published_at,
        registered_at=reg.registered_at, held=bool(doc.holds),
    )


def item_meta(event: PlatformEvent) -> dict[str, Any]:
    """What a social item's record says of the item besides its content (its first version)."""
    return {
        "platform": str(event.platform), "account_id": event.account_id, "item_id": event.item_id,
        "thread_id": event.thread_id or event.item_id, "parent_id": event.parent_id,
        "kind": str(event.kind), "direction": str(event.direction), "published_at": event.published_at,
        "received_at": event.received_at, "flags": list(event.flags), "account_registered": event.account_registered,
        "item_event_ids": [event.event_id],
        "version_events": [VersionEvent.model_construct(event_id=event.event_id, version=1)],
        "delivery_id": event.delivery_id,
    }


def new_record(rid: str, *, municipality: str, source: str, content: dict[str, Any], meta: dict[str, Any],
               now: datetime) -> Record:
    """A record's first version: `content` as its version holds it, `meta` the record's other
    fields. Built without validation (what it is built from is typed or built here); it is
    validated where it is read back."""
    author = content.get("author") or {}
    terms, words = index_terms(content.get("text"), author.get("name"), meta.get("account_id"))
    author_terms, _ = index_terms(author.get("name"))
    sort_at = meta.get("published_at") or meta.get("received_at") or now
    return Record.model_construct(
        id=rid, municipality=municipality, source=source, **meta,
        author=Person.model_construct(**author), text=content.get("text", ""),
        media=[Media.model_construct(**m) for m in content.get("media", [])],
        links=content.get("links", []), raw=content.get("raw", {}),
        archived_at=now, sort_at=sort_at, sort_key=sort_key(sort_at, rid),
        version=1, content_sha256=content_digest(content),
        terms=terms, words=words, author_terms=author_terms,
        tags=[], categories=[], intents=[], decisions=[], events=[], holds=[],
        registration=NOT_REQUIRED, culled=None, deleted_on_platform=None,
    )


async def log_version(ledger: Ledger, store: RecordStore, *, municipality: str, rid: str, version: int,
                      content: dict[str, Any], now: datetime) -> None:
    digest = content_digest(content)
    await store.put_version(Version(id=f"{rid}:v{version}", record_id=rid, municipality=municipality, version=version,
                                    content=content, content_sha256=digest, archived_at=now))
    seq = f"v{version}"
    await ledger.enqueue(leaf_key(rid, seq), municipality, rid, leaf_entry(
        municipality=municipality, record_id=rid, seq=seq, kind="version", digest=digest, at=now))


async def log_event(ledger: Ledger, *, municipality: str, rid: str, event: dict[str, Any], now: datetime) -> None:
    seq = f"e:{event['event_id']}"
    await ledger.enqueue(leaf_key(rid, seq), municipality, rid, leaf_entry(
        municipality=municipality, record_id=rid, seq=seq, kind=f"event:{event['type']}",
        digest=content_digest(event), at=now))


async def archive_item(*, store: RecordStore, ledger: Ledger, broker: NatsBroker, event: PlatformEvent) -> RecordStored:
    """Write the record (or its new version, or its deletion event) durably, log it, then
    announce it stored and preserved."""
    rid = record_id(event)
    now = utcnow()
    version = 1
    if str(event.kind) in _EVENT_KINDS:
        version = await _apply_platform_event(store, ledger, rid, event, now)
    else:
        content = version_content(event)
        record = new_record(rid, municipality=event.municipality, source="social", content=content,
                            meta=item_meta(event), now=now)
        created = await store.insert_record(record)
        if not created:
            version = await _new_version(store, rid, event, content, now)
        await log_version(ledger, store, municipality=event.municipality, rid=rid, version=version,
                          content=content, now=now)
        if created:
            await mark_registration(store, rid, doc=record)  # as just written: no read back
    stored = RecordStored(
        event_id=deterministic_id("archive.stored", event.event_id),
        correlation_id=event.correlation_id, municipality=event.municipality, record_id=rid,
        item_event_id=event.event_id, platform=event.platform, item_id=event.item_id,
        direction=event.direction, version=version, account_id=event.account_id,
    )
    # Content and sender are written (record, version, queued log leaf): removal may proceed.
    preserved = RecordPreserved(
        event_id=deterministic_id("archive.preserved", event.event_id),
        correlation_id=event.correlation_id, municipality=event.municipality, record_id=rid,
        platform=event.platform, item_id=event.item_id,
    )
    # Both acknowledged by JetStream before the handler returns (and the message is acked);
    # waiting for them together halves the round trips.
    await asyncio.gather(publish_event(broker, stored, subjects.ARCHIVE_STORED),
                         publish_event(broker, preserved, subjects.ARCHIVE_PRESERVED))
    return stored


def _visible(content: dict[str, Any]) -> tuple:
    return content.get("text"), content.get("media"), content.get("links")


def _shown(record: Record) -> tuple:
    """What the record says now, compared with a version's content (`_visible`)."""
    return record.text, [m.model_dump() for m in record.media], record.links


async def _new_version(store: RecordStore, rid: str, event: PlatformEvent, content: dict[str, Any],
                       now: datetime) -> int:
    """A new version when what the item says changed; the same item delivered again
    under another event id (a re-poll) is noted on the record, not versioned."""
    current = await store.get_any(rid)
    if current and event.event_id not in current.item_event_ids and _visible(content) == _shown(current):
        await store.note_item_event(rid, event.event_id)
        return current.version
    if current and event.event_id not in current.item_event_ids:
        terms, words = index_terms(event.text, event.author.name, event.account_id)
        edit = Edit(text=event.text, raw=event.raw, media=content["media"], links=content["links"], terms=terms,
                    words=words, content_sha256=content_digest(content), edited_at=now)
        number = await store.bump_version(rid, event.event_id, edit)
        if number is not None:
            return number
    return await store.version_of_event(rid, event.event_id) or 1


async def _apply_platform_event(store: RecordStore, ledger: Ledger, rid: str, event: PlatformEvent,
                                now: datetime) -> int:
    """A deletion (or hiding) on the platform is an event on the record; the content stays."""
    entry = RecordEvent(event_id=event.event_id, type=str(event.kind), at=event.published_at or event.received_at,
                        by=Person.model_validate(event.author.model_dump(mode="json")), raw=event.raw)
    existing = await store.get_any(rid)
    if existing is None:
        # The platform told us of a deletion of an item we never saw: keep what it says.
        content = version_content(event)
        meta = {"platform": str(event.platform), "account_id": event.account_id, "item_id": event.item_id,
                "thread_id": event.thread_id or event.item_id, "parent_id": event.parent_id, "kind": str(event.kind),
                "direction": str(event.direction), "published_at": event.published_at,
                "received_at": event.received_at, "item_event_ids": [event.event_id], "flags": list(event.flags)}
        await store.insert_record(new_record(rid, municipality=event.municipality, source="social", content=content,
                                             meta=meta, now=now))
        await log_version(ledger, store, municipality=event.municipality, rid=rid, version=1, content=content, now=now)
    await store.add_event(rid, entry)  # once per event; the steps below are idempotent too
    if event.kind == "delete":
        await store.note_deleted(rid, at=entry.at, event_id=event.event_id)
    elif event.kind in ("hide", "unhide"):
        await store.note_hidden(rid, event.kind == "hide")
    await log_event(ledger, municipality=event.municipality, rid=rid, now=now,
                    event={**entry.model_dump(), "at": entry.at.isoformat(), "type": str(event.kind)})
    stored = await store.get_any(rid)
    return stored.version if stored else 1


async def mark_registration(store: RecordStore, rid: str, *, decided: bool = False, board: str | None = None,
                            doc: RecordFacts | None = None) -> None:
    """Re-evaluate whether the record is to be registered; queue it for the case system if so.
    `doc`: the record as the caller just wrote it (else it is read)."""
    if doc is None:
        doc = await store.facts(rid)
        if doc is None:
            return
    status = (doc.registration or Registration()).status
    if status in ("pending", "registered", "failed"):
        return
    verdict = registration_verdict(policy_for(doc.municipality), facts_of(doc))
    if decided or verdict.required:
        await store.queue_registration(
            rid, rule_id="beslut" if decided and not verdict.required else verdict.rule_id,
            reason=verdict.reason if verdict.required else "Beslut i granskningen: diarieförs",
            board=board or verdict.board, next_attempt_at=utcnow(), requested_at=utcnow())


async def attach_tags(*, store: RecordStore, tagged: ItemTagged) -> None:
    """Moderation's verdict joins the record (tags, categories, intents): one atomic,
    guarded update; then what its registration is judged on is read back."""
    verdict = TagVerdict(event_id=tagged.event_id, policy=tagged.policy, severity=str(tagged.severity),
                         recommended_action=tagged.recommended_action, intents=list(tagged.intents),
                         tags=[RecordTag.model_validate(t.model_dump(mode="json")) for t in tagged.tags],
                         at=tagged.occurred_at)
    rid = item_record_id(tagged.municipality, tagged.platform, tagged.item_id)
    await store.attach_tag_verdict(rid, verdict,
                                   categories=sorted({*(t.category for t in tagged.tags), *tagged.categories}),
                                   intents=sorted(set(tagged.intents)))
    doc = await store.facts(rid)  # after the update (or before it, if attached before: the same)
    if doc is None:
        # The tag overtook its record (the records consumer lags, e.g. after a restart of
        # this service): wait for it like for any dependency, never dead-letter it. A tag
        # whose record has not come for WAIT_FOR_RECORD is treated as content (its item was
        # probably dead-lettered): retried a few times, then dead-lettered and replayable.
        if utcnow() - tagged.occurred_at < WAIT_FOR_RECORD:
            raise RecordNotYet(f"no record yet for item {tagged.item_id}")
        raise LookupError(f"no record for item {tagged.item_id} after {WAIT_FOR_RECORD}")
    if tagged.event_id not in doc.tag_verdicts_keys:
        raise RecordNotYet(f"record of item {tagged.item_id} stored after the tag's update")  # attach again
    # Registered with the board where the matter belongs (Eskilstuna L103), as moderation routed it.
    await mark_registration(store, rid, board=tagged.board, doc=doc)


def _text_of(payload: dict[str, Any]) -> str:
    """Best-effort readable text of another service's event, for search and display."""
    content = payload.get("content")
    if isinstance(content, dict):
        parts = [content.get("title"), content.get("body")]
        return "\n\n".join(str(p) for p in parts if p)
    if isinstance(payload.get("decision"), str):
        parts = [f"Beslut: {payload['decision']}", payload.get("reason"), payload.get("reply_text")]
        return "\n\n".join(str(p) for p in parts if isinstance(p, str) and p)
    if isinstance(payload.get("action"), str):
        return f"Åtgärd: {payload['action']} ({payload.get('state', '')})"
    for key in ("text", "reply_text", "body", "reason", "title", "note"):
        if isinstance(payload.get(key), str) and payload[key]:
            return payload[key]
    return ""


def _person(payload: dict[str, Any]) -> Person:
    if isinstance(payload.get("actor_id"), str):  # moderation's ItemDecided
        return Person(platform_id=payload["actor_id"], name=payload.get("actor_name") or None, profile_url=None)
    for key in ("approved_by", "decided_by", "by", "actor", "drafted_by"):
        value = payload.get(key)
        if isinstance(value, dict):
            return Person(platform_id=str(value.get("user_id", "")), name=value.get("name"), profile_url=None)
    return Person(platform_id="", name=None, profile_url=None)


async def archive_upstream(*, store: RecordStore, ledger: Ledger, subject: str, payload: dict[str, Any]) -> str | None:
    """A decision, broadcast, delivery or outbound post drawn up by the municipality becomes
    an upprättad record; decisions are also attached to the item they concern."""
    municipality, event_id = payload.get("municipality"), payload.get("event_id")
    if not isinstance(municipality, str) or not isinstance(event_id, str):
        return None
    source = subject.split(".", 1)[0]
    source = {"social": "outbound", "moderation": "moderation", "notify": "notify"}.get(source, source)
    rid = upstream_record_id(municipality, subject, event_id)
    now = utcnow()
    content = {"text": _text_of(payload), "author": _person(payload).model_dump(), "media": [], "links": [],
               "raw": payload, "subject": subject}
    occurred = payload.get("occurred_at")
    try:
        occurred_at = datetime.fromisoformat(occurred) if isinstance(occurred, str) else now
    except ValueError:
        occurred_at = now
    thread = payload.get("broadcast_id") or payload.get("thread_id") or payload.get("item_id")
    meta = {"platform": payload.get("platform") if isinstance(payload.get("platform"), str) else None,
            # Filed under the account's platform id, as what comes in is (a delivery names the
            # registry's id too; an event announced before it named only that).
            "account_id": next((v for k in ("platform_account_id", "account_id")
                                if isinstance(v := payload.get(k), str)), None),
            # The record's own id: the post a delivery created, else the event; the item a
            # decision concerns is `concerns_item_id`.
            "item_id": payload.get("platform_post_id") if isinstance(payload.get("platform_post_id"), str)
            else event_id,
            "concerns_item_id": payload.get("item_id") if isinstance(payload.get("item_id"), str) else None,
            "thread_id": str(thread) if thread else None, "parent_id": payload.get("item_id"),
            "kind": subject.rsplit(".", 1)[-1] if source != "outbound" else "post",
            "subject": subject, "direction": "upprattad", "published_at": occurred_at, "received_at": occurred_at,
            "item_event_ids": [event_id]}
    if await store.insert_record(new_record(rid, municipality=municipality, source=source, content=content,
                                            meta=meta, now=now)):
        await log_version(ledger, store, municipality=municipality, rid=rid, version=1, content=content, now=now)
    if source == "moderation":
        await _attach_decision(store, municipality, rid, subject, payload)
    return rid


async def _attach_decision(store: RecordStore, municipality: str, rid: str, subject: str,
                           payload: dict[str, Any]) -> None:
    item_event_id = payload.get("item_event_id") if isinstance(payload.get("item_event_id"), str) else None
    item_id = payload.get("item_id") if isinstance(payload.get("item_id"), str) else None
    target = await store.find_item(municipality, item_event_id=item_event_id, item_id=item_id)
    if target is None:
        return
    action, state = payload.get("action"), payload.get("state")
    decision = str(payload.get("decision") or (f"{action}:{state}" if action else subject.rsplit(".", 1)[-1]))
    entry = RecordDecision(event_id=payload["event_id"], subject=subject, decision=decision, record_id=rid,
                           by=_person(payload), reason=payload.get("reason"), at=payload.get("occurred_at"))
    await store.attach_decision(target, entry)
    if action in ("remove", "hide") and state == "executed":
        await store.note_removed(target)
    if decision == "police_report":
        await store.note_police_reported(target)
    await mark_registration(store, target, decided=decision == "register")


