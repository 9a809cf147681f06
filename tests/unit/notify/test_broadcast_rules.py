from datetime import UTC, datetime, timedelta

import pytest

from services.notify.domain.broadcasts import (
    Channel,
    Refused,
    check_approval,
    check_parent,
    next_attempt,
    plan_deliveries,
    require_role,
)
from shared.contracts import Actor
from shared.contracts.notify import Broadcast, BroadcastKind

from .factories import broadcast

KIM = Actor(user_id="kim", name="Kim", municipality="knivsta", roles=["crisis_team"])
SAM = Actor(user_id="sam", name="Sam", municipality="knivsta", roles=["crisis_team"])


def draft(**overrides) -> Broadcast:
    return broadcast(**{
        "state": "draft",
        "drafted_by": {"user_id": "kim", "name": "Kim"},
        "editors": [],
        "revision": 1,
        "checks": {"errors": [], "warnings": []},
    } | overrides)


def test_only_the_crisis_role_of_the_same_municipality() -> None:
    require_role(KIM, "crisis_team", "knivsta")
    with pytest.raises(Refused, match="krisledningen"):
        require_role(
            Actor(user_id="e", name="E", municipality="knivsta", roles=["communicator"]), "crisis_team", "knivsta"
        )
    with pytest.raises(Refused):
        require_role(KIM, "crisis_team", "pitea")


def test_nobody_approves_what_they_wrote_or_changed() -> None:
    with pytest.raises(Refused, match="själv"):
        check_approval(actor=KIM, broadcast=draft(), revision=None, accept_warnings=False)
    with pytest.raises(Refused, match="själv"):
        check_approval(
            actor=SAM,
            broadcast=draft(editors=[{"user_id": "sam", "name": "Sam"}]),
            revision=None,
            accept_warnings=False,
        )
    check_approval(actor=SAM, broadcast=draft(), revision=1, accept_warnings=False)


def test_approval_needs_the_revision_read_no_errors_and_warnings_accepted() -> None:
    with pytest.raises(Refused, match="ändrats"):
        check_approval(actor=SAM, broadcast=draft(revision=2), revision=1, accept_warnings=False)
    with pytest.raises(Refused, match="fel"):
        check_approval(
            actor=SAM,
            broadcast=draft(checks={"errors": ["Bilden saknar alternativtext."], "warnings": []}),
            revision=None,
            accept_warnings=True,
        )
    warned = draft(checks={"errors": [], "warnings": ["LIX 55"]})
    with pytest.raises(Refused, match="varningar"):
        check_approval(actor=SAM, broadcast=warned, revision=None, accept_warnings=False)
    check_approval(actor=SAM, broadcast=warned, revision=None, accept_warnings=True)
    with pytest.raises(Refused):
        check_approval(actor=SAM, broadcast=draft(state="cancelled"), revision=None, accept_warnings=True)


def test_updates_and_all_clear_need_an_approved_open_original() -> None:
    check_parent(kind=BroadcastKind.alert, parent=None)
    with pytest.raises(Refused):
        check_parent(kind=BroadcastKind.update, parent=None)
    with pytest.raises(Refused):
        check_parent(kind=BroadcastKind.update, parent=broadcast(state="draft"))
    with pytest.raises(Refused, match="Faran"):
        check_parent(kind=BroadcastKind.all_clear, parent=broadcast(state="approved", closed=True))
    check_parent(kind=BroadcastKind.all_clear, parent=broadcast(state="approved"))


def test_plan_covers_website_cms_and_active_crisis_accounts_threading_where_possible() -> None:
    accounts = [Channel(**a) for a in [
        {
            "account_id": "fb",
            "platform": "facebook",
            "platform_account_id": "1",
            "state": "active",
            "crisis_channel": True,
        },
        {
            "account_id": "ig",
            "platform": "instagram",
            "platform_account_id": "2",
            "state": "active",
            "crisis_channel": True,
        },
        {
            "account_id": "lib",
            "platform": "facebook",
            "platform_account_id": "3",
            "state": "active",
            "crisis_channel": False,
        },
        {"account_id": "old", "platform": "x", "platform_account_id": "4", "state": "closed", "crisis_channel": True},
    ]]
    parent = {"account:fb": "1_99", "account:ig": "ig-77"}
    planned = plan_deliveries(broadcast_id="b2", accounts=accounts, website=True, cms=True, parent_posts=parent)
    by = {p.channel: p for p in planned}
    assert set(by) == {"website", "cms", "account:fb", "account:ig"}
    assert by["account:fb"].reply_to == "1_99"
    assert by["account:ig"].reply_to is None  # Instagram cannot thread a post under a post
    again = plan_deliveries(broadcast_id="b2", accounts=accounts, website=True, cms=True, parent_posts=parent)
    assert [p.delivery_id for p in again] == [p.delivery_id for p in planned]


def test_backoff_grows_then_repeats_its_last_step() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    backoff = [1.0, 5.0, 30.0]
    assert next_attempt(attempt=1, backoff=backoff, now=now) == now + timedelta(seconds=1)
    assert next_attempt(attempt=2, backoff=backoff, now=now) == now + timedelta(seconds=5)
    assert next_attempt(attempt=9, backoff=backoff, now=now) == now + timedelta(seconds=30)
