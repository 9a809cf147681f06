"""Whatever staff click, in whatever order and role, the account only ever moves along
the lifecycle's edges, every move is in the history, and a refusal changes nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.registry.domain import lifecycle
from services.registry.domain.lifecycle import Refused
from shared.contracts.commands import Role
from shared.contracts.registry import AccountState as S

from .support import T0, actor, complete_responsibilities, policy, proposed

EDGES = {
    (S.proposed, S.assessed), (S.assessed, S.assessed), (S.assessed, S.approved), (S.proposed, S.rejected),
    (S.assessed, S.rejected), (S.approved, S.active), (S.active, S.under_review), (S.under_review, S.active),
    (S.under_review, S.closing), (S.active, S.closing), (S.closing, S.closed),
}
ROLES = [Role.head_of_communications, Role.communicator, Role.head_of_unit, Role.board_delegate]


def step(name: str, met: bool, outcome: str):
    def run(account, p, who):
        match name:
            case "assess":
                rule = p.decisions[account.tier]
                lifecycle.assess(actor=who, policy=p, account=account,
                                 answers={c.id: (met, "") for c in rule.criteria}, reason="", now=T0)
            case "approve":
                lifecycle.approve(actor=who, policy=p, account=account, reason="Ok", consulted="x", now=T0)
            case "reject":
                lifecycle.reject(actor=who, policy=p, account=account, reason="Nej", now=T0)
            case "activate":
                lifecycle.activate(actor=who, policy=p, account=account, confirmations={}, reason="", now=T0)
            case "start_review":
                lifecycle.start_review(actor=who, policy=p, account=account, reason="", now=T0)
            case "record_review":
                lifecycle.record_review(actor=who, policy=p, account=account, outcome=outcome, reason="Skäl",
                                        changes="Mer video", close_reasons=[], now=T0)
            case "decide_close":
                lifecycle.start_closing(actor=who, policy=p, account=account, reason="Skäl", now=T0)
            case "close":
                lifecycle.close(actor=who, policy=p, account=account, reason="", now=T0)
            case "drop_admins":
                lifecycle.update(actor=who, policy=p, account=account,
                                 changes={"responsibilities": {"administrators": []}}, reason="", now=T0)
    return run


steps = st.lists(st.tuples(
    st.sampled_from(["assess", "approve", "reject", "activate", "start_review", "record_review", "decide_close",
                     "close", "drop_admins"]),
    st.booleans(), st.sampled_from(["continue", "change", "close"]),
    st.lists(st.sampled_from(ROLES), max_size=3)), max_size=25)


@settings(max_examples=100, deadline=None)
@given(steps)
def test_only_lifecycle_edges_are_ever_taken(sequence) -> None:
    p = policy("lidkoping")
    account = proposed("lidkoping")
    complete_responsibilities(account)
    for name, met, outcome, roles in sequence:
        before = account.model_dump()
        try:
            step(name, met, outcome)(account, p, actor("lidkoping", *roles))
        except Refused as refused:
            assert refused.message  # a reason staff can read
            assert account.model_dump() == before
            continue
        entry = account.history[-1]
        assert entry.sequence == len(account.history) == len(before["history"]) + 1
        assert entry.to_state is account.state
        if entry.verb != "updated":
            assert (entry.from_state, entry.to_state) in EDGES
            assert entry.actor.role in {str(r) for r in roles}
        if account.state is S.active and entry.verb == "activated":
            assert len(account.responsibilities.administrators) >= 2  # never live with a missing role
