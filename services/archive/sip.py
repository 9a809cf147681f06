"""E-ARK SIP 2.1 (CSIP 2.1), as FGS Paketstruktur 2.0 profiles it.

Layout (one folder named after the package's OBJID):

    <OBJID>/METS.xml                             root METS: OBJID, TYPE, PROFILE, OAISPACKAGETYPE=SIP,
                                                 agents (creator software, archivist, submitting agent)
    <OBJID>/metadata/preservation/premis.xml     PREMIS: objects with fixity, ingest/creation events, agents
    <OBJID>/representations/rep-json/...         records as JSON (one file each) + representation METS
    <OBJID>/representations/rep-html/...         every thread as HTML, "in a form like the original publication"
    <OBJID>/schemas/                             METS, XLink and PREMIS-independent schemas used
    <OBJID>/documentation/README.txt             what the package holds

Every file is listed with MIMETYPE, SIZE, CREATED, CHECKSUM (SHA-256) and CHECKSUMTYPE.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape
from lxml import etree
from pydantic_core import to_jsonable_python

from shared.policy.sections.archive import PackageProfile

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIPX = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
PREMIS = "http://www.loc.gov/premis/v3"
# FGS Paketstruktur 1.x's Swedish extension namespace (CSPackageExtensionMETS.xsd). FGS
# Paketstruktur 2.0 is E-ARK CSIP+SIP itself; its Swedish facts live in CSIP/SIP agents and
# altRecordIDs. The `ext:` attributes repeat them for Swedish e-archives that still read
# 1.x metadata; METS allows foreign attributes (processContents="lax"), so CSIP holds.
EXT = "ExtensionMETS"
EXT_SCHEMA = "http://xml.ra.se/e-arkiv/METS/CSPackageExtensionMETS.xsd"
NSMAP = {"mets": METS, "xlink": XLINK, "xsi": XSI, "csip": CSIP, "sip": SIPX}
ROOT_NSMAP = {**NSMAP, "ext": EXT}
FGS_SPECIFICATION = "FGS Paketstruktur 2.0 (E-ARK CSIP 2.1, E-ARK SIP 2.1)"
SCHEMA_LOCATION = (f"{METS} schemas/mets.xsd {XLINK} schemas/xlink.xsd "
                   f"{CSIP} schemas/DILCISExtensionMETS.xsd {SIPX} schemas/DILCISExtensionSIPMETS.xsd")
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
SOFTWARE = "Kanalvakt archive"


def software_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("kanalvakt")
    except importlib.metadata.PackageNotFoundError:
        return "0.1.0"

_html = Environment(autoescape=select_autoescape(default=True)).from_string("""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font-family:sans-serif;max-width:44rem;margin:2rem auto;background:#f0f2f5}
.item{background:#fff;border-radius:8px;padding:.8rem 1rem;margin:.6rem 0}
.reply{margin-left:2.5rem}.meta{color:#555;font-size:.85rem}.del{color:#a00}</style></head>
<body><h1>{{ title }}</h1>
{% for r in items %}<div class="item{% if r.parent_id and r.parent_id != r.thread_id or r.kind in ('reply','comment') %} reply{% endif %}" id="r-{{ r.id }}">
<div class="meta"><strong>{{ r.author }}</strong> · {{ r.when }} · {{ r.direction }} · {{ r.kind }}{% if r.version > 1 %} · redigerad (version {{ r.version }}){% endif %}</div>
<p>{{ r.text }}</p>
{% for m in r.media %}<p class="meta">Media: <a href="{{ m.url }}">{{ m.alt_text or m.url }}</a></p>{% endfor %}
{% if r.deleted %}<p class="meta del">Raderad på plattformen {{ r.deleted }}</p>{% endif %}
{% if r.culled %}<p class="meta del">Innehållet gallrat {{ r.culled }}</p>{% endif %}
</div>{% endfor %}
</body></html>""")


@dataclass
class Entry:
    path: str  # relative to the package root
    mimetype: str
    size: int
    created: str
    sha256: str
    id: str


def _entry(root: Path, path: Path, mimetype: str) -> Entry:
    data = path.read_bytes()
    created = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
    rel = path.relative_to(root).as_posix()
    return Entry(rel, mimetype, len(data), created, hashlib.sha256(data).hexdigest(),
                 "ID" + hashlib.sha1(rel.encode()).hexdigest())


def _file_el(parent: etree._Element, e: Entry, base: Path | None = None, href: str | None = None) -> etree._Element:
    f = etree.SubElement(parent, f"{{{METS}}}file", ID=e.id, MIMETYPE=e.mimetype, SIZE=str(e.size),
                         CREATED=e.created, CHECKSUM=e.sha256, CHECKSUMTYPE="SHA-256")
    etree.SubElement(f, f"{{{METS}}}FLocat", {f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": href or e.path,
                                              "LOCTYPE": "URL"})
    return f


def _mets_root(objid: str, label: str, now: str, *, root: bool) -> etree._Element:
    mets = etree.Element(f"{{{METS}}}mets", nsmap=ROOT_NSMAP if root else NSMAP)
    mets.set("OBJID", objid)
    mets.set("LABEL", label)
    mets.set("TYPE", "Mixed")
    mets.set(f"{{{CSIP}}}CONTENTINFORMATIONTYPE", "MIXED")
    mets.set("PROFILE", SIP_PROFILE)
    mets.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION + (f" {EXT} {EXT_SCHEMA}" if root else ""))
    hdr = etree.SubElement(mets, f"{{{METS}}}metsHdr", CREATEDATE=now, LASTMODDATE=now, RECORDSTATUS="NEW")
    hdr.set(f"{{{CSIP}}}OAISPACKAGETYPE", "SIP")
    return mets, hdr


def _agent(hdr: etree._Element, role: str, type_: str, name: str, note: str | None = None,
           othertype: str | None = None, notetype: str | None = None, otherrole: str | None = None) -> None:
    attrs = {"ROLE": role, "TYPE": type_}
    if otherrole:
        attrs["OTHERROLE"] = otherrole
    if othertype:
        attrs["OTHERTYPE"] = othertype
    agent = etree.SubElement(hdr, f"{{{METS}}}agent", attrs)
    etree.SubElement(agent, f"{{{METS}}}name").text = name
    if note:
        n = etree.SubElement(agent, f"{{{METS}}}note")
        n.text = note
        n.set(f"{{{CSIP}}}NOTETYPE", notetype or "SOFTWARE VERSION")


def _content_type(grp: etree._Element) -> None:
    # Records as JSON and HTML follow no registered content information type.
    grp.set(f"{{{CSIP}}}CONTENTINFORMATIONTYPE", "OTHER")
    grp.set(f"{{{CSIP}}}OTHERCONTENTINFORMATIONTYPE", "Kanalvakt records (JSON, HTML)")


def _write(tree: etree._Element, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _record_view(doc: dict[str, Any]) -> dict[str, Any]:
    author = doc.get("author") or {}
    when = doc.get("published_at") or doc.get("sort_at")
    return {"id": doc["_id"], "author": author.get("name") or author.get("platform_id") or "okänd",
            "when": when.isoformat(timespec="seconds") if hasattr(when, "isoformat") else str(when or ""),
            "direction": {"inkommen": "inkommen", "upprattad": "upprättad"}.get(doc.get("direction", ""), ""),
            "kind": doc.get("kind", ""), "version": doc.get("version", 1), "text": doc.get("text", ""),
            "media": doc.get("media", []), "parent_id": doc.get("parent_id"), "thread_id": doc.get("thread_id"),
            "deleted": str((doc.get("deleted_on_platform") or {}).get("at") or ""),
            "culled": str((doc.get("culled") or {}).get("at") or "")}


def _premis(entries: list[Entry], objid: str, now: str, municipality_name: str) -> etree._Element:
    p = etree.Element(f"{{{PREMIS}}}premis", nsmap={None: PREMIS, "xsi": XSI}, version="3.0")
    for e in entries:
        obj = etree.SubElement(p, f"{{{PREMIS}}}object")
        obj.set(f"{{{XSI}}}type", "file")
        ident = etree.SubElement(obj, f"{{{PREMIS}}}objectIdentifier")
        etree.SubElement(ident, f"{{{PREMIS}}}objectIdentifierType").text = "local"
        etree.SubElement(ident, f"{{{PREMIS}}}objectIdentifierValue").text = e.path
        chars = etree.SubElement(obj, f"{{{PREMIS}}}objectCharacteristics")
        fixity = etree.SubElement(chars, f"{{{PREMIS}}}fixity")
        etree.SubElement(fixity, f"{{{PREMIS}}}messageDigestAlgorithm").text = "SHA-256"
        etree.SubElement(fixity, f"{{{PREMIS}}}messageDigest").text = e.sha256
        etree.SubElement(chars, f"{{{PREMIS}}}size").text = str(e.size)
        fmt = etree.SubElement(chars, f"{{{PREMIS}}}format")
        des = etree.SubElement(fmt, f"{{{PREMIS}}}formatDesignation")
        etree.SubElement(des, f"{{{PREMIS}}}formatName").text = e.mimetype
    event = etree.SubElement(p, f"{{{PREMIS}}}event")
    eid = etree.SubElement(event, f"{{{PREMIS}}}eventIdentifier")
    etree.SubElement(eid, f"{{{PREMIS}}}eventIdentifierType").text = "UUID"
    etree.SubElement(eid, f"{{{PREMIS}}}eventIdentifierValue").text = str(uuid.uuid5(uuid.NAMESPACE_URL, objid))
    etree.SubElement(event, f"{{{PREMIS}}}eventType").text = "creation"
    etree.SubElement(event, f"{{{PREMIS}}}eventDateTime").text = now
    etree.SubElement(event, f"{{{PREMIS}}}eventDetailInformation")
    det = event[-1]
    etree.SubElement(det, f"{{{PREMIS}}}eventDetail").text = (
        "Records exported from the archive's tamper-evident log; each record's content SHA-256 is a leaf "
        "digest of the signed Merkle log (see the JSON records' provenance).")
    for name, role in ((SOFTWARE, "software"), (municipality_name, "organization")):
        link = etree.SubElement(event, f"{{{PREMIS}}}linkingAgentIdentifier")
        etree.SubElement(link, f"{{{PREMIS}}}linkingAgentIdentifierType").text = "local"
        etree.SubElement(link, f"{{{PREMIS}}}linkingAgentIdentifierValue").text = name
        etree.SubElement(link, f"{{{PREMIS}}}linkingAgentRole").text = role
    for name, kind in ((SOFTWARE, "software"), (municipality_name, "organization")):
        agent = etree.SubElement(p, f"{{{PREMIS}}}agent")
        aid = etree.SubElement(agent, f"{{{PREMIS}}}agentIdentifier")
        etree.SubElement(aid, f"{{{PREMIS}}}agentIdentifierType").text = "local"
        etree.SubElement(aid, f"{{{PREMIS}}}agentIdentifierValue").text = name
        etree.SubElement(agent, f"{{{PREMIS}}}agentName").text = name
        etree.SubElement(agent, f"{{{PREMIS}}}agentType").text = kind
    return p


def _representation(root: Path, name: str, objid: str, now: str) -> Entry:
    """The representation's own METS (CSIP: SHOULD), listing its data files."""
    rep = root / "representations" / name
    mets, hdr = _mets_root(f"{objid}/{name}", f"{objid} {name}", now, root=False)
    _agent(hdr, "CREATOR", "OTHER", SOFTWARE, f"Kanalvakt {software_version()}", othertype="SOFTWARE")
    sec = etree.SubElement(mets, f"{{{METS}}}fileSec", ID="fs-" + name)
    grp = etree.SubElement(sec, f"{{{METS}}}fileGrp", ID="fg-" + name, USE="Data")
    _content_type(grp)
    smap = etree.SubElement(mets, f"{{{METS}}}structMap", ID="sm-" + name, TYPE="PHYSICAL", LABEL="CSIP")
    top = etree.SubElement(smap, f"{{{METS}}}div", ID="div-" + name, LABEL=name)
    data_div = etree.SubElement(top, f"{{{METS}}}div", ID="div-data-" + name, LABEL="Data")
    for path in sorted((rep / "data").rglob("*")):
        if path.is_file():
            e = _entry(rep, path, "application/json" if path.suffix == ".json" else "text/html")
            _file_el(grp, e)
            etree.SubElement(data_div, f"{{{METS}}}fptr", FILEID=e.id)
    _write(mets, rep / "METS.xml")
    return _entry(root, rep / "METS.xml", "application/xml")


@dataclass(frozen=True)
class Parties:
    """Who the package names (FGS: arkivbildare, levererande organisation, mottagare)."""

    creator: str
    creator_id: str
    submitter: str
    submitter_id: str | None
    preservation: str | None


def parties(profile: PackageProfile, *, municipality: str, municipality_name: str) -> Parties:
    creator = profile.archival_creator or municipality_name
    # Without an organisationsnummer in the pack, the municipality's id is the best
    # identification code there is; the archivist is to add the number to the pack.
    creator_id = profile.organisation_number or municipality
    submitter_id = profile.submitter_organisation_number or (None if profile.submitter else creator_id)
    return Parties(creator, creator_id, profile.submitter or creator, submitter_id, profile.preservation_archive)


def _fgs_root(mets: etree._Element, profile: PackageProfile, who: Parties, system: str) -> None:
    """FGS Paketstruktur's Swedish extension attributes on the package's METS root."""
    mets.set(f"{{{EXT}}}CONTENTTYPESPECIFICATION", profile.content_type_specification)
    mets.set(f"{{{EXT}}}ARCHIVALNAME", who.creator)
    mets.set(f"{{{EXT}}}SYSTEMTYPE", system)
    mets.set(f"{{{EXT}}}INFORMATIONCLASS", profile.information_type)
    mets.set(f"{{{EXT}}}AGREEMENTFORM", "AGREEMENT" if profile.submission_agreement else "NONE")
    if profile.submission_agreement:
        mets.set(f"{{{EXT}}}SUBMISSIONAGREEMENT", profile.submission_agreement)
    if profile.reference_code:
        mets.set(f"{{{EXT}}}REFERENCECODE", profile.reference_code)
    # Nothing in the package is culled on delivery: culling happened (with protocol) before.
    mets.set(f"{{{EXT}}}APPRAISAL", "No")
    if profile.access_restrict:
        mets.set(f"{{{EXT}}}ACCESSRESTRICT", profile.access_restrict)


def _fgs_header(hdr: etree._Element, profile: PackageProfile, who: Parties, system: str) -> None:
    """Agents and altRecordIDs (CSIP/SIP 2.1 places for FGS Paketstruktur 2.0's facts)."""
    hdr.set(f"{{{EXT}}}OAISTYPE", "SIP")
    _agent(hdr, "CREATOR", "OTHER", SOFTWARE, system, othertype="SOFTWARE")
    _agent(hdr, "ARCHIVIST", "ORGANIZATION", who.creator, who.creator_id, notetype="IDENTIFICATIONCODE")
    _agent(hdr, "OTHER", "ORGANIZATION", who.submitter, who.submitter_id, notetype="IDENTIFICATIONCODE",
           otherrole="SUBMITTER")
    if who.preservation:
        _agent(hdr, "PRESERVATION", "ORGANIZATION", who.preservation)
    # metsHdr content order: agents, then altRecordIDs.
    for kind, value in (("SUBMISSIONAGREEMENT", profile.submission_agreement),
                        ("REFERENCECODE", profile.reference_code)):
        if value:
            etree.SubElement(hdr, f"{{{METS}}}altRecordID", TYPE=kind).text = value


def build_sip(out: Path, records: list[dict[str, Any]], *, municipality: str, municipality_name: str,
              versions: dict[str, list[dict[str, Any]]], log_head: dict[str, Any] | None,
              leaves: dict[str, list[dict[str, Any]]], schemas_dir: Path | None = None,
              label: str = "", profile: PackageProfile | None = None) -> Path:
    """Write one SIP folder under `out`; returns its path."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    objid = f"kanalvakt-{municipality}-{uuid.uuid4()}"
    root = out / objid
    (root / "representations").mkdir(parents=True)
    # rep-json: each record with versions, events, tags, decisions, registration, log leaves.
    json_dir = root / "representations" / "rep-json" / "data"
    json_dir.mkdir(parents=True)
    threads: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in records:
        body = {k: v for k, v in doc.items() if k not in ("terms", "words", "author_terms", "_id")}
        body["id"] = doc["_id"]
        body["versions"] = versions.get(doc["_id"], [])
        body["log_leaves"] = leaves.get(doc["_id"], [])
        (json_dir / f"{doc['_id']}.json").write_text(
            json.dumps(to_jsonable_python(body), ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        threads[doc.get("thread_id") or doc["_id"]].append(doc)
    html_dir = root / "representations" / "rep-html" / "data"
    html_dir.mkdir(parents=True)
    for thread_id, docs in threads.items():
        first = docs[0]
        title = f"Tråd {thread_id} · {first.get('platform') or first.get('source')} · {first.get('account_id') or ''}"
        items = [_record_view(d) for d in sorted(docs, key=lambda d: (d.get("sort_at") or now, d["_id"]))]
        safe = hashlib.sha1(str(thread_id).encode()).hexdigest()[:16]
        (html_dir / f"thread-{safe}.html").write_text(_html.render(title=title, items=items), encoding="utf-8")
    rep_mets = {name: _representation(root, name, objid, now) for name in ("rep-json", "rep-html")}
    # Documentation and schemas.
    doc_dir = root / "documentation"
    doc_dir.mkdir()
    head = log_head or {}
    (doc_dir / "README.txt").write_text(
        f"Kanalvakt arkivuttag för {municipality_name}\n{label}\nSkapat {now}\nAntal handlingar: {len(records)}\n"
        f"Signerat trädhuvud: storlek {head.get('tree_size')}, rot {head.get('root_hash')}, "
        f"publik nyckel (Ed25519) {head.get('public_key')}, signatur {head.get('signature')}\n", encoding="utf-8")
    schema_dir = root / "schemas"
    schema_dir.mkdir()
    if schemas_dir:
        for name in ("mets.xsd", "xlink.xsd", "DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd"):
            if (schemas_dir / name).exists():
                shutil.copy(schemas_dir / name, schema_dir / name)
    # PREMIS over every content file.
    content = [_entry(root, p, _mime(p)) for p in sorted(root.rglob("*"))
               if p.is_file() and p.parent.name != "schemas" and p.name != "METS.xml"]
    premis_path = root / "metadata" / "preservation" / "premis.xml"
    profile = profile or PackageProfile()
    who = parties(profile, municipality=municipality, municipality_name=municipality_name)
    _write(_premis(content, objid, now, who.creator), premis_path)
    premis = _entry(root, premis_path, "application/xml")
    # Root METS.
    system = f"Kanalvakt {software_version()}"
    mets, hdr = _mets_root(objid, label or f"Sociala medier, {municipality_name}", now, root=True)
    _fgs_root(mets, profile, who, system)
    # FGS Paketstruktur: the software, the archive creator (arkivbildare) with its
    # organisationsnummer, the submitting agent and, when known, the receiving archive.
    _fgs_header(hdr, profile, who, system)
    amd = etree.SubElement(mets, f"{{{METS}}}amdSec", ID="amd-1")
    digi = etree.SubElement(amd, f"{{{METS}}}digiprovMD", ID="digiprov-premis", STATUS="CURRENT")
    etree.SubElement(digi, f"{{{METS}}}mdRef", {
        "LOCTYPE": "URL", "MDTYPE": "PREMIS", f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": premis.path,
        "MIMETYPE": premis.mimetype, "SIZE": str(premis.size), "CREATED": premis.created,
        "CHECKSUM": premis.sha256, "CHECKSUMTYPE": "SHA-256"})
    sec = etree.SubElement(mets, f"{{{METS}}}fileSec", ID="fs-root")
    groups: dict[str, list[Entry]] = {"Documentation": [], "Schemas": []}
    for p in sorted(doc_dir.rglob("*")):
        groups["Documentation"].append(_entry(root, p, _mime(p)))
    for p in sorted(schema_dir.rglob("*")):
        groups["Schemas"].append(_entry(root, p, "application/xml"))
    for name, entry in rep_mets.items():
        groups[f"Representations/{name}"] = [entry]
    grp_ids: dict[str, str] = {}
    for use, entries in groups.items():
        if not entries:
            continue
        gid = "fg-" + use.replace("/", "-")
        grp_ids[use] = gid
        grp = etree.SubElement(sec, f"{{{METS}}}fileGrp", ID=gid, USE=use)
        _content_type(grp)
        for e in entries:
            _file_el(grp, e)
    smap = etree.SubElement(mets, f"{{{METS}}}structMap", ID="sm-root", TYPE="PHYSICAL", LABEL="CSIP")
    top = etree.SubElement(smap, f"{{{METS}}}div", ID="div-root", LABEL=objid)
    etree.SubElement(top, f"{{{METS}}}div", ID="div-metadata", LABEL="Metadata", ADMID="digiprov-premis")
    for use in ("Documentation", "Schemas"):
        if use in grp_ids:
            div = etree.SubElement(top, f"{{{METS}}}div", ID="div-" + use.lower(), LABEL=use)
            for e in groups[use]:
                etree.SubElement(div, f"{{{METS}}}fptr", FILEID=e.id)
    reps = etree.SubElement(top, f"{{{METS}}}div", ID="div-representations", LABEL="Representations")
    for name in rep_mets:
        etree.SubElement(reps, f"{{{METS}}}fptr", FILEID=grp_ids[f"Representations/{name}"])
    for name, entry in rep_mets.items():
        div = etree.SubElement(reps, f"{{{METS}}}div", ID="div-" + name, LABEL=name)
        etree.SubElement(div, f"{{{METS}}}mptr", {f"{{{XLINK}}}type": "simple",
                                                  f"{{{XLINK}}}href": entry.path, "LOCTYPE": "URL",
                                                  f"{{{XLINK}}}title": f"Representations/{name}"})
    _write(mets, root / "METS.xml")
    return root


def _mime(path: Path) -> str:
    return {".json": "application/json", ".html": "text/html", ".txt": "text/plain", ".xml": "application/xml",
            ".xsd": "application/xml", ".png": "image/png", ".pdf": "application/pdf"}.get(path.suffix, "application/octet-stream")
