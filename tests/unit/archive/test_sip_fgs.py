"""The E-ARK SIP is CSIP/SIP 2.1.0 = FGS Paketstruktur 2.0 (pure: built from documents, no database).

commons-ip, the E-ARK reference validator, judges whole packages in
tests/integration/archive/test_sip_commons_ip.py; here: the shape, the schemas, the facts.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree
from pydantic import ValidationError

from services.archive.adapters import sip
from services.archive.adapters.ledger import LogLeaf
from services.archive.adapters.store import Record
from services.archive.app import export
from shared.contracts.archive import TreeHead, Version
from shared.policy import available_packs, load_pack
from shared.policy.sections.archive import DemoPackage, PackageProfile

NS = {"mets": sip.METS, "xlink": sip.XLINK, "csip": sip.CSIP, "premis": sip.PREMIS}
AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PROFILE = PackageProfile(archival_creator="Kommunstyrelsen, Piteå kommun", organisation_number="212000-2742",
                         submitter="Kommunarkivet, Piteå kommun", submitter_organisation_number="212000-2742",
                         submission_agreement="KS 2026/123", reference_code="SE/PITEA/KS",
                         preservation_archive="Piteå kommuns e-arkiv", preservation_archive_id="PEA-1",
                         contact_name="Eva Arkivarie", contact_details="eva@pitea.se")


def record(rid: str, *, thread: str = "post-1", parent: str | None = None, n: int = 0, text: str = "Hej") -> Record:
    at = AT + timedelta(minutes=n)
    return Record.model_validate({
        "_id": rid, "municipality": "pitea", "source": "social", "platform": "facebook", "account_id": "p1",
        "thread_id": thread, "parent_id": parent, "kind": "comment" if parent else "post",
        "direction": "inkommen", "text": text, "author": {"platform_id": "1", "name": "Åsa"},
        "published_at": at, "sort_at": at, "version": 1, "terms": ["he"], "words": ["hej"]})


def facts(profile: PackageProfile = PROFILE, *, demo: bool = False) -> sip.PackageFacts:
    return export.package_facts(export.delivery(profile, demo_allowed=demo), municipality="pitea",
                                municipality_name="Piteå kommun", label="Konto p1", created=AT)


def build(tmp_path: Path, records: list[Record], f: sip.PackageFacts | None = None) -> Path:
    writer = sip.SipWriter(tmp_path, f or facts())
    for doc in records:
        writer.add(doc, [Version(id=f"{doc.id}:v1", record_id=doc.id, municipality="pitea", version=1,
                                 content={"text": doc.text}, content_sha256="ab", archived_at=AT)],
                   [LogLeaf(index=0, record_id=doc.id, leaf="{}", leaf_hash="cd")])
    return writer.finish(log_head=TreeHead(municipality="pitea", tree_size=1, root_hash="ff", timestamp_ms=0,
                                           signature="", public_key=""))


def thread_records() -> list[Record]:
    return [record("post", text="Nytt inlägg"), record("c1", parent="post", n=1, text="En kommentar"),
            record("r1", parent="c1", n=2, text="Ett svar"), record("c2", parent="post", n=3, text="Andra")]


def root_mets(package: Path) -> etree._Element:
    return etree.parse(str(package / "METS.xml")).getroot()


def test_agents_and_alt_record_ids_as_sip_2_1_0_names_them(tmp_path: Path) -> None:
    mets = root_mets(build(tmp_path, [record("r1")]))
    hdr = mets.find("mets:metsHdr", NS)
    assert hdr.get(f"{{{sip.CSIP}}}OAISPACKAGETYPE") == "SIP" and hdr.get("RECORDSTATUS") == "NEW"
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-1-0.xml"
    agents = [(a.get("ROLE"), a.get("TYPE"), a.get("OTHERTYPE"), a.findtext("mets:name", namespaces=NS),
               a.findtext("mets:note", namespaces=NS), a.find("mets:note", NS).get(f"{{{sip.CSIP}}}NOTETYPE"))
              for a in hdr.findall("mets:agent", NS)]
    assert agents == [
        ("CREATOR", "OTHER", "SOFTWARE", "Kanalvakt", sip.software_version(), "SOFTWARE VERSION"),
        ("ARCHIVIST", "ORGANIZATION", None, "Kommunstyrelsen, Piteå kommun", "212000-2742", "IDENTIFICATIONCODE"),
        ("CREATOR", "ORGANIZATION", None, "Kommunarkivet, Piteå kommun", "212000-2742", "IDENTIFICATIONCODE"),
        ("PRESERVATION", "ORGANIZATION", None, "Piteå kommuns e-arkiv", "PEA-1", "IDENTIFICATIONCODE")]
    alt = [(a.get("TYPE"), a.text) for a in hdr.findall("mets:altRecordID", NS)]
    assert alt == [("SUBMISSIONAGREEMENT", "KS 2026/123"), ("REFERENCECODE", "SE/PITEA/KS")]
    tags = [etree.QName(c).localname for c in hdr]
    assert tags.index("altRecordID") > max(i for i, t in enumerate(tags) if t == "agent")  # METS order


def test_no_fgs_1_extension_anywhere(tmp_path: Path) -> None:
    package = build(tmp_path, [record("r1")])
    for path in package.rglob("*.xml"):
        text = path.read_text()
        assert '"ExtensionMETS"' not in text and "CSPackageExtensionMETS" not in text and "ext:" not in text, path
    location = root_mets(package).get(f"{{{sip.XSI}}}schemaLocation").split()
    assert dict(zip(location[::2], location[1::2], strict=True)) == {
        "http://www.loc.gov/METS/": "schemas/mets.xsd", "http://www.w3.org/1999/xlink": "schemas/xlink.xsd",
        "https://DILCIS.eu/XML/METS/CSIPExtensionMETS": "schemas/DILCISExtensionMETS.xsd",
        "https://DILCIS.eu/XML/METS/SIPExtensionMETS": "schemas/DILCISExtensionSIPMETS.xsd"}
    assert sorted(p.name for p in (package / "schemas").iterdir()) == sorted(sip.SCHEMA_FILES)


def test_each_representation_has_its_own_mets_referenced_from_the_root(tmp_path: Path) -> None:
    package = build(tmp_path, thread_records())
    mets = root_mets(package)
    groups = {g.get("ID"): g.get("USE") for g in mets.iterfind("mets:fileSec/mets:fileGrp", NS)}
    top = mets.find("mets:structMap[@LABEL='CSIP']/mets:div", NS)
    divs = {d.get("LABEL"): d for d in top.findall("mets:div", NS)}
    assert set(divs) == {"Metadata", "Documentation", "Schemas", "Representations/rep-json",
                         "Representations/rep-html"}
    for label, div in divs.items():
        for fptr in div.findall("mets:fptr", NS):
            assert groups[fptr.get("FILEID")] == label  # fptr names the file group (CSIP96-119)
    for rep in sip.REPRESENTATIONS:
        mptr = divs[f"Representations/{rep}"].find("mets:mptr", NS)
        assert mptr.get(f"{{{sip.XLINK}}}href") == f"representations/{rep}/METS.xml"
        assert groups[mptr.get(f"{{{sip.XLINK}}}title")] == f"Representations/{rep}"
        rep_mets = etree.parse(str(package / "representations" / rep / "METS.xml")).getroot()
        assert rep_mets.get("OBJID") == rep
        listed = rep_mets.findall("mets:fileSec/mets:fileGrp[@USE='Data']/mets:file", NS)
        on_disk = sorted(p for p in (package / "representations" / rep / "data").rglob("*") if p.is_file())
        assert len(listed) == len(on_disk) == (4 + 1 if rep == "rep-json" else 1)  # records + one thread
        for f in listed:
            data = (package / "representations" / rep / f.find("mets:FLocat", NS).get(f"{{{sip.XLINK}}}href"))
            assert f.get("CHECKSUM") == hashlib.sha256(data.read_bytes()).hexdigest()
            assert f.get("SIZE") == str(data.stat().st_size) and f.get("CHECKSUMTYPE") == "SHA-256"


def _schema(tmp_path: Path) -> etree.XMLSchema:
    """METS with the CSIP/SIP attribute schemas (so csip:NOTETYPE's vocabulary is checked too)."""
    d = sip.SCHEMA_DIR

    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):  # mets.xsd imports XLink by its web address
            if url.endswith("xlink.xsd"):
                return self.resolve_filename(str(d / "xlink.xsd"), context)
            return None

    wrapper = tmp_path / "all.xsd"
    wrapper.write_text(f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:import namespace="{sip.METS}" schemaLocation="{(d / 'mets.xsd').as_uri()}"/>
<xs:import namespace="{sip.CSIP}" schemaLocation="{(d / 'DILCISExtensionMETS.xsd').as_uri()}"/>
<xs:import namespace="{sip.SIPX}" schemaLocation="{(d / 'DILCISExtensionSIPMETS.xsd').as_uri()}"/>
</xs:schema>""")
    parser = etree.XMLParser()
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(wrapper), parser))


def test_every_mets_and_premis_file_is_schema_valid(tmp_path: Path) -> None:
    package = build(tmp_path / "p", thread_records())
    mets_schema = _schema(tmp_path)
    premis_schema = etree.XMLSchema(etree.parse(str(sip.SCHEMA_DIR / "premis.xsd")))
    mets_files = sorted(package.rglob("METS.xml"))
    premis_files = sorted(package.rglob("metadata/preservation/*.xml"))
    assert len(mets_files) == 3 and len(premis_files) == 6  # root + 2 reps; premis + rights, in each
    for path in mets_files:
        assert mets_schema.validate(etree.parse(str(path))), (path, mets_schema.error_log)
    for path in premis_files:
        assert premis_schema.validate(etree.parse(str(path))), (path, premis_schema.error_log)
    # The check can fail: a note type outside CSIP's vocabulary is refused.
    broken = etree.parse(str(package / "METS.xml"))
    broken.find(".//mets:note", NS).set(f"{{{sip.CSIP}}}NOTETYPE", "SOFTWARE")
    assert not mets_schema.validate(broken)


def test_appraisal_and_access_restriction_are_premis_rights(tmp_path: Path) -> None:
    package = build(tmp_path, [record("r1")])
    mets = root_mets(package)
    rights_ref = mets.find("mets:amdSec/mets:rightsMD/mets:mdRef", NS)
    assert rights_ref.get("MDTYPE") == "PREMIS:RIGHTS"
    rights = etree.parse(str(package / rights_ref.get(f"{{{sip.XLINK}}}href"))).getroot()
    statements = {s.findtext("premis:rightsGranted/premis:act", namespaces=NS):
                  (s.findtext("premis:rightsBasis", namespaces=NS),
                   s.findtext("premis:statuteInformation/premis:statuteCitation", namespaces=NS))
                  for s in rights.findall("premis:rightsStatement", NS)}
    assert statements == {"disseminate": ("Statute", "Offentlighets- och sekretesslagen (2009:400)"),
                          "delete": ("Statute", "Arkivlagen (1990:782) 10 §")}
    assert not [k for el in mets.iter() for k in el.attrib if "APPRAISAL" in k or "ACCESSRESTRICT" in k]


def test_thread_context_as_json_and_html(tmp_path: Path) -> None:
    package = build(tmp_path, thread_records())
    [thread_json] = (package / "representations" / "rep-json" / "data" / "threads").glob("*.json")
    thread = json.loads(thread_json.read_text())
    [post] = thread["items"]
    assert post["id"] == "post" and [c["id"] for c in post["replies"]] == ["c1", "c2"]
    assert [r["id"] for r in post["replies"][0]["replies"]] == ["r1"] and thread["records"] == 4
    [html] = (package / "representations" / "rep-html" / "data" / "threads").glob("*.html")
    page = html.read_text()
    assert page.index("Nytt inlägg") < page.index("En kommentar") < page.index("Ett svar") < page.index("Andra")
    assert page.count('class="replies"') == 2  # replies nested under the post and under the comment
    one = json.loads((package / "representations" / "rep-json" / "data" / "records" / "r1.json").read_text())
    assert one["id"] == "r1" and one["log_leaves"] and "terms" not in one


def test_export_is_refused_without_the_organisationsnummer() -> None:
    with pytest.raises(export.ExportRefused) as refused:
        facts(PackageProfile())
    message = str(refused.value)
    assert "archive.package.organisation_number" in message and "organisationsnummer" in message
    assert "Piteå kommun" in message
    # Demo values are used only where the archive runs with demo data.
    with pytest.raises(export.ExportRefused):
        facts(PackageProfile(demo=DemoPackage(organisation_number="000000-0000")), demo=False)


def test_demo_values_are_marked_as_such(tmp_path: Path) -> None:
    demo = PackageProfile(demo=DemoPackage(organisation_number="000000-0000", submission_agreement="DEMO 1"))
    package = build(tmp_path, [record("r1")], facts(demo, demo=True))
    mets = root_mets(package)
    assert mets.find("mets:metsHdr", NS).get("RECORDSTATUS") == "TEST"  # SIP: "No AIP should be created"
    assert "DEMOVÄRDEN" in mets.get("LABEL")
    archivist = mets.find("mets:metsHdr/mets:agent[@ROLE='ARCHIVIST']", NS)
    assert archivist.findtext("mets:name", namespaces=NS) == "Piteå kommun (demo)"
    assert archivist.findtext("mets:note", namespaces=NS) == "000000-0000"
    assert (package / "documentation" / "README.txt").read_text().startswith("OBS: DEMOVÄRDEN")
    assert json.loads((package / "metadata" / "descriptive" / "description.json").read_text())["record_status"] \
        == "TEST"


def _peak_traced(n: int, out: Path) -> int:
    """Peak memory traced while writing `n` records (run in a fresh process)."""
    tracemalloc.start()
    writer = sip.SipWriter(out, facts())
    for i in range(n):  # threads of 20 comments: memory may follow a thread's size, not n
        writer.add(record(f"r{i}", thread=f"t{i // 20}", parent=f"t{i // 20}", n=i % 1000,
                          text="Hej kommunen " * 20), [], [])
    writer.finish(log_head=None)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def test_memory_stays_bounded_as_records_grow(tmp_path: Path) -> None:
    """Ten times the records, not ten times the memory: records stream to disk. Measured in
    a fresh interpreter each: tracemalloc counts every thread's allocations, and a test
    worker's other threads (a database client's monitors) would be counted too."""
    def peak(n: int) -> int:
        code = ("import sys; from pathlib import Path; from tests.unit.archive.test_sip_fgs import _peak_traced; "
                f"print(_peak_traced({n}, Path(sys.argv[1])))")
        done = subprocess.run([sys.executable, "-c", code, str(tmp_path / f"w{n}")], capture_output=True,
                              text=True, check=True, cwd=Path(__file__).parents[3])
        return int(done.stdout.strip().splitlines()[-1])

    small, large = peak(300), peak(3000)
    print(f"peak traced memory: 300 records {small / 1e6:.2f} MB, 3000 records {large / 1e6:.2f} MB")
    assert large < small * 3


def test_organisationsnummer_format_and_every_pack() -> None:
    with pytest.raises(ValidationError):
        PackageProfile(organisation_number="2120002742; DROP")
    for pack in available_packs():
        profile = load_pack(pack).archive.package
        assert profile.information_type and profile.content_type_specification
        assert profile.organisation_number is None or re.fullmatch(r"\d{6}-\d{4}", profile.organisation_number)
    # Only Knivsta's demo has stand-in values, and they are obviously not a real number.
    assert load_pack("knivsta").archive.package.demo.organisation_number == "000000-0000"
