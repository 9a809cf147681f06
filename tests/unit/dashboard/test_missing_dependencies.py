"""The system page names each dependency that is missing, and who misses it."""

from services.dashboard.pages.system import missing_dependencies


def test_each_missing_dependency_is_named_with_the_services_that_miss_it() -> None:
    services = [
        {"name": "archive", "ok": False, "checks": {"nats": "ok", "mongodb": "down: no answer"}},
        {"name": "moderation", "ok": False, "checks": {"nats": "ok", "mongodb": "down: ServerSelectionTimeoutError"}},
        {"name": "notify", "ok": False, "checks": {"http": "down: ConnectError"}},
        {"name": "registry", "ok": True, "checks": {"nats": "ok", "mongodb": "ok"}},
    ]
    assert missing_dependencies(services, nats_ok=True, db_ok=False) == [
        "databasen saknas för dashboard, archive, moderation",
        "notify svarar inte",
    ]
    assert missing_dependencies(services[3:], nats_ok=True, db_ok=True) == []
