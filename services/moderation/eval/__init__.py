"""The Swedish evaluation sets (`labelled.txt`, `holdout.txt`, blind `*.jsonl`) and their loader."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from shared.policy.sections.moderation import CATEGORY_IDS, INTENT_IDS

EVAL_FILE = Path(__file__).with_name("labelled.txt")
HOLDOUT_FILE = Path(__file__).with_name("holdout.txt")
# Blind sets are JSON lines ({"id", "text", "categories": [...], "intents": [...]}), written
# without looking at the engine and measured once before any tuning (see README).
SETS = {"labelled": EVAL_FILE, "holdout": HOLDOUT_FILE,
        **{f"blind{n}": Path(__file__).with_name(f"blind{n}.jsonl") for n in range(2, 41)}}


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    categories: frozenset[str]
    intents: frozenset[str]


def _ids(field: str, allowed: tuple[str, ...], where: str) -> frozenset[str]:
    ids = frozenset(x.strip() for x in field.split(",") if x.strip() and x.strip() != "-")
    unknown = ids - set(allowed)
    if unknown:
        raise ValueError(f"{where}: unknown id(s) {sorted(unknown)}")
    return ids


def _load_jsonl(path: Path) -> list[Item]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        where = f"{path}:{number}"
        items.append(Item(str(row["id"]), row["text"].strip(),
                          _ids(",".join(row.get("categories", [])), CATEGORY_IDS, where),
                          _ids(",".join(row.get("intents", [])), INTENT_IDS, where)))
    return items


def load(path: Path = EVAL_FILE) -> list[Item]:
    if path.suffix == ".jsonl":
        return _load_jsonl(path)
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cats, intents, text = line.split("|", 2)
        where = f"{path}:{number}"
        items.append(Item(f"e{number}", text.strip(), _ids(cats, CATEGORY_IDS, where),
                          _ids(intents, INTENT_IDS, where)))
    return items
