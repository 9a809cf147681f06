"""The account page's responsibility forms and the archive's protocol page: what they
render, and the commands they turn into (registry's `assign`/`update`, archive's
`request_registration`/`snapshot`)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import MultiDict

from services.dashboard.app.commands import ACTIONS, PEOPLE_ROWS, Form
from services.dashboard.domain.permissions import Permission, allowed
from services.dashboard.pages.registry import may_take
from services.dashboard.web import make_templates
from shared.contracts.commands import Role
from shared.contracts.registry import AccountTier, Rules


def form(**fields: Any) -> Form:
    data = MultiDict([(key, v) for key, value in fields.items()
                      for v in (value if isinstance(value, list) else [value])])
    return Form(lambda n: (data.get(n) or "").strip(), lambda n: [v.strip() for v in data.getlist(n) if v.strip()])


def test_people_form_becomes_a_patch_that_lists_people_and_clears_emptied_roles() -> None:
    payload = ACTIONS["registry.assign"].build(form(
        account_id="knivsta-fritid", part="people", manager_name="Vera Verksamhetschef", manager_function="Chef",
        editor_name="", admin0_name="Adam Admin", admin0_email="adam@knivsta.se", admin1_name="",
        admin2_name="Bea Admin", admin2_user_id="u-2", sub0_name="Sara Ersättare"), "")
    patch = payload["responsibilities"]
    assert payload["account_id"] == "knivsta-fritid"
    assert patch["manager"] == {"name": "Vera Verksamhetschef", "function": "Chef"}
    assert patch["responsible_editor"] is None  # emptied: registry clears it
    assert patch["administrators"] == [{"name": "Adam Admin", "email": "adam@knivsta.se"},
                                       {"name": "Bea Admin", "user_id": "u-2"}]
    assert patch["substitutes"] == [{"name": "Sara Ersättare"}]
    assert "board" not in patch and "credentials_location" not in patch  # the other form's part is kept


def test_organisation_form_sends_where_credentials_are_kept_never_credentials() -> None:
    payload = ACTIONS["registry.assign"].build(form(
        account_id="a1", part="organisation", board="Kommunstyrelsen", unit="Fritid", responsible_function="",
        sender_identity_confirmed="true", credentials_location="Kommunikationsavdelningens kassaskåp",
        credentials_reported_at="2026-03-29", credentials_reported_to="Kommunikationschefen"), "Nytt konto")
    patch = payload["responsibilities"]
    assert patch["board"] == "Kommunstyrelsen" and patch["unit"] == "Fritid"
    assert patch["responsible_function"] is None and patch["sender_identity_confirmed"] is True
    assert patch["website_link"] is False
    assert patch["credentials_reported_at"].startswith("2026-03-29T00:00:00+01:00")  # Swedish day, CET
    assert set(patch) >= {"credentials_location", "credentials_reported_to"} and "manager" not in patch
    assert not any("password" in k or "losenord" in k for k in patch)
    assert payload["reason"] == "Nytt konto"


def test_update_form_leaves_empty_name_and_address_unchanged() -> None:
    payload = ACTIONS["registry.update"].build(form(account_id="a1", name="", url="https://instagram.com/knivsta",
                                                    purpose="Nå unga", target_group=""), "")
    assert payload == {"account_id": "a1", "reason": "", "url": "https://instagram.com/knivsta", "purpose": "Nå unga",
                       "target_group": "", "crisis_channel": False}


def test_who_may_use_the_new_actions() -> None:
    for key in ("registry.assign", "registry.update"):
        assert ACTIONS[key].permission is Permission.registry_manage and not ACTIONS[key].reason_required
    # Nybro's head of administration and Eskilstuna's board delegate decide on accounts.
    assert allowed({Role.head_of_administration}, Permission.registry_manage)
    assert allowed({Role.board_delegate}, Permission.registry_manage)
    assert not allowed({Role.communicator}, Permission.registry_manage)
    assert ACTIONS["archive.request_registration"].permission is Permission.archive_disclose
    assert allowed({Role.communicator}, Permission.archive_snapshot)
    assert not allowed({Role.registrar}, Permission.archive_snapshot)
    assert ACTIONS["archive.snapshot"].build(form(account_id="178414"), "Före ny profil") == {
        "account_id": "178414", "reason": "Före ny profil"}
    assert ACTIONS["archive.request_registration"].build(form(record_id="r1", board=""), "") == {
        "record_id": "r1", "reason": ""}


ACCOUNT = {
    "id": "knivsta-fritid", "account_id": "knivsta-fritid", "name": "Fritid <b>", "tier": "local", "state": "approved",
    "platform": "instagram", "platform_account_id": "1784", "actions": ["activate", "update", "assign"],
    "responsibilities": {"administrators": [{"name": "Adam <script>", "user_id": "u1"}],
                         "credentials_location": "Skåpet",
                         "credentials_reported_at": "2026-03-01T10:00:00+00:00", "sender_identity_confirmed": False},
    "gaps": [{"code": "no_board", "message": "Nämnd saknas.", "severity": "gap"}],
}


def render(name: str, **values: Any) -> str:
    base = {"user": None, "csrf": "tok", "nav": [], "path": "/register/x", "flash": None,
            "can": lambda p: True, "municipality": "knivsta"}
    return make_templates().get_template(name).render(**base, **values)


def test_account_page_renders_labelled_forms_with_current_values_escaped() -> None:
    html = render("account.html", a=ACCOUNT, account_id="knivsta-fritid", labels={"activate": "Aktivera"},
                  people_rows=PEOPLE_ROWS, steps=None,
                  rules={"requirements": {"local": {"board": True, "min_administrators": 2, "manager": True}}})
    assert html.count('action="/atgard/registry/assign"') == 2 and 'action="/atgard/registry/update"' in html
    assert html.count('name="csrf" value="tok"') >= 4
    assert 'name="admin0_name" maxlength="200" autocomplete="off" value="Adam &lt;script&gt;"' in html
    assert 'name="admin0_user_id" value="u1"' in html and "<script>" not in html
    assert 'value="2026-03-01"' in html  # reported date shown in Swedish time
    assert "Administratör 2 <span class=\"muted\">(krävs före aktivering)" in html
    assert 'name="url"' in html and "Kontots officiella adress" in html  # activation asks for the address
    assert 'action="/atgard/archive/snapshot"' not in html  # not live yet
    for i in range(PEOPLE_ROWS):
        assert f'for="admin{i}-name"' in html and f'id="admin{i}-name"' in html
    live = render("account.html", a={**ACCOUNT, "state": "active"}, account_id="x", labels={}, people_rows=1, rules={},
                  steps={"start_review"})
    assert 'action="/atgard/registry/assign"' not in live  # not one of the pack's managers
    assert 'action="/atgard/archive/snapshot"' in live and 'name="account_id" value="1784"' in live


def test_culling_protocol_page_lists_entries_and_decisions() -> None:
    run = {"id": "run-1", "status": "completed", "by": {"name": "Rut Registrator"}, "held_skipped": 2,
           "started_at": "2026-01-15T10:00:00Z", "finished_at": "2026-01-15T10:00:05Z",
           "decisions": {"ks-2020-1": {"title": "Gallringsbeslut för sociala medier", "reference": "KS 2020/1"}}}
    entries = [{"record_id": "rec-<1>", "rule_id": "skrap", "decision": "ks-2020-1", "content_sha256": "ab" * 32,
                "sort_at": "2025-01-01T00:00:00Z", "platform": "facebook", "account_id": "100", "direction": "inkommen",
                "kind": "comment"}]
    html = render("culling_run.html", run=run, run_id="run-1", preview=False, error=None, entries=entries, total=1,
                  page=1, more=False, first=0, decisions=run["decisions"])
    assert "<h1>Gallringsprotokoll</h1>" in html and "Rut Registrator" in html
    assert "Gallringsbeslut för sociala medier</strong> (KS 2020/1)" in html and "rec-&lt;1&gt;" in html
    assert "<th scope=\"col\">Regel</th>" in html and "ab" * 32 in html
    missing = render("culling_run.html", run=None, run_id="x", preview=False, error="Gallringskörningen finns inte.",
                     entries=[], total=0, page=1, more=False, first=0, decisions={})
    assert "Gallringskörningen finns inte." in missing and "<table" not in missing


def test_forms_shown_follow_the_packs_decision_rules() -> None:
    knivsta = Rules.model_validate({
        "municipality": "knivsta", "municipality_name": "Knivsta kommun",
        "decisions": {"local": {"approver_roles": ["head_of_unit"], "decided_by": "Verksamhetschefen"},
                      "municipality_wide": {"approver_roles": ["head_of_administration"],
                                            "decided_by": "Kommundirektören"}},
        "manager_roles": ["head_of_unit", "head_of_communications"],
        "reviewer_roles": ["communications_strategist"], "close_roles": ["head_of_communications"]})
    local = AccountTier.local
    assert may_take(knivsta, local, {"head_of_unit"}) >= {"approve", "reject", "assign", "activate", "close"}
    head_of_comms = may_take(knivsta, local, {"head_of_communications", "crisis_team"})
    assert "approve" not in head_of_comms and {"assess", "assign", "activate", "decide_close"} <= head_of_comms
    assert may_take(knivsta, local, {"communicator", "administrator"}) == set()
    assert may_take(None, local, {"communicator"}) is None  # rules unknown: registry decides


def test_an_account_with_many_administrators_keeps_them_all() -> None:
    many = [{"name": f"Admin {i}"} for i in range(7)]
    html = render("account.html", a={**ACCOUNT, "responsibilities": {"administrators": many}}, account_id="x",
                  labels={}, people_rows=PEOPLE_ROWS, rules={}, steps=None)
    assert 'value="Admin 6"' in html and 'id="admin7-name"' in html  # every one shown, plus a free row
    fields = {f"admin{i}_name": f"Admin {i}" for i in range(7)}
    patch = ACTIONS["registry.assign"].build(form(account_id="x", part="people", **fields), "")["responsibilities"]
    assert [p["name"] for p in patch["administrators"]] == [f"Admin {i}" for i in range(7)]
