"""Pure rules of the staff UI: permissions, Swedish time, highlighting, safe links."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from services.dashboard.domain import labels, permissions
from services.dashboard.app.commands import ACTIONS
from services.dashboard.domain.permissions import Permission
from services.dashboard.adapters.gateway import Answer
from shared.contracts.archive import MaskedSpan
from shared.contracts.commands import Role


def test_every_permission_has_roles_and_every_role_some_permission() -> None:
    assert set(permissions.PERMISSIONS) == set(Permission)
    granted = set().union(*permissions.PERMISSIONS.values())
    assert granted == set(Role)


def test_communicator_moderates_but_cannot_disclose_or_approve() -> None:
    roles = {Role.communicator}
    assert permissions.allowed(roles, Permission.moderate_decide)
    assert not permissions.allowed(roles, Permission.archive_disclose)
    assert not permissions.allowed(roles, Permission.crisis_approve)
    assert not permissions.allowed(roles, Permission.users_manage)


def test_registrar_discloses_but_does_not_moderate() -> None:
    assert permissions.allowed({Role.registrar}, Permission.archive_disclose)
    assert not permissions.allowed({Role.registrar}, Permission.moderate_decide)
    assert not permissions.allowed(set(), Permission.alerts_view)


def test_every_role_sees_the_alerts_and_the_registrars_act_on_theirs() -> None:
    # /larm is for staff with a role (a request for allmän handling due is the registrars' alert).
    for role in Role:
        assert permissions.allowed({role}, Permission.alerts_view), role
    assert permissions.allowed({Role.registrar}, Permission.alerts_handle)
    assert permissions.allowed({Role.archivist}, Permission.alerts_handle)


def test_every_decision_and_destructive_archive_action_requires_a_reason() -> None:
    for key in (*(f"moderation.{d}" for d in labels.DECISIONS), "archive.disclose", "archive.cull", "archive.hold",
                "archive.release_hold", "registry.close", "registry.approve", "notify.escalate_alert",
                "notify.cancel_broadcast"):
        assert ACTIONS[key].reason_required, key


def test_local_time_follows_swedish_summer_and_winter_time() -> None:
    assert labels.local_time("2026-07-01T10:00:00+00:00") == "2026-07-01 12:00"
    assert labels.local_time("2026-01-15T10:00:00Z") == "2026-01-15 11:00"
    assert labels.local_time(datetime(2026, 3, 29, 1, 30, tzinfo=UTC)) == "2026-03-29 03:30"  # DST starts 02:00
    assert labels.local_time(None) == "–"
    assert labels.local_time("inte ett datum") == "–"


def test_remaining_time_in_swedish() -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert labels.remaining("2026-01-01T12:12:00+00:00", now) == "12 min kvar"
    assert labels.remaining("2026-01-01T10:55:00+00:00", now) == "försenad 1 h 5 min"
    assert labels.remaining(None, now) == "ingen tidsgräns"


def test_highlight_marks_spans_and_keeps_every_character() -> None:
    text = "Ring 070-1234567 nu"
    runs = labels.highlight(text, [{"start": 5, "end": 16, "category": "personal_data"}])
    assert runs == [("Ring ", None), ("070-1234567", "personal_data"), (" nu", None)]


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(-5, 50), st.integers(-5, 50)), max_size=5))
def test_highlight_never_loses_or_duplicates_text(text: str, spans: list[tuple[int, int]]) -> None:
    runs = labels.highlight(text, [{"start": a, "end": b, "category": "x"} for a, b in spans])
    assert "".join(piece for piece, _ in runs) == text


def test_highlight_reads_a_commands_span_model_as_its_json() -> None:
    """A disclosure preview's spans come as `MaskedSpan` models (the answer validated), a
    query's tags as JSON: both mark the same text."""
    span = MaskedSpan(start=5, end=16, reason="personnummer")
    assert labels.highlight("Ring 070-1234567 nu", [span]) == [("Ring ", None), ("070-1234567", "personnummer"),
                                                               (" nu", None)]


def test_highlight_ignores_malformed_spans() -> None:
    assert labels.highlight("abc", [{"start": "x"}, {"end": 2}, {"start": {"$gt": 1}, "end": 2}]) == [("abc", None)]


def test_only_http_links_are_links() -> None:
    assert labels.safe_url("https://knivsta.se/a") == "https://knivsta.se/a"
    for hostile in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<script>", "//evil.example",
                    "https://a b", None, {"$gt": ""}):
        assert labels.safe_url(hostile) is None


def test_answer_gives_a_list_reply_or_an_object_replys_field() -> None:
    assert Answer(data=[{"a": 1}, "junk"]).items == [{"a": 1}]
    assert Answer(data={"records": [{"a": 1}], "next_page_token": "c2"}).field("next_page_token") == "c2"
    assert Answer(error="nere").items == []


def test_registry_assessment_answers_every_criterion() -> None:
    from services.dashboard.app.commands import Form
    values = {"account_id": "acc-1", "note_c2": "saknas"}
    lists = {"criteria": ["c1", "c2"], "met": ["c1"]}
    form = Form(lambda n: values.get(n, ""), lambda n: lists.get(n, []))
    payload = ACTIONS["registry.assess"].build(form, "Bedömt enligt riktlinjen")
    assert payload == {"account_id": "acc-1", "reason": "Bedömt enligt riktlinjen", "answers": [
        {"criterion_id": "c1", "met": True, "note": ""}, {"criterion_id": "c2", "met": False, "note": "saknas"}]}


def test_date_fields_are_swedish_days() -> None:
    from services.dashboard.app.commands import Form
    form = Form(lambda n: {"from_date": "2026-07-01", "to_date": "2026-07-31"}.get(n, ""), lambda n: [])
    payload = ACTIONS["archive.export_sip"].build(form, "Leverans")
    assert payload["date_from"] == "2026-07-01T00:00:00+02:00"
    assert payload["date_to"].startswith("2026-07-31T23:59:59")


def test_decisions_and_platform_outcomes_in_swedish() -> None:
    assert labels.decision_label("hide") == "Dölj"
    assert labels.decision_label("hide:executed") == "Dölj (utförd)"
    assert labels.decision_label("okänd") == "okänd"
