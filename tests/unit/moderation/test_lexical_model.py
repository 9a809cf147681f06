"""The lexical model: features that survive Swedish obfuscation, spans that point at what
the writer typed, a gate that keeps clean texts out, training that is reproducible, and a
shipped model that matches its corpus."""

from pathlib import Path

import numpy as np
import pytest

from services.moderation import train
from services.moderation.domain import classify
from services.moderation.domain.hits import CATEGORY, INTENT, Hit
from services.moderation.domain.lexical_model import LexicalModel, feature_strings, tokens
from services.moderation.domain.verdict import assess
from services.moderation.eval import Item
from shared.contracts.moderation import Referral
from shared.policy import load_pack

ESKILSTUNA = load_pack("eskilstuna").moderation


@pytest.fixture(scope="module")
def shipped() -> LexicalModel:
    return LexicalModel()


def test_the_shipped_model_was_trained_on_the_corpus_as_it_is() -> None:
    # Editing training/*.jsonl or a measured evaluation set without retraining fails here.
    assert train.model_is_current(), "run `python -m services.moderation train` and commit lexical_model.npz"


# Retraining takes ~100 s of one core; on a loaded two-core CI machine it can pass the
# suite's 300 s hang guard without hanging, so this one test has a wider guard.
@pytest.mark.timeout(900)
def test_training_reproduces_what_the_shipped_model_decides() -> None:
    # Same corpus, same code: the shipped file is what `train` makes. Float rounding differs
    # between CPUs (liblinear's sums in another order move the 7th digit of a float32), so
    # what must match is what matters: the features, the labels, every threshold, the
    # weights to well within what could change a decision, and every label on every text.
    corpus = train.load_corpus()
    fresh = train.train(corpus)
    with np.load(train.MODEL_FILE, allow_pickle=False) as data:
        shipped_file = {key: data[key] for key in data.files}
    for key in ("vocabulary", "label_kinds", "label_ids", "thresholds"):
        assert np.array_equal(shipped_file[key], fresh[key]), key
    assert np.allclose(shipped_file["weights"], fresh["weights"], atol=1e-4)
    assert np.allclose(shipped_file["bias"], fresh["bias"], atol=1e-4)
    rows = {f: i for i, f in enumerate(str(v) for v in fresh["vocabulary"])}

    def decisions(model: dict[str, np.ndarray]) -> np.ndarray:
        logits = np.array([
            model["bias"] + model["weights"][[rows[f] for f in set(feature_strings(item.text)) if f in rows]].sum(0)
            for item in corpus])
        return logits >= np.log(model["thresholds"] / (1 - model["thresholds"]))

    assert np.array_equal(decisions(shipped_file), decisions(fresh))


def test_obfuscated_spellings_give_the_same_word_features() -> None:
    plain = set(feature_strings("din jävla idiot"))
    for disguised in ("din j ä v l a idiot", "din javla 1d1ot", "din jääääävla idiot"):
        assert {"w:javla", "w:idiot"} <= set(feature_strings(disguised)), disguised
        assert {"w:javla", "w:idiot"} <= plain


def test_compounds_share_pieces_with_their_parts() -> None:
    compound = set(feature_strings("jävlakommun"))
    assert "g:<jav" in compound and "g:mun>" in compound
    assert "p:javla" in compound


def test_tokens_map_back_to_the_text_as_typed() -> None:
    text = "Hej  D U M   är du, id1ot!"
    words, spans = tokens(text)
    assert words[:2] == ["hej", "dum"]
    assert [text[s:e] for s, e in spans][:2] == ["Hej", "D U M"]
    assert "id1ot" in [text[s:e] for s, e in spans]


