"""The website connector has no usable default secret: without one it sends nothing."""

import httpx
import pytest

from shared.connectors.base import ConnectorError, OutboundPost
from shared.connectors.factory import ConnectorSettings, build_connectors


async def test_without_a_secret_no_action_reaches_the_website() -> None:
    sent: list[httpx.Request] = []
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200)))
    web = build_connectors(ConnectorSettings(web_secret=""), client=client)["web"]
    with pytest.raises(ConnectorError) as refused:
        await web.post(OutboundPost(account_id="site", text="Vattnet är avstängt", idempotency_key="k1"))
    assert not refused.value.retryable and "KANALVAKT_WEB_SECRET" in str(refused.value)
    assert sent == []
    await client.aclose()
