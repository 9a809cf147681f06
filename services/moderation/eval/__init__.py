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
        "blind2": Path(__file__).with_name("blind2.jsonl"),
        "blind3": Path(__file__).with_name("blind3.jsonl"),
        "blind4": Path(__file__).with_name("blind4.jsonl"),
        "blind5": Path(__file__).with_name("blind5.jsonl"),
        "blind6": Path(__file__).with_name("blind6.jsonl"),
        "blind7": Path(__file__).with_name("blind7.jsonl"),
        "blind8": Path(__file__).with_name("blind8.jsonl"),
        "blind9": Path(__file__).with_name("blind9.jsonl"),
        "blind10": Path(__file__).with_name("blind10.jsonl"),
        "blind11": Path(__file__).with_name("blind11.jsonl"),
        "blind12": Path(__file__).with_name("blind12.jsonl"),
        "blind13": Path(__file__).with_name("blind13.jsonl"),
        "blind14": Path(__file__).with_name("blind14.jsonl"),
        "blind15": Path(__file__).with_name("blind15.jsonl"),
        "blind16": Path(__file__).with_name("blind16.jsonl"),
        "blind17": Path(__file__).with_name("blind17.jsonl"),
        "blind18": Path(__file__).with_name("blind18.jsonl"),
        "blind19": Path(__file__).with_name("blind19.jsonl"),
        "blind20": Path(__file__).with_name("blind20.jsonl"),
        "blind21": Path(__file__).with_name("blind21.jsonl"),
        "blind22": Path(__file__).with_name("blind22.jsonl"),
        "blind23": Path(__file__).with_name("blind23.jsonl"),
        "blind24": Path(__file__).with_name("blind24.jsonl"),
        "blind25": Path(__file__).with_name("blind25.jsonl"),
        "blind26": Path(__file__).with_name("blind26.jsonl"),
        "blind27": Path(__file__).with_name("blind27.jsonl"),
        "blind28": Path(__file__).with_name("blind28.jsonl"),
        "blind29": Path(__file__).with_name("blind29.jsonl"),
        "blind30": Path(__file__).with_name("blind30.jsonl"),
        "blind31": Path(__file__).with_name("blind31.jsonl"),
        "blind32": Path(__file__).with_name("blind32.jsonl"),
        "blind33": Path(__file__).with_name("blind33.jsonl"),
        "blind34": Path(__file__).with_name("blind34.jsonl"),
        "blind35": Path(__file__).with_name("blind35.jsonl"),
        "blind36": Path(__file__).with_name("blind36.jsonl")}


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