def _tiny_corpus() -> list[Item]:
    threats = ["jag ska slå sönder dig", "jag ska bränna ditt hus", "jag ska hitta dig ikväll",
               "vi ska slå sönder er bil", "jag ska hitta er familj", "vi ska bränna kontoret"]
    clean = ["tack för bra info", "när öppnar badhuset", "fin bild på parken", "bra jobbat med snön",
             "när töms soporna", "tack för svaret", "fint väder i parken", "bra info om badhuset"]
    return ([Item(f"t{i}", t, frozenset({"threat"}), frozenset()) for i, t in enumerate(threats)]
            + [Item(f"c{i}", t, frozenset(), frozenset()) for i, t in enumerate(clean)])


def test_training_is_reproducible_and_learns(tmp_path: Path) -> None:
    first, second = train.train(_tiny_corpus(), folds=2), train.train(_tiny_corpus(), folds=2)
    for key in first:
        assert np.array_equal(first[key], second[key]), key
    np.savez_compressed(tmp_path / "m.npz", corpus_sha256=np.array("test"), **first)
    model = LexicalModel(tmp_path / "m.npz")
    assert model.scores("jag ska bränna dig")["threat"] > model.scores("tack för info om parken")["threat"]


def test_a_model_hit_names_its_score_and_the_words_that_made_it(shipped: LexicalModel) -> None:
    text = "Jag vet var du bor och jag ska se till att du ångrar dig, din j ä v l a råtta"
    hits = [h for h in shipped.detect(text) if h.kind == CATEGORY]
    assert hits, "a plain threat with an insult is found"
    for hit in hits:
        assert hit.rule_id == f"model.{hit.id}"
        assert 0 < float(hit.detail["score"]) <= 1
        assert hit.spans and all(0 <= s < e <= len(text) for s, e in hit.spans)
        assert all(text[s:e].strip() == text[s:e] for s, e in hit.spans)  # whole words, no padding


@pytest.mark.parametrize("text", [
    "Tack för snabb snöröjning i morse!",
    "Hur gör man för att rösta i valet om man är bortrest?",
    "Vi dog av skratt på teatern i lördags, tack!",
    "Länken till detaljplanen är död, kan ni lägga upp den igen?",
])
def test_the_gate_keeps_everyday_comments_out_of_the_queue(shipped: LexicalModel, text: str) -> None:
    assert not [h for h in shipped.detect(text) if h.kind == CATEGORY]


def test_only_a_rule_that_named_the_authority_gives_a_referral() -> None:
    model_hit = Hit(INTENT, "out_of_scope", "model.out_of_scope", ((0, 5),), {"score": "0.80"})
    verdict = assess([model_hit], ESKILSTUNA)
    assert verdict.intents == ["out_of_scope"] and verdict.refer_to is None
    rule_hit = Hit(INTENT, "out_of_scope", "out_of_scope.skatteverket", ((0, 5),),
                   {"authority": "Skatteverket", "url": "https://www.skatteverket.se"})
    assert assess([model_hit, rule_hit], ESKILSTUNA).refer_to == Referral.model_validate(rule_hit.detail)


def test_automatic_actions_never_rest_on_a_model_score() -> None:
    pitea = load_pack("pitea").moderation
    permitted = pitea.auto_actions[0]
    spans = tuple((i * 10, i * 10 + 5) for i in range(permitted.min_matches + 1))
    model_hit = Hit(CATEGORY, permitted.category.value, f"model.{permitted.category.value}", spans, {"score": "0.99"})
    assert assess([model_hit], pitea).categories == [permitted.category.value]
    assert assess([model_hit], pitea).auto_actions == []


def test_packs_run_rules_and_the_model_and_each_hit_says_which() -> None:
    assert ESKILSTUNA.classifiers == ["rules", "lexical"]
    verdict = classify("Sluta gnäll, flytta härifrån om ni inte klarar er. Snart smäller det på kommunhuset 💣",
                       ESKILSTUNA)
    assert "threat" in verdict.categories
    sources = {h.rule_id.startswith("model.") for h in verdict.hits if h.id == "threat"}
    assert True in sources  # the model's hit is there, named as the model's
    assert all(span.rule_id for span in verdict.spans(
        "Sluta gnäll, flytta härifrån om ni inte klarar er. Snart smäller det på kommunhuset 💣"))
