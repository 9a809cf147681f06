"""The reports, by their slug in the address, and the month at a glance."""

from __future__ import annotations

from . import domain
from .activity import accounts, volume
from .decisions import moderation
from .domain import Period, Scope, percent_label
from .labels import REPORTS
from .model import Report
from .projection import MODERATION, RECORDS, VOLUME, ReportStore
from .records import crisis, records
from .response_times import response_times

__all__ = ["BUILDERS", "REPORTS", "build", "glance"]

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
    broadcasts = await store.listed("broadcast", scope, period, limit=50)
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
