"""Measuring the engine on a labelled set, and on a set its model never saw (leave one out).

    python -m services.moderation bench --set blind9 --leave-out      # model trained without blind9
    python -m services.moderation loso [--sets blind7,blind8,...]      # every set in turn, one table

Leave-one-set-out: for each set, the lexical model is trained on the corpus without that set
(`training/*.jsonl` and every measured set but this one, thresholds chosen out of fold as in
`train`), and the engine (rules + that model) is measured on the set. The figure says how the
*model* generalises to a set written by another hand; the rules, which were tuned on these
sets' misses when each was measured, still know them, so it is an upper bound for the rules'
part. The one honest figure for rules is a set nobody has tuned on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO

from shared.policy.sections.moderation import CATEGORY_IDS, INTENT_IDS

from .domain import classify
from .eval import Item


@dataclass
class Scores:
    """Counts for one set (or several pooled): per id true/false positives and misses."""

    counts: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0, 0] for k in [*CATEGORY_IDS, *INTENT_IDS]})
    violations: int = 0
    caught: int = 0
    clean: int = 0
    flagged: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, item: Item, got_c: set[str], got_i: set[str]) -> None:
        for labels, got in ((item.categories, got_c), (item.intents, got_i)):
            for x in labels | got:
                c = self.counts[x]
                c[0] += x in labels and x in got
                c[1] += x in got and x not in labels
                c[2] += x in labels and x not in got
        if item.categories:
            self.violations += 1
            self.caught += bool(got_c)
        else:
            self.clean += 1
            self.flagged += bool(got_c)
        if got_c != item.categories or got_i != item.intents:
            self.misses.append(f"  {item.id}: want {sorted(item.categories)}/{sorted(item.intents)} "
                               f"got {sorted(got_c)}/{sorted(got_i)}: {item.text[:70]}")

    def merge(self, other: Scores) -> None:
        for k, (tp, fp, fn) in other.counts.items():
            c = self.counts[k]
            c[0], c[1], c[2] = c[0] + tp, c[1] + fp, c[2] + fn
        self.violations += other.violations
        self.caught += other.caught
        self.clean += other.clean
        self.flagged += other.flagged

    def support(self, name: str) -> int:
        tp, _, fn = self.counts[name]
        return tp + fn

    def recall(self, name: str) -> float:
        tp, _, fn = self.counts[name]
        return tp / (tp + fn) if tp + fn else 1.0

    def precision(self, name: str) -> float:
        tp, fp, _ = self.counts[name]
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def violation_recall(self) -> float:
        return self.caught / max(self.violations, 1)

    @property
    def clean_flagged(self) -> float:
        return self.flagged / max(self.clean, 1)

    def weakest(self) -> tuple[str, float]:
        present = [c for c in CATEGORY_IDS if self.support(c)]
        if not present:
            return "-", 1.0
        name = min(present, key=self.recall)
        return name, self.recall(name)


def evaluate(items: Sequence[Item], pack: object) -> Scores:
    scores = Scores()
    for item in items:
        verdict = classify(item.text, pack)
        scores.add(item, set(verdict.categories), set(verdict.intents))
    return scores


def model_without(name: str) -> str:
    """Train the lexical model on the corpus without set `name`; register it as a classifier
    and return its name (`lexical-without-<name>`)."""
    from . import train
    from .domain import register_classifier
    from .domain.lexical_model import LexicalModel

    sets = tuple(s for s in train.TRAINING_SETS if s != name)
    model = LexicalModel(arrays=train.train(train.load_corpus(sets)))
    classifier = f"lexical-without-{name}"
    register_classifier(classifier, lambda: model)
    return classifier


# Issue 18's sets, each written by another hand for the kinds the issue lists.
LOSO_SETS = (
    "blind7", "blind8", "blind9", "blind10", "blind11", "blind12", "blind13", "blind14", "blind15",
    "blind16", "blind17", "blind18", "blind19", "blind20", "blind21", "blind22", "blind23", "blind24", "blind25",
    "blind26", "blind27", "blind28", "blind29", "blind30", "blind31", "blind32", "blind33", "blind34", "blind35",
    "blind36", "blind37", "blind38",
)


def run_loso(policy: str, sets: Sequence[str], stdout: IO[str], *, model_only: bool = False) -> dict[str, Scores]:
    """Each set measured with a model that never saw it, one row a set, then every set pooled.
    `model_only`: the model alone, without the rules (which were tuned on these sets' misses),
    so the figure says what the model learnt that carries over to another writer's text."""
    from shared.policy import load_pack

    from .eval import SETS, load

    base = load_pack(policy).moderation
    results: dict[str, Scores] = {}
    w = stdout.write
    for name in sets:
        classifiers = [model_without(name)] if model_only else ["rules", model_without(name)]
        pack = base.model_copy(update={"classifiers": classifiers})
        results[name] = evaluate(load(SETS[name]), pack)
    pooled = Scores()
    for s in results.values():
        pooled.merge(s)
    w(f"leave one set out (policy {policy}{', model alone' if model_only else ', rules + model'}): "
      "the model of each row was trained without that set\n\n")
    w(f"{'set':<10}{'items':>6}{'viol.rec':>9}{'clean fl':>9}{'threat':>8}{'incite':>8}{'question':>9}"
      f"{'compl.P':>8}  weakest\n")
    for name, s in [*results.items(), ("pooled", pooled)]:
        weakest, r = s.weakest()
        w(f"{name:<10}{s.violations + s.clean:>6}{s.violation_recall:>9.3f}{s.clean_flagged:>9.1%}"
          f"{s.recall('threat'):>8.2f}"
          f"{s.recall('incitement_crime'):>8.2f}{s.recall('question'):>9.2f}{s.precision('complaint'):>8.2f}"
          f"  {weakest} {r:.2f}\n")
    w("\npooled per id:\n")
    w(f"{'id':<26}{'support':>8}{'precision':>11}{'recall':>9}\n")
    for name in [*CATEGORY_IDS, *INTENT_IDS]:
        w(f"{name:<26}{pooled.support(name):>8}{pooled.precision(name):>11.3f}{pooled.recall(name):>9.3f}\n")
    return results
