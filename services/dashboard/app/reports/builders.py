"""The reports, by their slug in the address; the month at a glance; the month's PDF; and
the accounts a person's reports cover."""

from __future__ import annotations

from typing import Any

from ...adapters.report_store import MODERATION, RECORDS, VOLUME, RegistryAccount, ReportStore
from ...domain import reports as domain
from ...domain.reports import Period, Scope, account_key, percent_label
from .activity import accounts, volume
from .decisions import moderation
from .labels import REPORTS, pack_for
from .model import Report
from .pdf import render as render_pdf
from .records import crisis, records
from .response_times import response_times

__all__ = ["BUILDERS", "REPORTS", "build", "glance", "monthly_report", "scope_for"]

BUILDERS = {"svarstider": response_times, "volym": volume, "moderering": moderation, "konton": accounts,
            "arkiv": records, "kris": crisis}


async def build(slug: str, store: ReportStore, scope: Scope, period: Period) -> Report:
    return await BUILDERS[slug](store, scope, period)


async def glance(store: ReportStore, scope: Scope, period: Period) -> list[tuple[str, str, str]]:
    """The month at a glance: (figure, value, report slug)."""
    mod = await store.sums(MODERATION, scope, period)
    vol = await store.sums(VOLUME, scope, period)
    arc = await store.sums(RECORDS, scope, period)
    ff, an = domain.clock_figures(mod.total, "first_feedback"), domain.clock_figures(mod.total, "answer")
    broadcasts = await store.broadcasts(scope, period, limit=50)
    return [
        ("Inkomna inlägg", str(vol.total.get("in", 0)), "volym"),
        ("Egna inlägg och svar", str(vol.total.get("own_posts", 0) + vol.total.get("own_replies", 0)), "volym"),
        ("Frågor", str(ff.questions), "svarstider"),
        ("Första återkoppling inom målet", percent_label(ff.share_in_time), "svarstider"),
        ("Svar inom målet", percent_label(an.share_in_time), "svarstider"),
        ("Passerade tidsgränser (återkoppling och svar)", str(ff.breached + an.breached), "svarstider"),
        ("Borttagna inlägg", str(mod.total.get("dec:remove", 0)), "moderering"),
        ("Dolda inlägg", str(mod.total.get("dec:hide", 0)), "moderering"),
        ("Registrerade handlingar", str(arc.total.get("registered", 0)), "arkiv"),
        ("Krisutskick", str(len(broadcasts)), "kris"),
    ]


async def monthly_report(store: ReportStore, scope: Scope, period: Period, *, generated_at: Any) -> bytes:
    reports = [await build(slug, store, scope, period) for slug in REPORTS]
    pack = pack_for(scope.municipality)
    return render_pdf(reports, municipality_name=pack.municipality if pack else scope.municipality, period=period,
                      generated_at=generated_at)


async def scope_for(store: ReportStore, *, municipality: str, units: list[str], konto: str = "", enhet: str = "",
                    namnd: str = "") -> tuple[Scope, list[RegistryAccount]]:
    """The accounts a person may see (their units: a board, a unit or accounts; none: the
    whole municipality), narrowed by what they chose. Also the accounts for the form."""
    mine = []
    for acc in await store.registry_accounts(municipality):
        if not acc.name:
            continue
        tags = {acc.id, acc.platform_account_id, acc.unit, acc.board, acc.administration} - {None, ""}
        if not units or tags & set(units):
            mine.append(acc)
    names = {account_key(a.platform, a.platform_account_id): a.name or "" for a in mine}
    chosen, label = mine, "hela kommunen" if not units else "dina konton"
    if konto:
        chosen, label = [a for a in mine if a.id == konto], "kontot " + next(
            (a.name or "" for a in mine if a.id == konto), konto)
    elif enhet:
        chosen, label = [a for a in mine if a.unit == enhet], f"enheten {enhet}"
    elif namnd:
        chosen, label = [a for a in mine if a.board == namnd], f"nämnden {namnd}"
    narrowed = bool(units or konto or enhet or namnd)
    accounts = frozenset(account_key(a.platform, a.platform_account_id) for a in chosen)
    keys = {account_key(a.platform, a.platform_account_id): a for a in mine}
    return Scope(municipality=municipality, accounts=accounts if narrowed else None, label=label, names=names,
                 boards={k: a.board for k, a in keys.items() if a.board},
                 units={k: a.unit for k, a in keys.items() if a.unit}), mine
