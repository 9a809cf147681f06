"""Run `eark-validator` offline.

eark-validator 1.1.3 downloads four CSIP vocabularies from earkcsip.dilcis.eu when it is
imported; the same files ship inside the package (`ipxml/resources/vocabs`). Tests have
no network, so `urlopen` is answered from those shipped copies while it is imported.
"""

from __future__ import annotations

import importlib
import io
import sys
import urllib.request
from pathlib import Path
from typing import Any


def _load_validator() -> Any:
    if "eark_validator.packages" in sys.modules:
        return sys.modules["eark_validator.packages"]
    spec = importlib.util.find_spec("eark_validator")
    assert spec is not None and spec.submodule_search_locations
    vocabs = Path(list(spec.submodule_search_locations)[0]) / "ipxml" / "resources" / "vocabs"
    real = urllib.request.urlopen

    def offline(url: str, *args: Any, **kwargs: Any) -> Any:
        return io.BytesIO((vocabs / str(url).rsplit("/", 1)[-1]).read_bytes())

    urllib.request.urlopen = offline
    try:
        return importlib.import_module("eark_validator.packages")
    finally:
        urllib.request.urlopen = real


def validate(package: Path) -> Any:
    """The validator's report for a package folder (SpecificationVersion 2.1.0)."""
    packages = _load_validator()
    from eark_validator.specifications.specification import SpecificationVersion

    return packages.PackageValidator(package, SpecificationVersion.V2_1_0).validation_report


def errors(report: Any) -> list[str]:
    """Every message of severity ERROR in the report (structure and metadata)."""
    found = []
    for message in report.structure.messages:
        if str(message.severity.value).lower() == "error":
            found.append(f"{message.rule_id}: {message.message}")
    for result_set in (report.metadata.schema_results, report.metadata.schematron_results):
        for message in result_set.messages:
            if str(message.severity.value).lower() == "error":
                found.append(f"{message.rule_id} @ {message.location}: {message.message}")
    return found
