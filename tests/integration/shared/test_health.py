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
    from shared.runtime.servers import free_port

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
