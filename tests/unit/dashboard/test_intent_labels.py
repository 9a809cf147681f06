"""Staff see every intent moderation gives in Swedish, never its identifier."""

from services.dashboard.domain.labels import INTENT_LABELS
from shared.policy.sections.moderation import INTENT_IDS


def test_every_moderation_intent_has_a_swedish_label() -> None:
    assert set(INTENT_IDS) <= set(INTENT_LABELS)
    for intent in INTENT_IDS:
        label = INTENT_LABELS[intent]
        assert label and "_" not in label and label != intent
