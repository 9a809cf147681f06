"""What every classifier gives and everything downstream reads: a `Hit` (a category,
intent or signal, the rule that fired and its spans) and the `Classifier` interface.
The rules engine, the lexical model and the verdict all import it from here, so neither
classifier imports the other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

CATEGORY = "category"
INTENT = "intent"
SIGNAL = "signal"  # not a policy id: e.g. praise, used for routing feedback
MODEL_RULE_PREFIX = "model."  # rule ids of a trained model's hits (`model.threat`)

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str            # category | intent | signal
    id: str              # category or intent id, e.g. `threat`, `question`
    rule_id: str         # e.g. `threat.first_person_violence`
    spans: tuple[Span, ...]
    detail: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@runtime_checkable
class Classifier(Protocol):
    """What every classifier offers. `detect` must be pure and thread-safe."""

    name: str

    def detect(self, text: str) -> list[Hit]: ...
