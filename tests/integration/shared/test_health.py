"""Every service answers /healthz, /readyz (with its dependencies) and /metrics."""

from services.registry.config import RegistrySettings
from services.registry.main import create_app
from tests.support.inprocess import running


async def test_health_readiness_and_metrics(service_env) -> None:
    async with running(create_app, RegistrySettings()) as client:
        health = await client.get("/healthz")
        ready = await client.get("/readyz")
        metrics = await client.get("/metrics")
    assert health.json() == {"service": "registry", "status": "ok"}
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"nats": "ok", "mongodb": "ok"}
    assert "kanalvakt_messages_handled_total" in metrics.text


async def test_readiness_reports_a_database_that_is_down(service_env, monkeypatch) -> None:
    # A port nothing listens on: the service starts (NATS is up) but is not ready.
    from devtools.servers import free_port

    settings = RegistrySettings(mongodb_url=f"mongodb://127.0.0.1:{free_port()}/?serverSelectionTimeoutMS=300")
    _, app = create_app(settings)
    runtime = app.state.runtime
    await runtime.broker.connect()
    try:
        import httpx

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            ready = await client.get("/readyz")
    finally:
        await runtime.broker.stop()
        await runtime.mongo.close()
    assert ready.status_code == 503
    assert ready.json()["checks"]["nats"] == "ok"
    assert ready.json()["checks"]["mongodb"].startswith("down")


async def test_readiness_reports_nats_gone_while_liveness_stays_green(service_env, bus_secrets_file, tmp_path,
                                                                      monkeypatch) -> None:
    from tests.support.bus import authenticated_nats
    from tests.support.polling import eventually

    nats, url = authenticated_nats(tmp_path, bus_secrets_file)  # this test's own server, to take away
    nats.start()
    monkeypatch.setenv("KANALVAKT_NATS_URL", url)
    try:
        async with running(create_app, RegistrySettings()) as client:
            assert (await client.get("/readyz")).status_code == 200
            nats.kill()
            gone = await eventually(lambda: _not_ready(client))
            alive = await client.get("/healthz")
            nats.start()
            back = await eventually(lambda: _ready(client))
    finally:
        nats.stop()
    assert gone.status_code == 503 and gone.json()["checks"]["nats"].startswith("down")
    assert gone.json()["checks"]["mongodb"] == "ok"
    assert alive.status_code == 200  # the process lives: nothing to restart
    assert back.status_code == 200


async def _not_ready(client):  # type: ignore[no-untyped-def]
    response = await client.get("/readyz")
    return response if response.status_code == 503 else None


async def _ready(client):  # type: ignore[no-untyped-def]
    response = await client.get("/readyz")
    return response if response.status_code == 200 else None
