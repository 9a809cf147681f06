"""Every service's composition root builds without connecting anywhere, and its
AsyncAPI document describes what it consumes with documented payloads."""

import json
import warnings

import pytest

from devtools.asyncapi import SERVICES, service_document


@pytest.mark.parametrize("service", [s for s in SERVICES if s != "dashboard"])
def test_asyncapi_document_lists_subjects_and_documented_payloads(service: str) -> None:
    with warnings.catch_warnings():
        # FastStream warns when two handlers' messages share a name: one schema overwrote the other.
        warnings.filterwarnings("error", message="Overwriting the message schema")
        doc = service_document(service)
    assert doc["asyncapi"].startswith("3.")
    assert doc["info"]["title"] == f"Kanalvakt {service}"
    assert doc["channels"], f"{service} declares no channels"
    schemas = doc["components"]["schemas"]
    described = [name for name, schema in schemas.items()
                 if any("description" in field for field in schema.get("properties", {}).values())]
    assert described, f"{service}: no payload schema has field descriptions"
    json.dumps(doc)  # serialisable as written to disk
