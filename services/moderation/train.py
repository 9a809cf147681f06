"""Training the lexical model from the labelled Swedish corpus (needs scikit-learn).

    python -m services.moderation train            # writes domain/lexical_model.npz
    python -m services.moderation train --check    # exit 1 if the model is older than the corpus

The corpus is every `training/*.jsonl` file plus the evaluation sets already measured
(`TRAINING_SETS`); a blind set joins only after its one measurement, so the figures in the
README stay honest. One logistic regression per category and intent, and one for
"breaks some rule" (the gate). Each label's threshold is chosen on out-of-fold predictions
(five folds), so it reflects text the model had not seen: F1 for the labels, and for the
gate the lowest threshold that lets at most `CLEAN_FLAGGED` of clean texts through.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from shared.policy.sections.moderation import CATEGORY_IDS, INTENT_IDS

from .domain.hits import CATEGORY, INTENT
from .domain.lexical_model import MODEL_FILE, feature_strings
from .eval import SETS, Item, load

TRAINING_DIR = Path(__file__).with_name("training")
TRAINING_SETS = (
    "labelled", "holdout", "blind2", "blind3", "blind4", "blind5", "blind7", "blind8", "blind9", "blind10",
    "blind11", "blind13", "blind14", "blind15", "blind16", "blind17", "blind18", "blind19", "blind20",
    "blind21", "blind22", "blind23", "blind24", "blind25", "blind26", "blind27", "blind28", "blind29",
    "blind30", "blind31", "blind32", "blind33", "blind34", "blind35", "blind36", "blind37", "blind38",
)
GATE = "gate"  # one more label: "this text breaks some rule", whichever
# Intents the rules alone give: a report is told by who wrote what and a request to act,
# which the rules read and a bag of words cannot (it would learn "threat" instead).
RULES_ONLY_INTENTS = ("reports_content",)
LABELS: tuple[tuple[str, str], ...] = (*((CATEGORY, c) for c in CATEGORY_IDS),
                                       *((INTENT, i) for i in INTENT_IDS if i not in RULES_ONLY_INTENTS),
                                       (GATE, "violation"))
MIN_DOCUMENTS = 2     # a feature seen in one text only is noise
C = 4.0               # inverse regularisation strength
FOLDS = 5
BETA = 1.0            # thresholds maximise F1 (F2 gave more recall per label but more wrong extra labels)
# Complaints weigh precision higher (F0.5): the corpus calls much anger a complaint, and a
# complaint is registered and routed to a unit, so a wrong one costs staff work (issue 18:
# 63 of 110 "complaints" on an unseen set were none).
BETA_BY_LABEL = {"complaint": 0.5}
# The gate lets through at most this share of clean texts (out of fold): the goal is 2 %.
# Measured (issue 18, corpus_k in): 3 % lowers the gate from 0.80 to 0.52 and, left one set out
# (`loso`, blind7–12), takes the engine from 0.975 to 0.987 violation recall for 2.9 → 3.3 %
# clean flagged; but on blind6, never trained or tuned on, it gains one violation for three
# clean items flagged (0.940 / 3.1 % → 0.955 / 5.5 %, over the 5 % bar), so 2 % stays.
CLEAN_FLAGGED = 0.02
PRUNE = 1e-3          # weights smaller than this are dropped from the shipped file


def corpus_files(sets: Sequence[str] = TRAINING_SETS) -> list[Path]:
    return sorted(TRAINING_DIR.glob("*.jsonl")) + [SETS[name] for name in sets]


def load_corpus(sets: Sequence[str] = TRAINING_SETS) -> list[Item]:
    return [item for path in corpus_files(sets) for item in load(path)]


def corpus_sha256(sets: Sequence[str] = TRAINING_SETS) -> str:
    digest = hashlib.sha256()
    for path in corpus_files(sets):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _targets(items: Sequence[Item]) -> np.ndarray:
    y = np.zeros((len(items), len(LABELS)), dtype=np.int8)
    for row, item in enumerate(items):
        for column, (kind, label) in enumerate(LABELS):
            if kind == GATE:
                y[row, column] = bool(item.categories)
            else:
                y[row, column] = label in (item.categories if kind == CATEGORY else item.intents)
    return y


def _matrix(docs: list[list[str]], vocabulary: dict[str, int]):  # a scipy sparse matrix
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for row, doc in enumerate(docs):
        for column in {vocabulary[f] for f in doc if f in vocabulary}:
            rows.append(row)
            cols.append(column)
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(vocabulary)))


def _vocabulary(docs: list[list[str]]) -> dict[str, int]:
    df = Counter(f for doc in docs for f in set(doc))
    return {f: i for i, f in enumerate(sorted(f for f, n in df.items() if n >= MIN_DOCUMENTS))}


def _fit(x, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((x.shape[1], y.shape[1]))
    bias = np.zeros(y.shape[1])
    for column in range(y.shape[1]):
        if y[:, column].sum() == 0:
            bias[column] = -20.0
            continue
        model = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=0)
        model.fit(x, y[:, column])
        weights[:, column], bias[column] = model.coef_[0], model.intercept_[0]
    return weights, bias


def _best_threshold(probabilities: np.ndarray, truth: np.ndarray, beta: float = BETA) -> float:
    best, best_score = 0.5, -1.0
    for threshold in np.arange(0.2, 0.95, 0.025):
        predicted = probabilities >= threshold
        tp = int((predicted & (truth == 1)).sum())
        fp = int((predicted & (truth == 0)).sum())
        fn = int((~predicted & (truth == 1)).sum())
        denominator = (1 + beta**2) * tp + beta**2 * fn + fp
        score = (1 + beta**2) * tp / denominator if denominator else 0.0
        if score > best_score:
            best, best_score = float(threshold), score
    return best


def _gate_threshold(probabilities: np.ndarray, thresholds: np.ndarray, y: np.ndarray) -> float:
    """The lowest gate that flags at most `CLEAN_FLAGGED` of the clean texts."""
    categories = [c for c, (kind, _) in enumerate(LABELS) if kind == CATEGORY]
    any_category = (probabilities[:, categories] >= thresholds[categories]).any(axis=1)
    clean = y[:, -1] == 0
    for threshold in np.arange(0.05, 0.99, 0.01):
        flagged = (any_category & (probabilities[:, -1] >= threshold))[clean].mean()
        if flagged <= CLEAN_FLAGGED:
            return float(threshold)
    return 0.99


def train(items: Sequence[Item], *, folds: int = FOLDS) -> dict[str, np.ndarray]:
    """Weights, bias, vocabulary and per-label thresholds for `items` (deterministic)."""
    docs = [feature_strings(item.text) for item in items]
    y = _targets(items)
    out_of_fold = np.zeros(y.shape)
    order = np.arange(len(items))
    for fold in range(folds):
        test = order % folds == fold
        seen = [d for d, t in zip(docs, test, strict=True) if not t]
        held_out = [d for d, t in zip(docs, test, strict=True) if t]
        vocabulary = _vocabulary(seen)
        weights, bias = _fit(_matrix(seen, vocabulary), y[~test])
        logits = _matrix(held_out, vocabulary) @ weights + bias
        out_of_fold[test] = 1 / (1 + np.exp(-logits))
    thresholds = np.array([_best_threshold(out_of_fold[:, c], y[:, c], BETA_BY_LABEL.get(LABELS[c][1], BETA))
                           for c in range(y.shape[1])])
    thresholds[-1] = _gate_threshold(out_of_fold, thresholds, y)
    vocabulary = _vocabulary(docs)
    weights, bias = _fit(_matrix(docs, vocabulary), y)
    keep = np.flatnonzero(np.abs(weights).max(axis=1) >= PRUNE)
    names = sorted(vocabulary, key=vocabulary.__getitem__)
    return {
        "weights": weights[keep].astype(np.float32),
        "bias": bias.astype(np.float32),
        "vocabulary": np.array([names[i] for i in keep]),
        "label_kinds": np.array([kind for kind, _ in LABELS]),
        "label_ids": np.array([label for _, label in LABELS]),
        "thresholds": thresholds,
    }


def write_model(path: Path = MODEL_FILE) -> dict[str, np.ndarray]:
    model = train(load_corpus())
    model["corpus_sha256"] = np.array(corpus_sha256())
    np.savez_compressed(path, **model)  # type: ignore[arg-type]  # numpy's stub matches **kwds to allow_pickle
    return model


def model_is_current(path: Path = MODEL_FILE) -> bool:
    if not path.exists():
        return False
    with np.load(path, allow_pickle=False) as data:
        return str(data["corpus_sha256"]) == corpus_sha256()
