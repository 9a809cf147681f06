"""The police-report package (polisanmälan): everything the police need, gathered
when staff decide to report, so nobody has to collect it by hand afterwards."""

from __future__ import annotations

from shared.contracts.moderation import (ArchiveProof, DecisionRecord, PoliceReport, PreparedBy, ReportedContent,
                                         ReportTimes, ThreadEntry, Verdict)

from ..deps import Deps


async def build_police_report(*, deps: Deps, item: Verdict, decision: DecisionRecord) -> PoliceReport:
    """Content, sender, times, thread context and the archive's proof, in one package."""
    municipality = item.municipality
    context = await deps.store.thread(municipality, item.thread_id) if item.thread_id else []
    preserved = await deps.store.preserved_record(municipality, item.platform, item.item_id)
    offender = await deps.store.offender(municipality, item.platform, item.account_id, item.author.platform_id)
    package = PoliceReport(
        id=decision.id, municipality=municipality, item_event_id=item.id, created_at=deps.now(),
        prepared_by=PreparedBy(user_id=decision.actor_id, name=decision.actor_name),
        reason=decision.reason,
        content=ReportedContent(text=item.text, platform=item.platform, account_id=item.account_id,
                                item_id=item.item_id, kind=item.kind, links=item.links),
        sender=item.author,
        times=ReportTimes(published_at=item.published_at, received_at=item.received_at, tagged_at=item.occurred_at),
        categories=item.categories, tags=item.tags,
        thread=[ThreadEntry(item_id=c.item_id, author=c.author, text=c.text, received_at=c.received_at,
                            direction=c.direction) for c in context],
        archive_proof=(ArchiveProof(record_id=preserved.record_id, preserved_at=preserved.preserved_at)
                       if preserved else None),
        earlier_violations=offender.count if offender else 0,
    )
    await deps.store.save_police_report(package)
    return package
