"""The labelled set is part of the product: it must cover every id and stay good."""

from services.moderation.domain import classify
from services.moderation.eval import HOLDOUT_FILE, load
from shared.policy import load_pack
from shared.policy.sections.moderation import CATEGORY_IDS, INTENT_IDS


def test_the_set_is_large_and_covers_every_category_and_intent() -> None:
    items = load()
    assert len(items) >= 300
    for cid in CATEGORY_IDS:
        assert sum(cid in i.categories for i in items) >= 8, cid
    for iid in INTENT_IDS:
        assert sum(iid in i.intents for i in items) >= 8, iid
    hard_negatives = [i for i in items if not i.categories]
    assert len(hard_negatives) >= 100


def _quality(items: list) -> tuple[float, float]:
    pack = load_pack("eskilstuna").moderation
    violations = [i for i in items if i.categories]
    clean = [i for i in items if not i.categories]
    caught = sum(bool(classify(i.text, pack).categories) for i in violations)
    flagged = sum(bool(classify(i.text, pack).categories) for i in clean)
    return caught / len(violations), flagged / len(clean)


def test_recall_and_false_flags_meet_the_aims_on_the_set() -> None:
    recall, flagged = _quality(load())
    assert recall >= 0.9
    assert flagged <= 0.05


def test_held_out_items_written_after_tuning_still_mostly_work() -> None:
    # A weaker bar: these were not used to tune the lexicons (see README).
    recall, flagged = _quality(load(HOLDOUT_FILE))
    assert recall >= 0.7
    assert flagged <= 0.15


def test_the_untouched_blind_set_meets_the_aims_with_the_shipped_engine() -> None:
    # blind6 was written without sight of the engine or the corpus and has never been
    # trained or tuned on (see README); the day it is, this stops being evidence.
    from services.moderation.eval import SETS
    from services.moderation.train import TRAINING_SETS

    assert "blind6" not in TRAINING_SETS
    recall, flagged = _quality(load(SETS["blind6"]))
    assert recall >= 0.9
    assert flagged <= 0.05


def test_the_training_corpus_is_labelled_with_known_ids_and_unique_ids() -> None:
    from services.moderation.train import TRAINING_DIR, load_corpus

    items = load_corpus()  # the loader refuses unknown category or intent ids, with file:line
    assert len(items) >= 4000
    written = [i.id for path in TRAINING_DIR.glob("*.jsonl") for i in load(path)]
    assert len(set(written)) == len(written)
    for cid in CATEGORY_IDS:
        assert sum(cid in i.categories for i in items) >= 100, cid


def test_the_closing_blind_set_holds_what_it_showed_when_measured() -> None:
    # blind12 was written after the last tuning of issue 18 and measured once (README): recall
    # 0.889, 1.4 % of clean items flagged. It must stay out of training; a change that loses
    # more than a little of that on it fails here (the bars sit just under the measured figures).
    from services.moderation.eval import SETS
    from services.moderation.train import TRAINING_SETS

    assert "blind12" not in TRAINING_SETS
    recall, flagged = _quality(load(SETS["blind12"]))
    assert recall >= 0.87
    assert flagged <= 0.05
