"""The E-ARK SIP carries FGS Paketstruktur's Swedish facts (pure: built from documents)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from pydantic import ValidationError

from services.archive import sip
from services.archive.operations import _validator_schemas
from shared.policy import load_pack
from shared.policy.sections.archive import PackageProfile

NS = {"mets": sip.METS, "ext": sip.EXT}
ORGNR = re.compile(r"^\d{6}-\d{4}$")


def _record(rid: str) -> dict:
    at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    return {"_id": rid, "municipality": "pitea", "source": "social", "platform": "facebook", "account_id": "p1",
            "thread_id": "t1", "kind": "comment", "direction": "inkommen", "text": "Hej kommunen",
            "author": {"platform_id": "1", "name": "Åsa"}, "published_at": at, "sort_at": at, "version": 1}


def _build(tmp_path: Path, profile: PackageProfile | None) -> etree._Element:
    root = sip.build_sip(tmp_path, [_record("r1")], municipality="pitea", municipality_name="Piteå kommun",
                         versions={}, log_head=None, leaves={}, schemas_dir=_validator_schemas(), profile=profile)
    return etree.parse(str(root / "METS.xml")).getroot()


def test_fgs_extension_attributes_and_agents(tmp_path: Path) -> None:
    profile = PackageProfile(archival_creator="Kommunstyrelsen, Piteå kommun", organisation_number="212000-2742",
                             submission_agreement="KS 2026/123", reference_code="SE/PITEA/KS",
                             preservation_archive="Piteå kommuns e-arkiv")
    mets = _build(tmp_path, profile)
    assert mets.nsmap["ext"] == "ExtensionMETS"
    assert "ExtensionMETS http://xml.ra.se/e-arkiv/METS/CSPackageExtensionMETS.xsd" in mets.get(f"{{{sip.XSI}}}schemaLocation")
    ext = {k.split("}")[1]: v for k, v in mets.attrib.items() if k.startswith(f"{{{sip.EXT}}}")}
    assert ext["CONTENTTYPESPECIFICATION"] == "Kanalvakt records (JSON, HTML)"
    assert ext["ARCHIVALNAME"] == "Kommunstyrelsen, Piteå kommun"
    assert re.fullmatch(r"Kanalvakt \d+\.\d+\.\d+", ext["SYSTEMTYPE"])
    assert ext["INFORMATIONCLASS"] == "Sociala medier"
    assert ext["AGREEMENTFORM"] == "AGREEMENT" and ext["SUBMISSIONAGREEMENT"] == "KS 2026/123"
    assert ext["REFERENCECODE"] == "SE/PITEA/KS" and ext["APPRAISAL"] == "No"
    hdr = mets.find("mets:metsHdr", NS)
    assert hdr.get(f"{{{sip.EXT}}}OAISTYPE") == "SIP" and hdr.get(f"{{{sip.CSIP}}}OAISPACKAGETYPE") == "SIP"
    alt = {a.get("TYPE"): a.text for a in hdr.findall("mets:altRecordID", NS)}
    assert alt == {"SUBMISSIONAGREEMENT": "KS 2026/123", "REFERENCECODE": "SE/PITEA/KS"}
    agents = {(a.get("ROLE"), a.get("OTHERROLE")): a for a in hdr.findall("mets:agent", NS)}
    archivist = agents[("ARCHIVIST", None)]
    assert archivist.findtext("mets:name", namespaces=NS) == "Kommunstyrelsen, Piteå kommun"
    note = archivist.find("mets:note", NS)
    assert ORGNR.match(note.text) and note.get(f"{{{sip.CSIP}}}NOTETYPE") == "IDENTIFICATIONCODE"
    assert agents[("OTHER", "SUBMITTER")].findtext("mets:note", namespaces=NS) == "212000-2742"
    assert agents[("PRESERVATION", None)].findtext("mets:name", namespaces=NS) == "Piteå kommuns e-arkiv"
    creator = agents[("CREATOR", None)]
    assert creator.get("OTHERTYPE") == "SOFTWARE" and creator.findtext("mets:note", namespaces=NS) == ext["SYSTEMTYPE"]
    # Agents precede altRecordIDs (METS schema order).
    tags = [etree.QName(c).localname for c in hdr]
    assert tags.index("altRecordID") > max(i for i, t in enumerate(tags) if t == "agent")


def test_without_agreement_the_package_says_so(tmp_path: Path) -> None:
    mets = _build(tmp_path, None)
    assert mets.get(f"{{{sip.EXT}}}AGREEMENTFORM") == "NONE"
    assert mets.get(f"{{{sip.EXT}}}SUBMISSIONAGREEMENT") is None
    assert mets.find("mets:metsHdr/mets:altRecordID", NS) is None
    archivist = mets.find("mets:metsHdr/mets:agent[@ROLE='ARCHIVIST']", NS)
    assert archivist.findtext("mets:name", namespaces=NS) == "Piteå kommun"


def test_fgs_package_passes_eark_validator(tmp_path: Path) -> None:
    """Schema (METS with the lax foreign attributes) and CSIP/SIP schematron: only SIP14 (see README)."""
    from tests.integration.archive.eark import errors, validate

    _build(tmp_path, PackageProfile(organisation_number="212000-2742", submission_agreement="X 1",
                                    reference_code="R", preservation_archive="E-arkiv"))
    (package,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    found = [e for e in errors(validate(package)) if not e.startswith("SIP14")]
    assert found == []


def test_organisation_number_is_checked() -> None:
    with pytest.raises(ValidationError):
        PackageProfile(organisation_number="2120002742; DROP")
    assert PackageProfile(organisation_number="212000-2742").organisation_number == "212000-2742"


@pytest.mark.parametrize("pack", ["knivsta", "pitea", "eskilstuna", "lidkoping", "nybro"])
def test_packs_have_a_package_profile(pack: str) -> None:
    profile = load_pack(pack).archive.package
    assert profile.information_type and profile.content_type_specification
    assert profile.organisation_number is None or ORGNR.match(profile.organisation_number)
