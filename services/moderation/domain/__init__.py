"""Pure moderation rules: normalising Swedish, detecting, assessing under a pack,
working-time clocks, the review queue and who may decide what. No I/O here."""

from dataclasses import replace

from .engine import RulesClassifier, detect_all, get_classifier, pack_lexicon, register_classifier, settle
from .hits import Classifier, Hit
from .known_words import drop_known_words
from .normalize import canonical
from .verdict import Verdict, assess

__all__ = ["Classifier", "Hit", "RulesClassifier", "Verdict", "assess", "classify", "detect_all", "get_classifier",
           "register_classifier"]


def classify(text: str, policy) -> Verdict:  # policy: a ModerationPolicy
    """Detect with the pack's classifiers (and its own words), and assess under its rules.
    Every step reads the canonical text (no zero-width or full-width disguise); the spans
    are mapped back to the text as written, which is what staff see."""
    canon = canonical(text)
    hits = _detect(canon.text, policy)
    if canon.starts is not None:
        hits = [replace(h, spans=tuple(canon.span(*s) for s in h.spans)) for h in hits]
    return assess(hits, policy)


def _detect(text: str, policy) -> list[Hit]:
    hits = settle(text, drop_known_words(text, detect_all(text, tuple(policy.classifiers))))
    if policy.extra_terms or policy.harmless:
        hits = pack_lexicon(policy).apply(text, hits)
    return hits
