"""The rules' literal pre-check skips only rules that could not have matched."""

import re

from services.moderation import train
from services.moderation.domain.anchors import PreCheck, anchors
from services.moderation.domain.engine import RulesClassifier


def test_anchors_are_the_literals_every_match_holds() -> None:
    assert anchors(re.compile(r"(?<!\w)(?:idiot\w*|j[äa]vla)(?!\w)")) == {"idiot", "jävla", "javla"}
    assert anchors(re.compile(r"id(?:j|ij|ji)ot")) == {"idjot", "idijot", "idjiot"}
    # an optional part is no anchor; a required part after it is
    assert anchors(re.compile(r"(?:mycket )?dumma? idiot")) == {" idiot"}
    # an alternative without a long enough literal leaves the pattern without anchors
    assert anchors(re.compile(r"(?:idiot|\w+ä)")) is None
    assert anchors(re.compile(r"🔞")) == {"🔞"}


def test_the_pre_check_names_every_pattern_that_matches() -> None:
    patterns = [re.compile(p) for p in (r"idiot\w*", r"(?:brinna|brann) ner", r"\d{6}", r"fy fan")]
    check = PreCheck(patterns)
    assert check.always == {2}
    for text in ("din idiotiska chef", "huset brann ner i natt", "ring 070123", "fy fan vad kallt", "inget här"):
        assert {i for i, p in enumerate(patterns) if p.search(text)} <= check.candidates(text), text
    assert check.candidates("inget här") == {2}


def test_the_rules_with_the_pre_check_find_what_they_find_without_it_on_every_labelled_text() -> None:
    rules = RulesClassifier()
    unchecked = RulesClassifier(pre_check=False)
    texts = [item.text for item in train.load_corpus()]
    assert len(texts) > 5000
    differ = [t for t in texts if rules.detect(t) != unchecked.detect(t)]
    assert not differ, differ[:3]
    skipped = sum(len(rules.rules) - len(rules.possible_rules(t)) for t in texts)
    assert skipped > len(texts) * len(rules.rules) // 2  # the pre-check does skip most scans
