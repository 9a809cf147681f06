"""Folding, rules from the packs, redaction, signing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.archive.domain import redaction
from services.archive.domain.folding import PREFIX_MAX, fold, index_terms, query_terms
from services.archive.domain.rules import Facts, registration_verdict, retention_verdict
from services.archive.adapters.signing import public_hex, sth_message, verify_signature
from shared.contracts.archive import RecordTag
from shared.policy import load_pack
from shared.policy.local import LocalDecision, effective


def test_folding_is_case_and_diacritics_insensitive() -> None:
    assert fold("ÅSA Öberg på Café") == "asa oberg pa cafe"
    terms, words = index_terms("Snöröjningen på Ängsvägen", "Åsa")
    assert {"sn", "snoro", "snorojningen", "angsvagen", "asa"} <= set(terms)
    assert words == ["snorojningen", "pa", "angsvagen", "asa"]
    assert query_terms("SNÖRÖJ") == [("snoroj", None)]
    long_word = "kommunfullmäktigeledamot"
    assert query_terms(long_word) == [(fold(long_word)[:PREFIX_MAX], fold(long_word))]


def test_registration_follows_each_pack() -> None:
    dm = Facts(direction="inkommen", kind="direct_message")
    comment = Facts(direction="inkommen", kind="comment")
    complaint = Facts(direction="inkommen", kind="comment", intents=frozenset({"complaint"}))
    question = Facts(direction="inkommen", kind="comment", intents=frozenset({"question"}))
    assert registration_verdict(load_pack("pitea").archive, dm).required
    assert not registration_verdict(load_pack("pitea").archive, comment).required
    assert registration_verdict(load_pack("nybro").archive, dm).required
    lidkoping = load_pack("lidkoping").archive
    assert registration_verdict(lidkoping, complaint).required
    assert not registration_verdict(lidkoping, question).required
    assert registration_verdict(load_pack("eskilstuna").archive, complaint).rule_id == "kraver-handlaggning"


def _decided(months: dict[str, int], decision: str) -> LocalDecision:
    return LocalDecision(key=f"gallringsbeslut.{decision}", value={"periods": months}, decided_by="Kommunstyrelsen",
                         decided_on=date(2025, 3, 1), reference="KS 2025/14 § 3")


def test_nothing_is_culled_before_the_gallringsbeslut_is_recorded() -> None:
    policy = load_pack("eskilstuna").archive
    archived = datetime(2020, 1, 31, tzinfo=UTC)
    routine = retention_verdict(policy, Facts(direction="inkommen", kind="comment", archived_at=archived))
    assert routine.rule and routine.rule.decision == "ringa-betydelse"
    assert routine.cull_at is None and "gallringsbeslutet är inte registrerat" in routine.reason


def test_retention_names_its_decision_and_respects_holds() -> None:
    pack = load_pack("eskilstuna")
    policy = effective(pack, [_decided({"borttaget-olagligt": 60, "rutin": 24}, "ringa-betydelse"),
                              _decided({"registrerat": 0}, "registrerat-i-arende")]).pack.archive
    archived = datetime(2024, 1, 31, tzinfo=UTC)
    routine = retention_verdict(policy, Facts(direction="inkommen", kind="comment", archived_at=archived))
    assert routine.rule and routine.rule.decision == "ringa-betydelse"
    assert routine.cull_at == datetime(2026, 1, 31, tzinfo=UTC)
    registered = retention_verdict(policy, Facts(direction="inkommen", kind="comment", registered=True,
                                                 archived_at=archived, registered_at=archived))
    assert registered.rule and registered.rule.id == "registrerat" and registered.cull_at == archived
    reported = retention_verdict(policy, Facts(direction="inkommen", kind="comment", police_reported=True,
                                               archived_at=archived))
    assert reported.cull_at is None
    held = retention_verdict(policy, Facts(direction="inkommen", kind="comment", archived_at=archived, held=True))
    assert held.cull_at is None


def test_personnummer_and_tagged_spans_are_premarked() -> None:
    text = "Mitt personnummer är 19811218-9876, ring 070-1234567. Diagnos: diabetes."
    tags = [RecordTag.model_validate(tag) for tag in (
        {"category": "sensitive_personal_data", "spans": [{"start": 63, "end": 71, "text": "diabetes"}]},
        {"category": "profanity", "spans": [{"start": 0, "end": 4, "text": "Mitt"}]})]
    spans = redaction.premarked(text, tags, ["sensitive_personal_data", "confidential"])
    assert [(s["start"], s["end"], s["reason"]) for s in spans] == [(21, 34, "personnummer"),
                                                                     (63, 71, "sensitive_personal_data")]
    redacted = redaction.apply(text, spans)
    assert "19811218-9876" not in redacted and "070-1234567" in redacted and "diabetes" not in redacted
    assert len(redacted) == len(text)


def test_tree_heads_are_signed_and_bound_to_the_log() -> None:
    key = Ed25519PrivateKey.generate()
    message = sth_message("knivsta", 3, 1_700_000_000_000, b"\x01" * 32)
    signature = key.sign(message).hex()
    assert verify_signature(public_hex(key), signature, message)
    assert not verify_signature(public_hex(key), signature, sth_message("pitea", 3, 1_700_000_000_000, b"\x01" * 32))


def test_lidkoping_registers_by_content_not_channel() -> None:
    # L45: "enkla förfrågningar om information, öppettider och dylikt" need not be registered;
    # L51: complaints, views and case matters are, whichever way they came in.
    policy = load_pack("lidkoping").archive
    simple = registration_verdict(policy, Facts(direction="inkommen", kind="direct_message",
                                                intents=frozenset({"question"})))
    assert not simple.required and simple.rule_id == "enkla-fragor"
    complaint = registration_verdict(policy, Facts(direction="inkommen", kind="direct_message",
                                                   intents=frozenset({"question", "complaint"})))
    assert complaint.required and complaint.rule_id == "klagomal-synpunkter"
    case = registration_verdict(policy, Facts(direction="inkommen", kind="comment",
                                              intents=frozenset({"personal_matter"})))
    assert case.required and case.rule_id == "arende"
    # Piteå and Nybro keep their rule: direct messages to an employee are incoming documents.
    pitea = registration_verdict(load_pack("pitea").archive, Facts(direction="inkommen", kind="direct_message",
                                                                   intents=frozenset({"question"})))
    assert pitea.required and pitea.rule_id == "direktmeddelanden"


def test_lidkopings_disclosures_name_the_controller() -> None:
    # L79: "Det är varje enskild nämnd som är ytterst ansvarig"; Knivsta's pack says nothing of it.
    from services.archive.app import disclosure
    from services.archive.app.policies import personal_data_notice

    notice = personal_data_notice("lidkoping")
    assert notice == "Personuppgiftsansvarig för varje konto är den nämnd som driver det."
    assert personal_data_notice("knivsta") is None
    context = {"disclosure_id": "d1", "municipality_name": "Lidköpings kommun", "requested_at": "2026-12-01",
               "actor": "Rut", "reference": None, "records": [], "personal_data": notice}
    assert f"<p>Personuppgifter: {notice}</p>" in disclosure.render_html(context)
    assert disclosure.render_pdf(context)[:5] == b"%PDF-"
