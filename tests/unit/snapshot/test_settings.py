"""The snapshot worker has no database: no setting for one, no client, no readiness
check, no credentials in deploy/; and its NATS user may do nothing but answer."""

from __future__ import annotations

import pytest

from services.snapshot.config import SnapshotSettings
from services.snapshot.main import create_app
from shared.runtime.nats_auth import GRANTS, SNAPSHOT_REPLIES
from tests.unit.shared.test_nats_auth import covered


def test_the_worker_has_no_database_setting_even_when_the_environment_names_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KANALVAKT_MONGODB_URL", "mongodb://root:secret@mongo-1:27017/")
    monkeypatch.setenv("MONGODB_URL", "mongodb://root:secret@mongo-1:27017/")
    settings = SnapshotSettings()
    assert not any("mongo" in name or name.startswith("db_") for name in SnapshotSettings.model_fields)
    assert "secret" not in settings.model_dump_json()
    _, app = create_app(settings)
    runtime = app.state.runtime
    assert not runtime.uses_database and not hasattr(runtime, "db") and not hasattr(runtime, "mongo")
    assert set(runtime.readiness_checks()) == {"nats"}
    assert runtime.jetstream is False  # no streams to declare: its user has no JetStream API
    assert [s.subject.broker_address for s in runtime.broker.subscribers] == ["q.snapshot.render"]


def test_its_nats_user_may_only_answer_the_archive() -> None:
    grant = GRANTS["snapshot"].for_user("snapshot")
    assert grant == {"publish": {"deny": [">"]}, "subscribe": {"allow": ["q.snapshot.render"]},
                     "allow_responses": {"max": SNAPSHOT_REPLIES, "expires": "5m"}}
    # Only the archive may ask it; the dashboard's q.> stops short of it.
    askers = [user for user, g in GRANTS.items() if covered(g.publish, "q.snapshot.render")
              and not covered(g.publish_deny, "q.snapshot.render")]
    assert askers == ["archive"]
    assert [user for user, g in GRANTS.items() if covered(g.subscribe, "q.snapshot.render")] == ["snapshot"]


def test_deploy_gives_the_worker_no_database_user() -> None:
    from pathlib import Path

    from shared.secrets_file import BUS_USERS, DATABASE_USERS

    assert "snapshot" in BUS_USERS and "snapshot" not in DATABASE_USERS
    mongo_init = (Path(__file__).parents[3] / "deploy" / "production" / "mongo-init.js").read_text()
    assert '"snapshot"' not in mongo_init
