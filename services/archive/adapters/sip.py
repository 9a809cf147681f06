"""E-ARK CSIP 2.1.0 + SIP 2.1.0, which is FGS Paketstruktur 2.0 (RAFGS1V2.0).

FGS Paketstruktur 2.0 has no Swedish extension schema: the Swedish facts go where CSIP and
SIP put them (agents with identification codes, `altRecordID`s, PREMIS rights). Layout,
one folder named after the package's OBJID:

    METS.xml                                  root METS: agents, altRecordIDs, fileSec, structMap
    metadata/descriptive/description.json     title, creator, accounts, time span (CSIP17; JSON needs no schema)
    metadata/preservation/premis.xml          creation event, agents, the representations
    metadata/preservation/rights.xml          PREMIS rights: access restriction (OSL), appraisal
    documentation/README.txt                  what the package holds, the signed log head
    schemas/                                  every XML schema the package's XML uses
    representations/rep-json/METS.xml         its own METS (referenced from the root structMap)
    representations/rep-json/metadata/preservation/premis.xml   fixity of each data file
    representations/rep-json/data/records/<id>.json            one record, versions, log leaves
    representations/rep-json/data/threads/thread-<h>.json       a thread: post, comments, replies
    representations/rep-html/...              every thread as HTML, "like the original publication"

Written in bounded memory: records arrive one at a time and go straight to disk (their
checksum taken from the bytes written); each file's entry goes to a manifest on disk;
thread members go to a staging file per thread; the METS and PREMIS files are written
incrementally from the manifests (`lxml.etree.xmlfile`). Memory is bounded by the
largest thread, not by the number of records.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape
from lxml import etree
from pydantic_core import to_jsonable_python

from shared.contracts.archive import Person, TreeHead, Version

from .ledger import LogLeaf
from .store import SEARCH_FIELDS, Record, in_stored_order

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# The namespaces' exact case, as the CSIP/SIP 2.1.0 schemas declare them.
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIPX = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
PREMIS = "http://www.loc.gov/premis/v3"
NSMAP = {"mets": METS, "xlink": XLINK, "xsi": XSI, "csip": CSIP, "sip": SIPX}
# The profile of SIP 2.1.0 itself. The unversioned E-ARK-SIP.xml now names the latest SIP
# (2.2.0); commons-ip 2.10.0 checks a 2.1.0 package against this versioned address (SIP2).
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-1-0.xml"
SPECIFICATION = "FGS Paketstruktur 2.0 (RAFGS1V2.0) = E-ARK CSIP 2.1.0 + E-ARK SIP 2.1.0"
SCHEMA_DIR = Path(__file__).parents[1] / "schemas"  # services/archive/schemas/
SCHEMA_FILES = ("mets.xsd", "xlink.xsd", "DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd", "premis.xsd")
SOFTWARE = "Kanalvakt"
REPRESENTATIONS = ("rep-json", "rep-html")
CONTENT_TYPE = "Kanalvakt: poster och kommentarer i sociala medier (JSON, HTML)"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


def software_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("kanalvakt")
    except importlib.metadata.PackageNotFoundError:
        return "0.1.0"


@dataclass(frozen=True)
class Agent:
    """A `metsHdr/agent`: role and type as CSIP/SIP 2.1.0 name them."""

    role: str
    type: str
    name: str
    note: str | None = None
    notetype: str | None = None  # csip:NOTETYPE: "SOFTWARE VERSION" or "IDENTIFICATIONCODE"; None for free notes
    othertype: str | None = None


@dataclass(frozen=True)
class PackageFacts:
    """Everything the package says about itself besides its records."""

    objid: str
    label: str
    created: str  # ISO 8601 with offset
    municipality_name: str
    agents: tuple[Agent, ...]
    submission_agreement: str | None = None
    reference_code: str | None = None
    access_restrict: str | None = None
    record_status: str = "NEW"  # SIP3: "TEST" for a demo delivery ("No AIP should be created")
    notice: str | None = None  # shown first in the README (e.g. that the values are demo values)
    content_type: str = CONTENT_TYPE  # csip:OTHERCONTENTINFORMATIONTYPE
    contact: str | None = None  # the contact person and how to reach them (README)


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the METS file that lists it
    mimetype: str
    size: int
    sha256: str
    id: str


def xml_id(*parts: str) -> str:
    """A package-unique xsd:ID (CSIP67)."""
    return "ID-" + hashlib.sha1("/".join(parts).encode()).hexdigest()


def _mime(path: str) -> str:
    # os.path, not Path: Path interns every part of every file name of the package, and the
    # interpreter's table of interned strings then grows (one 1.9 MB resize at 3,000 records).
    return {".json": "application/json", ".html": "text/html", ".txt": "text/plain", ".xml": "application/xml",
            ".xsd": "application/xml", ".pdf": "application/pdf"}.get(os.path.splitext(path)[1],
                                                                      "application/octet-stream")


def _write_file(base: Path | str, rel: str, data: bytes, scope: str) -> Entry:
    # Plain strings, not pathlib: pathlib interns every path part it parses, which would keep
    # every record's file name in memory for the life of the process.
    path = os.path.join(str(base), rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return Entry(rel, _mime(rel), len(data), hashlib.sha256(data).hexdigest(), xml_id(scope, rel))


def _file_entry(base: Path, rel: str, scope: str) -> Entry:
    digest, size = hashlib.sha256(), 0
    with (base / rel).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            digest.update(chunk)
            size += len(chunk)
    return Entry(rel, _mime(rel), size, digest.hexdigest(), xml_id(scope, rel))


_html = Environment(autoescape=select_autoescape(default=True)).from_string("""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font-family:sans-serif;max-width:44rem;margin:2rem auto;background:#f0f2f5}
.item{background:#fff;border-radius:8px;padding:.8rem 1rem;margin:.6rem 0}
.replies{margin-left:2.5rem}.meta{color:#555;font-size:.85rem}.del{color:#a00}</style></head>
<body><h1>{{ title }}</h1>
{% macro node(r) %}<div class="item" id="r-{{ r.id }}">
<div class="meta"><strong>{{ r.author }}</strong> · {{ r.when }} · {{ r.direction }} · {{ r.kind }}{% if r.version > 1 %} · redigerad (version {{ r.version }}){% endif %}</div>
<p>{{ r.text }}</p>
{% for m in r.media %}<p class="meta">Media: {{ m.alt_text or m.url }}</p>{% endfor %}
{% if r.deleted %}<p class="meta del">Raderad på plattformen {{ r.deleted }}</p>{% endif %}
{% if r.culled %}<p class="meta del">Innehållet gallrat {{ r.culled }}</p>{% endif %}
<p class="meta">Handling {{ r.id }} (representations/rep-json/data/records/{{ r.file }})</p>
</div>{% if r.replies %}<div class="replies">{% for c in r.replies %}{{ node(c) }}{% endfor %}</div>{% endif %}{% endmacro %}
{% for r in items %}{{ node(r) }}{% endfor %}
</body></html>""")  # noqa: E501 - the thread page is written as it is served


def _when(value: Any) -> str:
    return value.isoformat(timespec="seconds") if hasattr(value, "isoformat") else str(value or "")


def record_file_name(rid: str) -> str:
    return f"{rid}.json" if _SAFE_NAME.match(rid) else f"r-{hashlib.sha1(rid.encode()).hexdigest()}.json"


def thread_view(record: Record) -> dict[str, Any]:
    """What a thread shows of one record (HTML and the thread's JSON)."""
    author = record.author or Person()
    # Media held inline (snapshots' data URLs) are in the record's JSON, not repeated here.
    media = [{"url": m.url if not m.url.startswith("data:") else "(i handlingens JSON)", "alt_text": m.alt_text,
              "kind": m.kind} for m in record.media]
    return {"id": record.id, "file": record_file_name(record.id),
            "author": author.name or author.platform_id or "okänd",
            "author_id": author.platform_id if record.author is not None else None,
            "when": _when(record.published_at or record.sort_at), "sort": _when(record.sort_at),
            "direction": {"inkommen": "inkommen", "upprattad": "upprättad"}.get(record.direction or "", ""),
            "kind": record.kind or "", "version": record.version, "text": record.text,
            "media": media, "item_id": record.item_id, "parent_id": record.parent_id,
            "deleted": _when(record.deleted_on_platform.at if record.deleted_on_platform else None),
            "culled": _when(record.culled.at if record.culled else None)}


def thread_tree(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each record under its parent (a comment under its post, a reply under its comment),
    in time order; a record whose parent is not in the package stands at the top."""
    items = sorted(items, key=lambda r: (r["sort"], r["id"]))
    nodes = {r["id"]: {**r, "replies": []} for r in items}
    # A parent is named by its id on the platform (the record's item_id).
    by_item = {r.get("item_id") or r["id"]: nodes[r["id"]] for r in items}
    roots: list[Any] = []
    for r in items:
        parent = by_item.get(r.get("parent_id") or "")
        (parent["replies"] if parent is not None and parent["id"] != r["id"] else roots).append(nodes[r["id"]])
    return roots


class _Manifest:
    """Entries of one METS file's data, appended to a file on disk (bounded memory)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._f = path.open("w", encoding="utf-8")
        self.count = 0

    def add(self, entry: Entry) -> None:
        self._f.write(json.dumps(asdict(entry)) + "\n")
        self.count += 1

    def close(self) -> None:
        self._f.close()

    def __iter__(self) -> Iterator[Entry]:
        with self.path.open(encoding="utf-8") as f:
            for line in f:
                yield Entry(**json.loads(line))


def _fileattrs(e: Entry, created: str) -> dict[str, str]:
    return {"ID": e.id, "MIMETYPE": e.mimetype, "SIZE": str(e.size), "CREATED": created, "CHECKSUM": e.sha256,
            "CHECKSUMTYPE": "SHA-256"}


def _mdref(e: Entry, created: str, mdtype: str, other: str | None = None) -> etree._Element:
    attrs = {"LOCTYPE": "URL", f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": e.path, "MDTYPE": mdtype,
             **({"OTHERMDTYPE": other} if other else {}),
             "MIMETYPE": e.mimetype, "SIZE": str(e.size), "CREATED": created, "CHECKSUM": e.sha256,
             "CHECKSUMTYPE": "SHA-256"}
    return etree.Element(f"{{{METS}}}mdRef", attrs, nsmap=NSMAP)


def _flocat(href: str) -> etree._Element:
    return etree.Element(f"{{{METS}}}FLocat", {f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": href,
                                              "LOCTYPE": "URL"}, nsmap=NSMAP)


def _el(tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.Element(tag, attrs, nsmap=NSMAP)
    if text is not None:
        el.text = text
    return el


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _header(facts: PackageFacts, agents: tuple[Agent, ...], *, alt_ids: bool) -> etree._Element:
    hdr = _el(f"{{{METS}}}metsHdr", CREATEDATE=facts.created, LASTMODDATE=facts.created,
              RECORDSTATUS=facts.record_status)
    hdr.set(f"{{{CSIP}}}OAISPACKAGETYPE", "SIP")
    for a in agents:
        attrs = {"ROLE": a.role, "TYPE": a.type}
        if a.othertype:
            attrs["OTHERTYPE"] = a.othertype
        agent = _sub(hdr, f"{{{METS}}}agent", **attrs)
        _sub(agent, f"{{{METS}}}name", a.name)
        if a.note:
            note = _sub(agent, f"{{{METS}}}note", a.note)
            if a.notetype:
                note.set(f"{{{CSIP}}}NOTETYPE", a.notetype)
    if alt_ids:  # metsHdr content order: agents, then altRecordIDs (SIP5, SIP7)
        for kind, value in (("SUBMISSIONAGREEMENT", facts.submission_agreement),
                            ("REFERENCECODE", facts.reference_code)):
            if value:
                _sub(hdr, f"{{{METS}}}altRecordID", value, TYPE=kind)
    return hdr


def _mets_attrs(objid: str, label: str, schemas: str, content_type: str) -> dict[str, str]:
    return {"OBJID": objid, "LABEL": label, "TYPE": "Mixed", f"{{{CSIP}}}CONTENTINFORMATIONTYPE": "OTHER",
            f"{{{CSIP}}}OTHERCONTENTINFORMATIONTYPE": content_type, "PROFILE": SIP_PROFILE,
            f"{{{XSI}}}schemaLocation": " ".join((
                METS, f"{schemas}/mets.xsd", XLINK, f"{schemas}/xlink.xsd",
                CSIP, f"{schemas}/DILCISExtensionMETS.xsd", SIPX, f"{schemas}/DILCISExtensionSIPMETS.xsd"))}


class SipWriter:
    """Write one SIP: `add()` each record, then `finish()`."""

    def __init__(self, out: Path, facts: PackageFacts) -> None:
        self.facts = facts
        self.root = out / facts.objid
        self.root.mkdir(parents=True)
        self._staging = out / f".{facts.objid}.staging"
        (self._staging / "threads").mkdir(parents=True)
        self._threads_dir = str(self._staging / "threads")
        self._rep_dirs = {rep: str(self.root / "representations" / rep) for rep in REPRESENTATIONS}
        self._data = {rep: _Manifest(self._staging / f"{rep}.jsonl") for rep in REPRESENTATIONS}
        self.count = 0
        self.first_at: str | None = None
        self.last_at: str | None = None
        self.accounts: set[str] = set()  # a municipality has tens of accounts, not thousands

    def _rep(self, rep: str) -> Path:
        return self.root / "representations" / rep

    def add(self, record: Record, versions: list[Version], leaves: list[LogLeaf]) -> None:
        """One record: its JSON (with its versions as stored and its log leaves) now, its thread at the end."""
        body = {**in_stored_order(record, exclude=SEARCH_FIELDS),
                "versions": [v.model_dump(exclude={"id"}) for v in versions],
                "log_leaves": [{"index": leaf.index, "leaf": leaf.leaf, "leaf_hash": leaf.leaf_hash}
                               for leaf in leaves]}
        data = json.dumps(to_jsonable_python(body, fallback=str), ensure_ascii=False, indent=2).encode()
        self._data["rep-json"].add(_write_file(self._rep_dirs["rep-json"],
                                               f"data/records/{record_file_name(record.id)}", data, "rep-json"))
        view = thread_view(record)
        thread = record.thread_id or record.id
        key = hashlib.sha1(thread.encode()).hexdigest()[:20]
        line = {"thread_id": thread, "platform": record.platform or record.source,
                "account_id": record.account_id, "item": view}
        with open(os.path.join(self._threads_dir, f"{key}.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(to_jsonable_python(line, fallback=str), ensure_ascii=False) + "\n")
        self.count += 1
        if record.account_id:
            self.accounts.add(f"{record.platform or record.source}:{record.account_id}")
        self.first_at = min(filter(None, (self.first_at, view["sort"])))
        self.last_at = max(filter(None, (self.last_at, view["sort"])))

    def _write_threads(self) -> int:
        count = 0
        for staged in sorted((self._staging / "threads").iterdir()):
            lines = [json.loads(line) for line in staged.read_text(encoding="utf-8").splitlines()]
            first = lines[0]
            title = f"Tråd {first['thread_id']} · {first['platform'] or ''} · {first['account_id'] or ''}"
            tree = thread_tree([line["item"] for line in lines])
            name = f"thread-{staged.stem}"
            thread_json = {"thread_id": first["thread_id"], "platform": first["platform"],
                           "account_id": first["account_id"], "records": len(lines), "items": tree}
            self._data["rep-json"].add(_write_file(
                self._rep("rep-json"), f"data/threads/{name}.json",
                json.dumps(thread_json, ensure_ascii=False, indent=2).encode(), "rep-json"))
            self._data["rep-html"].add(_write_file(
                self._rep("rep-html"), f"data/threads/{name}.html",
                _html.render(title=title, items=tree).encode(), "rep-html"))
            count += 1
        return count

    def finish(self, *, log_head: TreeHead | None) -> Path:
        threads = self._write_threads()
        for manifest in self._data.values():
            manifest.close()
        rep_mets = {rep: self._write_representation(rep) for rep in REPRESENTATIONS}
        docs = [_write_file(self.root, "documentation/README.txt", self._readme(log_head, threads).encode(), "root")]
        schemas = []
        for name in SCHEMA_FILES:
            (self.root / "schemas").mkdir(exist_ok=True)
            shutil.copyfile(SCHEMA_DIR / name, self.root / "schemas" / name)
            schemas.append(_file_entry(self.root, f"schemas/{name}", "root"))
        description = _write_file(self.root, "metadata/descriptive/description.json",
                                  self._description(threads), "root")
        premis = _write_file(self.root, "metadata/preservation/premis.xml", self._package_premis(rep_mets), "root")
        rights = _write_file(self.root, "metadata/preservation/rights.xml", self._rights(), "root")
        self._write_root(docs, schemas, rep_mets, description, premis, rights)
        shutil.rmtree(self._staging)
        return self.root

    # --- representation METS and PREMIS (streamed) ------------------------------------

    def _write_representation(self, rep: str) -> Entry:
        base, created, manifest = self._rep(rep), self.facts.created, self._data[rep]
        premis_path = base / "metadata" / "preservation" / "premis.xml"
        premis_path.parent.mkdir(parents=True)
        with etree.xmlfile(str(premis_path), encoding="UTF-8") as xf:
            xf.write_declaration()
            with xf.element(f"{{{PREMIS}}}premis", {"version": "3.0", f"{{{XSI}}}schemaLocation":
                                                    f"{PREMIS} ../../../../schemas/premis.xsd"},
                            nsmap={None: PREMIS, "xsi": XSI}):
                xf.write(_premis_object(rep, "representation", None))
                for e in manifest:
                    xf.write(_premis_object(e.path, "file", e))
        premis = _file_entry(base, "metadata/preservation/premis.xml", rep)
        # CSIP45: each representation states its rights in its own METS (the package's rights hold).
        rights = _write_file(base, "metadata/preservation/rights.xml", self._rights("../../../../schemas"), rep)
        digiprov_id, rights_id = xml_id(rep, "digiprov"), xml_id(rep, "rights")
        data_grp = xml_id(rep, "fileGrp", "Data")
        with etree.xmlfile(str(base / "METS.xml"), encoding="UTF-8") as xf:
            xf.write_declaration()
            with xf.element(f"{{{METS}}}mets", _mets_attrs(rep, f"{self.facts.label} · {rep}", "../../schemas",
                                                         self.facts.content_type),
                            nsmap=NSMAP):
                xf.write(_header(self.facts, self.facts.agents[:1], alt_ids=False))
                amd = _el(f"{{{METS}}}amdSec", ID=xml_id(rep, "amdSec"))
                _sub(amd, f"{{{METS}}}rightsMD", ID=rights_id, STATUS="CURRENT").append(
                    _mdref(rights, created, "PREMIS:RIGHTS"))
                digi = _sub(amd, f"{{{METS}}}digiprovMD", ID=digiprov_id, STATUS="CURRENT")
                digi.append(_mdref(premis, created, "PREMIS"))
                xf.write(amd)
                with xf.element(f"{{{METS}}}fileSec", ID=xml_id(rep, "fileSec")):
                    with xf.element(f"{{{METS}}}fileGrp", {"ID": data_grp, "USE": "Data",
                                                           f"{{{CSIP}}}CONTENTINFORMATIONTYPE": "OTHER",
                                                           f"{{{CSIP}}}OTHERCONTENTINFORMATIONTYPE":
                                                               self.facts.content_type}):
                        for e in manifest:
                            f = _el(f"{{{METS}}}file", **_fileattrs(e, created))
                            f.append(_flocat(e.path))
                            xf.write(f)
                smap = _el(f"{{{METS}}}structMap", ID=xml_id(rep, "structMap"), TYPE="PHYSICAL", LABEL="CSIP")
                top = _sub(smap, f"{{{METS}}}div", ID=xml_id(rep, "div"), LABEL=rep)
                _sub(top, f"{{{METS}}}div", ID=xml_id(rep, "div", "Metadata"), LABEL="Metadata",
                     ADMID=f"{digiprov_id} {rights_id}")
                data_div = _sub(top, f"{{{METS}}}div", ID=xml_id(rep, "div", "Data"), LABEL="Data")
                _sub(data_div, f"{{{METS}}}fptr", FILEID=data_grp)
                xf.write(smap)
        return _file_entry(self.root, f"representations/{rep}/METS.xml", "root")

    # --- package-level files ---------------------------------------------------------

    def _readme(self, log_head: TreeHead | None, threads: int) -> str:
        head = log_head.model_dump() if log_head else {}
        lines = [*(["OBS: " + self.facts.notice, ""] if self.facts.notice else []),
                 f"Arkivuttag ur Kanalvakt för {self.facts.municipality_name}", self.facts.label,
                 f"Paket: {self.facts.objid}", f"Specifikation: {SPECIFICATION}", f"Skapat: {self.facts.created}",
                 f"Antal handlingar: {self.count} i {threads} trådar",
                 f"Tidsomfång: {self.first_at or '–'} – {self.last_at or '–'}",
                 *([f"Kontaktperson: {self.facts.contact}"] if self.facts.contact else []), "",
                 "Innehåll:",
                 "  representations/rep-json/data/records/  en JSON-fil per handling: innehåll, versioner, händelser,",
                 "                                          taggar, beslut, diarieföring, loggens löv (proveniens)",
                 "  representations/rep-json/data/threads/  en JSON-fil per tråd: inlägget, kommentarerna och svaren",
                 "  representations/rep-html/data/threads/  samma trådar som HTML, i en form lik den publicerade",
                 "  metadata/preservation/                  PREMIS: skapandet, aktörer, rättigheter "
                 "(sekretess, gallring)",
                 "", "Proveniens: varje handlings innehåll har en SHA-256 som är ett löv i arkivets signerade "
                     "Merkle-logg.",
                 f"Signerat trädhuvud: storlek {head.get('tree_size')}, rot {head.get('root_hash')}, "
                 f"publik nyckel (Ed25519) {head.get('public_key')}, signatur {head.get('signature')}"]
        return "\n".join(lines) + "\n"

    def _package_premis(self, rep_mets: dict[str, Entry]) -> bytes:
        p = etree.Element(f"{{{PREMIS}}}premis", {"version": "3.0", f"{{{XSI}}}schemaLocation":
                                                  f"{PREMIS} ../../schemas/premis.xsd"},
                          nsmap={None: PREMIS, "xsi": XSI})
        for rep in rep_mets:
            p.append(_premis_object(f"representations/{rep}", "representation", None))
        event = _sub(p, f"{{{PREMIS}}}event")
        eid = _sub(event, f"{{{PREMIS}}}eventIdentifier")
        _sub(eid, f"{{{PREMIS}}}eventIdentifierType", "UUID")
        _sub(eid, f"{{{PREMIS}}}eventIdentifierValue", str(uuid.uuid5(uuid.NAMESPACE_URL, self.facts.objid)))
        _sub(event, f"{{{PREMIS}}}eventType", "creation")
        _sub(event, f"{{{PREMIS}}}eventDateTime", self.facts.created)
        detail = _sub(event, f"{{{PREMIS}}}eventDetailInformation")
        _sub(detail, f"{{{PREMIS}}}eventDetail",
             "Arkivuttag ur Kanalvakts arkiv. Varje handlings innehåll har en SHA-256 som är ett löv i arkivets "
             "signerade Merkle-logg (se handlingarnas JSON och documentation/README.txt).")
        outcome = _sub(event, f"{{{PREMIS}}}eventOutcomeInformation")
        _sub(outcome, f"{{{PREMIS}}}eventOutcome", "success")
        software, creator = f"{SOFTWARE} {software_version()}", self._archivist_name()
        for name, role in ((software, "executing program"), (creator, "archival creator")):
            link = _sub(event, f"{{{PREMIS}}}linkingAgentIdentifier")
            _sub(link, f"{{{PREMIS}}}linkingAgentIdentifierType", "local")
            _sub(link, f"{{{PREMIS}}}linkingAgentIdentifierValue", name)
            _sub(link, f"{{{PREMIS}}}linkingAgentRole", role)
        for rep in rep_mets:
            link = _sub(event, f"{{{PREMIS}}}linkingObjectIdentifier")
            _sub(link, f"{{{PREMIS}}}linkingObjectIdentifierType", "local")
            _sub(link, f"{{{PREMIS}}}linkingObjectIdentifierValue", f"representations/{rep}")
        for name, kind in ((software, "software"), (creator, "organization")):
            agent = _sub(p, f"{{{PREMIS}}}agent")
            aid = _sub(agent, f"{{{PREMIS}}}agentIdentifier")
            _sub(aid, f"{{{PREMIS}}}agentIdentifierType", "local")
            _sub(aid, f"{{{PREMIS}}}agentIdentifierValue", name)
            _sub(agent, f"{{{PREMIS}}}agentName", name)
            _sub(agent, f"{{{PREMIS}}}agentType", kind)
        return etree.tostring(p, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _archivist_name(self) -> str:
        return next((a.name for a in self.facts.agents if a.role == "ARCHIVIST"), self.facts.municipality_name)

    def _rights(self, schemas: str = "../../schemas") -> bytes:
        """Access restriction and appraisal as PREMIS rights (FGS 1.x had them as METS attributes)."""
        r = etree.Element(f"{{{PREMIS}}}rights", {"version": "3.0", f"{{{XSI}}}schemaLocation":
                                                  f"{PREMIS} {schemas}/premis.xsd"},
                          nsmap={None: PREMIS, "xsi": XSI})
        access_note = self.facts.access_restrict or (
            "Handlingarna är allmänna. Uppgifter i dem kan omfattas av sekretess (t.ex. personnummer, känsliga "
            "personuppgifter); sekretessprövning sker vid varje utlämnande.")
        _rights_statement(r, "access", self.facts.objid, "Offentlighets- och sekretesslagen (2009:400)",
                          "Tryckfrihetsförordningen 2 kap.: allmänna handlingar lämnas ut efter sekretessprövning.",
                          act="disseminate", restriction="Sekretessprövning före utlämnande", note=access_note)
        _rights_statement(r, "appraisal", self.facts.objid, "Arkivlagen (1990:782) 10 §",
                          "Gallring får ske endast enligt beslut (gallringsbeslut).", act="delete",
                          restriction="Disallowed",
                          note="Ingen gallring vid leverans: gallring har skett före uttaget enligt gallringsbeslut "
                               "(gallringsprotokoll i arkivet); handlingarna i paketet ska bevaras.")
        return etree.tostring(r, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _description(self, threads: int) -> bytes:
        """Descriptive metadata (CSIP17) as JSON: no XML schema is needed to read it."""
        archivist = next((a for a in self.facts.agents if a.role == "ARCHIVIST"), None)
        return json.dumps({
            "title": self.facts.label, "archival_creator": archivist.name if archivist else None,
            "organisation_number": archivist.note if archivist else None,
            "municipality": self.facts.municipality_name, "language": "sv",
            "submission_agreement": self.facts.submission_agreement, "reference_code": self.facts.reference_code,
            "accounts": sorted(self.accounts), "records": self.count, "threads": threads,
            "date_from": self.first_at, "date_to": self.last_at, "created": self.facts.created,
            "record_status": self.facts.record_status, "notice": self.facts.notice,
        }, ensure_ascii=False, indent=2).encode()

    def _write_root(self, docs: list[Entry], schemas: list[Entry], rep_mets: dict[str, Entry], description: Entry,
                    premis: Entry, rights: Entry) -> None:
        f, created = self.facts, self.facts.created
        mets = etree.Element(f"{{{METS}}}mets", _mets_attrs(f.objid, f.label, "schemas", f.content_type), nsmap=NSMAP)
        mets.append(_header(f, f.agents, alt_ids=True))
        dmd_id = xml_id("root", "dmdSec")
        _sub(mets, f"{{{METS}}}dmdSec", ID=dmd_id, CREATED=created, STATUS="CURRENT").append(
            _mdref(description, created, "OTHER", "Kanalvakt beskrivning (JSON)"))
        amd = _sub(mets, f"{{{METS}}}amdSec", ID=xml_id("root", "amdSec"))
        digiprov_id, rights_id = xml_id("root", "digiprov"), xml_id("root", "rights")
        # METS order within amdSec: techMD, rightsMD, sourceMD, digiprovMD.
        _sub(amd, f"{{{METS}}}rightsMD", ID=rights_id, STATUS="CURRENT").append(
            _mdref(rights, created, "PREMIS:RIGHTS"))
        _sub(amd, f"{{{METS}}}digiprovMD", ID=digiprov_id, STATUS="CURRENT").append(_mdref(premis, created, "PREMIS"))
        sec = _sub(mets, f"{{{METS}}}fileSec", ID=xml_id("root", "fileSec"))
        groups = {"Documentation": docs, "Schemas": schemas,
                  **{f"Representations/{rep}": [entry] for rep, entry in rep_mets.items()}}
        for use, entries in groups.items():
            grp = _sub(sec, f"{{{METS}}}fileGrp", ID=xml_id("root", "fileGrp", use), USE=use)
            if use.startswith("Representations/"):
                grp.set(f"{{{CSIP}}}CONTENTINFORMATIONTYPE", "OTHER")
                grp.set(f"{{{CSIP}}}OTHERCONTENTINFORMATIONTYPE", f.content_type)
            for e in entries:
                _sub(grp, f"{{{METS}}}file", **_fileattrs(e, created)).append(_flocat(e.path))
        smap = _sub(mets, f"{{{METS}}}structMap", ID=xml_id("root", "structMap"), TYPE="PHYSICAL", LABEL="CSIP")
        top = _sub(smap, f"{{{METS}}}div", ID=xml_id("root", "div"), LABEL=f.objid)
        _sub(top, f"{{{METS}}}div", ID=xml_id("root", "div", "Metadata"), LABEL="Metadata",
             ADMID=f"{digiprov_id} {rights_id}", DMDID=dmd_id)
        for use in groups:
            div = _sub(top, f"{{{METS}}}div", ID=xml_id("root", "div", use), LABEL=use)
            if use.startswith("Representations/"):  # METS order within div: mptr, fptr
                _sub(div, f"{{{METS}}}mptr", **{f"{{{XLINK}}}type": "simple",
                                                f"{{{XLINK}}}href": rep_mets[use.split("/", 1)[1]].path,
                                                f"{{{XLINK}}}title": xml_id("root", "fileGrp", use),
                                                "LOCTYPE": "URL"})
            _sub(div, f"{{{METS}}}fptr", FILEID=xml_id("root", "fileGrp", use))
        (self.root / "METS.xml").write_bytes(etree.tostring(mets, xml_declaration=True, encoding="UTF-8",
                                                            pretty_print=True))


def _premis_object(name: str, kind: str, e: Entry | None) -> etree._Element:
    obj = etree.Element(f"{{{PREMIS}}}object", {f"{{{XSI}}}type": kind}, nsmap={None: PREMIS, "xsi": XSI})
    ident = _sub(obj, f"{{{PREMIS}}}objectIdentifier")
    _sub(ident, f"{{{PREMIS}}}objectIdentifierType", "local")
    _sub(ident, f"{{{PREMIS}}}objectIdentifierValue", name)
    if e is not None:
        chars = _sub(obj, f"{{{PREMIS}}}objectCharacteristics")
        fixity = _sub(chars, f"{{{PREMIS}}}fixity")
        _sub(fixity, f"{{{PREMIS}}}messageDigestAlgorithm", "SHA-256")
        _sub(fixity, f"{{{PREMIS}}}messageDigest", e.sha256)
        _sub(chars, f"{{{PREMIS}}}size", str(e.size))
        fmt = _sub(chars, f"{{{PREMIS}}}format")
        des = _sub(fmt, f"{{{PREMIS}}}formatDesignation")
        _sub(des, f"{{{PREMIS}}}formatName", e.mimetype)
    return obj


def _rights_statement(parent: etree._Element, kind: str, objid: str, citation: str, statute_note: str, *,
                      act: str, restriction: str, note: str) -> None:
    st = _sub(parent, f"{{{PREMIS}}}rightsStatement")
    sid = _sub(st, f"{{{PREMIS}}}rightsStatementIdentifier")
    _sub(sid, f"{{{PREMIS}}}rightsStatementIdentifierType", "local")
    _sub(sid, f"{{{PREMIS}}}rightsStatementIdentifierValue", f"{objid}:{kind}")
    _sub(st, f"{{{PREMIS}}}rightsBasis", "Statute")
    statute = _sub(st, f"{{{PREMIS}}}statuteInformation")
    _sub(statute, f"{{{PREMIS}}}statuteJurisdiction", "SE")
    _sub(statute, f"{{{PREMIS}}}statuteCitation", citation)
    _sub(statute, f"{{{PREMIS}}}statuteNote", statute_note)
    granted = _sub(st, f"{{{PREMIS}}}rightsGranted")
    _sub(granted, f"{{{PREMIS}}}act", act)
    _sub(granted, f"{{{PREMIS}}}restriction", restriction)
    _sub(granted, f"{{{PREMIS}}}rightsGrantedNote", note)


def zip_package(root: Path, target: Path | None = None) -> Path:
    """The package as one ZIP that unpacks to its root folder (CSIPSTR1, CSIPSTR3), written
    file by file."""
    import zipfile

    target = target or root.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                z.write(path, f"{root.name}/{path.relative_to(root).as_posix()}")
    return target
