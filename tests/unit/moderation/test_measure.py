"""Measuring the engine: the counts behind `bench` and the leave-one-set-out table, and a
model built in memory (as `bench --leave-out` does) scoring like one read from a file."""

from pathlib import Path

import numpy as np

from services.moderation import train
from services.moderation.domain import register_classifier
from services.moderation.domain.lexical_model import LexicalModel
from services.moderation.eval import Item
from services.moderation.measure import Scores, evaluate
from shared.policy import load_pack


def _item(text: str, categories: set[str], intents: set[str] = frozenset()) -> Item:
    return Item(text[:8], text, frozenset(categories), frozenset(intents))


def test_scores_count_per_id_and_per_item_and_pool() -> None:
    a = Scores()
    a.add(_item("hot", {"threat"}), {"threat"}, set())
    a.add(_item("missad", {"threat", "profanity"}), {"profanity"}, {"question"})
    a.add(_item("ren", set()), {"threat"}, set())
    a.add(_item("ren två", set()), set(), set())
    assert a.counts["threat"] == [1, 1, 1]
    assert (a.recall("threat"), a.precision("threat")) == (0.5, 0.5)
    assert a.violation_recall == 1.0 and a.clean_flagged == 0.5
    assert a.weakest() == ("threat", 0.5)
    assert len(a.misses) == 2  # the item with a missed threat and the flagged clean one
    pooled = Scores()
    pooled.merge(a)
    pooled.merge(a)
    assert pooled.counts["threat"] == [2, 2, 2] and pooled.violations == 4 and pooled.flagged == 2


def test_a_model_trained_in_memory_scores_like_the_same_model_from_a_file(tmp_path: Path) -> None:
    threats = ["jag ska slå sönder dig", "jag ska bränna ditt hus", "jag ska hitta dig ikväll",
               "vi ska slå sönder er bil", "jag ska hitta er familj", "vi ska bränna kontoret"]
    clean = ["tack för bra info", "när öppnar badhuset", "fin bild på parken", "bra jobbat med snön",
             "när töms soporna", "tack för svaret", "fint väder i parken", "bra info om badhuset"]
    corpus = [_item(t, {"threat"}) for t in threats] + [_item(t, set()) for t in clean]
    arrays = train.train(corpus, folds=2)
    np.savez_compressed(tmp_path / "m.npz", corpus_sha256=np.array("test"), **arrays)
    in_memory, from_file = LexicalModel(arrays=arrays), LexicalModel(tmp_path / "m.npz")
    for text in ("jag ska bränna dig", "tack för info om parken"):
        assert in_memory.scores(text) == from_file.scores(text)
    # registered under its own name, a pack can be measured with it (what `--leave-out` does)
    register_classifier("lexical-test-tiny", lambda: in_memory)
    pack = load_pack("eskilstuna").moderation.model_copy(update={"classifiers": ["lexical-test-tiny"]})
    scores = evaluate([_item("tack för svaret om parken", set())], pack)
    assert scores.clean == 1 and scores.violations == 0
