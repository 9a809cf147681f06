"""Disclosure (utlämnande): selected records, redacted, as HTML and PDF with provenance.

Pre-marked: personnummer (checksum-valid) and spans moderation tagged with a category the
pack lists (`disclosure_redact_categories`: confidential, sensitive personal data…).
Staff add spans or release pre-marked ones. The PDF is PDF/A-2B (fpdf2 enforces it;
DejaVu fonts are embedded). Each request is logged, with who, what and the redactions.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, select_autoescape

from shared import pdfa
from shared.clients.registry import RegistryUnavailable
from shared.contracts import new_id, utcnow
from shared.contracts.archive import (
    DisclosedRecord,
    DisclosureMade,
    DisclosurePreview,
    ExportDisclosure,
    Person,
    PreviewedRecord,
    RecordView,
)
from shared.contracts.commands import Refusal
from shared.policy.local import LocalDecision

from ..adapters.pages import PageDirectory
from ..adapters.store import Disclosure, RecordStore
from ..domain import redaction
from .policies import municipality_name, personal_data_notice, policy_for

_env = Environment(autoescape=select_autoescape(default=True))
HTML = _env.from_string("""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Utlämnande {{ disclosure_id }}</title>
<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto}article{border:1px solid #999;padding:1rem;margin:1rem 0}
dl{display:grid;grid-template-columns:12rem 1fr;gap:.2rem}.text{white-space:pre-wrap}</style></head>
<body><h1>Utlämnande av allmänna handlingar</h1>
<p>{{ municipality_name }} · Utlämnande {{ disclosure_id }} · {{ requested_at }} · Handläggare: {{ actor }}
{% if reference %} · Dnr {{ reference }}{% endif %}</p>
<p>Maskerade uppgifter visas som █. Proveniens: varje handling med arkivets id, version och
SHA-256 av innehållet, som ingår i arkivets signerade Merkle-logg.</p>
{% if personal_data %}<p>Personuppgifter: {{ personal_data }}</p>{% endif %}
{% for r in records %}<article>
<h2>{{ r.label }}</h2><dl>
<dt>Handlingens id</dt><dd>{{ r.id }}</dd><dt>Inkommen/upprättad</dt><dd>{{ r.direction }}</dd>
<dt>Plattform och konto</dt><dd>{{ r.platform }} · {{ r.account_id }}</dd>
<dt>Avsändare</dt><dd>{{ r.author }}</dd><dt>Publicerad</dt><dd>{{ r.published_at }}</dd>
<dt>Inkom</dt><dd>{{ r.received_at }}</dd><dt>Arkiverad</dt><dd>{{ r.archived_at }}</dd>
<dt>Version</dt><dd>{{ r.version }}</dd><dt>SHA-256 (innehåll)</dt><dd><code>{{ r.sha }}</code></dd>
{% if r.deleted %}<dt>Raderad på plattformen</dt><dd>{{ r.deleted }}</dd>{% endif %}
{% if r.registration %}<dt>Diarienummer</dt><dd>{{ r.registration }}</dd>{% endif %}
<dt>Maskeringar</dt><dd>{{ r.redactions }}</dd></dl>
<p class="text">{{ r.text }}</p></article>{% endfor %}
</body></html>""")  # noqa: E501 - the page is written as it is served


@dataclass(frozen=True)
class Prepared:
    """One record as it is handed out (its text masked), and what the page and the PDF say of it."""

    id: str
    premarked: list[dict[str, Any]]
    spans: list[dict[str, Any]]
    text: str
    label: str
    direction: str
    platform: str
    account_id: str
    author: str
    published_at: str
    received_at: str
    archived_at: str
    version: int
    sha: str
    deleted: str
    registration: str | None
    redactions: str


def prepare(record: RecordView, categories: list[str], add: list[dict[str, Any]],
            release: list[int]) -> Prepared:
    """One record ready for disclosure: its pre-marked spans, staff's changes, the redacted text."""
    text = record.text
    marked = redaction.premarked(text, record.tags, categories)
    kept = [s for i, s in enumerate(marked) if i not in set(release)]
    extra = [{"start": s["start"], "end": min(s["end"], len(text)), "reason": s.get("reason", "manuell")}
             for s in add if s["start"] < s["end"]]
    spans = redaction.merge([*kept, *extra])
    author = record.author or Person()
    author_text = " ".join(x for x in (author.name, f"({author.platform_id})") if x)
    # The sender's name is itself personal data: masked when the pack says so for the text.
    return Prepared(
        id=record.id, premarked=marked, spans=spans, text=redaction.apply(text, spans),
        label=f"{record.kind or ''} · {record.platform or record.source}",
        direction={"inkommen": "Inkommen", "upprattad": "Upprättad"}.get(record.direction or "", ""),
        platform=record.platform or "", account_id=record.account_id or "",
        author=author_text, published_at=_fmt(record.published_at),
        received_at=_fmt(record.received_at), archived_at=_fmt(record.archived_at),
        version=record.version, sha=record.content_sha256 or "",
        deleted=_fmt(record.deleted_on_platform.at if record.deleted_on_platform else None),
        registration=record.registration.diarienummer if record.registration else None,
        redactions=", ".join(f"{s['start']}–{s['end']} ({s['reason']})" for s in spans) or "inga",
    )


def _fmt(value: Any) -> str:
    return value.isoformat(timespec="seconds") if hasattr(value, "isoformat") else (str(value) if value else "")


def render_html(context: dict[str, Any]) -> str:
    return HTML.render(**context)


def render_pdf(context: dict[str, Any]) -> bytes:
    pdf = pdfa.document(f"Utlämnande {context['disclosure_id']}", author=context["municipality_name"])
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, "Utlämnande av allmänna handlingar", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    head = f"{context['municipality_name']} · Utlämnande {context['disclosure_id']} · {context['requested_at']} · " \
           f"Handläggare: {context['actor']}" + (f" · Dnr {context['reference']}" if context.get("reference") else "")
    pdf.multi_cell(0, 5, head, new_x="LMARGIN", new_y="NEXT")
    if context.get("personal_data"):
        pdf.multi_cell(0, 5, f"Personuppgifter: {context['personal_data']}", new_x="LMARGIN", new_y="NEXT")
    for r in context["records"]:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 6, r.label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        for key, label in (("id", "Handlingens id"), ("direction", "Inkommen/upprättad"), ("account_id", "Konto"),
                           ("author", "Avsändare"), ("published_at", "Publicerad"), ("received_at", "Inkom"),
                           ("archived_at", "Arkiverad"), ("version", "Version"), ("sha", "SHA-256"),
                           ("deleted", "Raderad på plattformen"), ("registration", "Diarienummer"),
                           ("redactions", "Maskeringar")):
            if getattr(r, key) not in (None, ""):
                pdf.multi_cell(0, 4.5, f"{label}: {getattr(r, key)}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, r.text or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def disclose_for_staff(*, store: RecordStore, pages: PageDirectory,
                             command: ExportDisclosure) -> DisclosurePreview | DisclosureMade:
    """`disclose` with the contact the municipality entered for its link page in registry;
    refused when registry does not answer and the pack says a disclosure names it."""
    try:
        decisions = [] if command.preview else await pages.link_page_decisions(command.actor.municipality)
    except RegistryUnavailable:
        # Where the pack says a disclosure names whom to ask about personal data (Lidköping L77, L79),
        # it is not made without the contact the municipality entered in registry.
        if personal_data_notice(command.actor.municipality):
            raise Refusal("Kontoregistret svarar inte, så kontakten för frågor om "
                          "personuppgifter kan inte tas med. Försök igen om en stund.") from None
        decisions = []
    try:
        return await disclose(store=store, command=command, link_page_decisions=decisions)
    except LookupError as exc:
        raise Refusal(f"Handlingar saknas: {exc}") from exc


async def disclose(*, store: RecordStore, command: ExportDisclosure,
                   link_page_decisions: Sequence[LocalDecision] = ()) -> DisclosurePreview | DisclosureMade:
    """Redact and render the selected records; log the request (unless a preview)."""
    municipality = command.actor.municipality
    policy = policy_for(municipality)
    redactions = {r.record_id: r for r in command.redactions}
    prepared, missing = [], []
    for rid in command.record_ids:
        record = await store.get(municipality, rid)
        if record is None:
            missing.append(rid)
            continue
        r = redactions.get(rid)
        prepared.append(prepare(record, policy.disclosure_redact_categories,
                                           [s.model_dump() for s in r.add] if r else [],
                                           r.remove_premarked if r else []))
    if missing:
        raise LookupError(", ".join(missing))
    disclosure_id = new_id()
    now = utcnow()
    context = {"disclosure_id": disclosure_id, "municipality_name": municipality_name(municipality),
               "requested_at": now.isoformat(timespec="seconds"), "actor": command.actor.name,
               "reference": command.reference, "records": prepared,
               "personal_data": personal_data_notice(municipality, link_page_decisions)}
    if command.preview:
        return DisclosurePreview(records=[PreviewedRecord(id=p.id, premarked=p.premarked, spans=p.spans, text=p.text)
                                          for p in prepared])
    html = render_html(context)
    pdf = render_pdf(context)
    await store.log_disclosure(Disclosure(
        id=disclosure_id, municipality=municipality, requested_at=now, actor=command.actor.model_dump(mode="json"),
        requester=command.requester, reference=command.reference, record_ids=command.record_ids,
        redactions=[DisclosedRecord(record_id=p.id, spans=p.spans) for p in prepared],
        html_sha256=sha256(html.encode()), pdf_sha256=sha256(pdf), html=html, pdf=pdf))
    return DisclosureMade(disclosure_id=disclosure_id, html=html, pdf_base64=base64.b64encode(pdf).decode(),
                          pdf_sha256=sha256(pdf))
