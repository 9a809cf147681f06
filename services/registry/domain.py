"""Pure registry rules."""

from __future__ import annotations

import json
from pathlib import Path

from shared.contracts import AccountFacts

DEMO_ACCOUNTS = Path(__file__).with_name("demo_accounts.json")


def load_demo_accounts(path: Path = DEMO_ACCOUNTS) -> list[AccountFacts]:
    return [AccountFacts.model_validate(a) for a in json.loads(path.read_text(encoding="utf-8"))]
