"""The inventory (förteckning) of official accounts and the public list of channels.

Eskilstuna's four fields are the core of every row: which social medium, the account's
official address, the unit (verksamhet) and the responsible function. Rows carry no
names of people: the inventory is a public list in the document management plan."""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from shared.contracts.registry import (OFFICIAL_STATES, AccountState, AccountTier, CouncilParty, Inventory,
                                       InventoryAdministration, InventoryColumn, InventoryGroup, InventoryRow, LinkPage,
                                       PublicChannel)
from shared.policy.sections.registry import RegistryPolicy
from shared.spreadsheet import csv_text

from .lifecycle import PLATFORM_LABELS, STATE_LABELS
from .model import Account

TIER_LABELS = {AccountTier.municipality_wide: "Kommunövergripande", AccountTier.local: "Lokalt"}
NOT_GIVEN = "Ej angiven"

#: Column id → heading (Swedish), in order; the first four are Eskilstuna's fields.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("platform", "Socialt medium"),
    ("url", "Officiell adress"),
    ("unit", "Verksamhet"),
    ("responsible_function", "Ansvarig funktion"),
    ("name", "Kontots namn"),
    ("board", "Nämnd"),
    ("administration", "Förvaltning"),
    ("tier", "Kontotyp"),
    ("state", "Status"),
    ("active_since", "Aktivt sedan"),
)


def inventory_rows(accounts: list[Account]) -> list[InventoryRow]:
    """One row per official account, sorted by board, administration, unit and name."""
    rows = []
    for a in accounts:
        if a.state not in OFFICIAL_STATES:
            continue
        r = a.responsibilities
        rows.append({
            "account_id": a.account_id,
            "platform": PLATFORM_LABELS[a.platform],
            "url": a.url or "",
            "unit": r.unit or "",
            "responsible_function": r.responsible_function or "",
            "name": a.name,
            "board": r.board or NOT_GIVEN,
            "administration": r.administration or NOT_GIVEN,
            "tier": TIER_LABELS[a.tier],
            "state": STATE_LABELS[a.state],
            "active_since": a.activation.at.date().isoformat() if a.activation else "",
        })
    rows.sort(key=lambda row: (row["board"], row["administration"], row["unit"], row["name"]))
    return rows


def inventory_groups(rows: list[InventoryRow]) -> list[InventoryGroup]:
    """Rows grouped per board, then per administration (for the printable page)."""
    return [InventoryGroup(board=board, administrations=[
        InventoryAdministration(administration=admin, rows=list(items))
        for admin, items in groupby(by_board, key=lambda row: row["administration"])])
        for board, by_board in groupby(rows, key=lambda row: row["board"])]


def inventory_csv(rows: list[InventoryRow]) -> str:
    """CSV with Swedish headings; `;`-separated and with a BOM, the way Excel in Swedish
    opens it directly, and with formula-looking cells neutralised."""
    return csv_text([[heading for _, heading in COLUMNS], *([row[key] for key, _ in COLUMNS] for row in rows)])


def inventory_document(accounts: list[Account], policy: RegistryPolicy, *, municipality: str,
                       municipality_name: str, now: datetime) -> Inventory:
    rows = inventory_rows(accounts)
    return Inventory(
        municipality=municipality,
        municipality_name=municipality_name,
        heading=policy.inventory.heading,
        kept_by=policy.inventory.kept_by,
        reported_to=policy.inventory.reported_to,
        generated_at=now,
        columns=[InventoryColumn(id=key, heading=heading) for key, heading in COLUMNS],
        rows=rows,
        groups=inventory_groups(rows),
    )


def public_channels(accounts: list[Account]) -> list[PublicChannel]:
    """The channels the public page lists: live accounts with an address; municipality-wide first."""
    live = [a for a in accounts if a.state in (AccountState.active, AccountState.under_review) and a.url]
    live.sort(key=lambda a: (a.tier != AccountTier.municipality_wide, a.name.casefold(), a.platform))
    return [PublicChannel(
        account_id=a.account_id,
        name=a.name,
        platform=a.platform,
        platform_label=PLATFORM_LABELS[a.platform],
        url=a.url,
        unit=a.responsibilities.unit,
        board=a.responsibilities.board,
        tier=a.tier,
        tier_label=TIER_LABELS[a.tier],
    ) for a in live]


def link_feed(accounts: list[Account], policy: RegistryPolicy, *, municipality: str, municipality_name: str,
              now: datetime) -> LinkPage:
    """The JSON feed the municipal website embeds (without its `html`)."""
    page = policy.link_page
    return LinkPage(
        municipality=municipality,
        municipality_name=municipality_name,
        title=page.title,
        intro=page.intro,
        url=str(page.url) if page.url else None,
        website=str(page.website) if page.website else None,
        contact=page.contact,
        updated_at=now,
        channels=public_channels(accounts),
        council_parties_heading=page.council_parties_heading if page.council_parties else None,
        council_parties_intro=page.council_parties_intro if page.council_parties else None,
        council_parties=[CouncilParty(name=p.name, url=str(p.url)) for p in page.council_parties],
        rules_of_conduct=page.rules_of_conduct,
        personal_data_controller=page.personal_data_controller,
        gdpr_contact=page.gdpr_contact,
    )
