"""Judge a SIP with the E-ARK reference validator, commons-ip 2.10.0 (Java).

`deploy/local/bootstrap.sh --test` (run by `make test`) fetches it through Maven into
`~/.cache/kanalvakt/commons-ip-2.10.0/lib`; `KANALVAKT_COMMONS_IP_LIB` names another place.
A missing validator fails the test with that instruction: it is never skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from services.archive.adapters import sip

MAIN = "org.roda_project.commons_ip2.cli.Main"


def lib_dir() -> Path:
    if os.environ.get("KANALVAKT_COMMONS_IP_LIB"):
        return Path(os.environ["KANALVAKT_COMMONS_IP_LIB"])
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "kanalvakt" / "commons-ip-2.10.0" / "lib"


@dataclass(frozen=True)
class Report:
    result: str  # VALID or INVALID
    errors: int
    warnings: int
    failed: list[tuple[str, str, list[str]]]  # (requirement, level, issues) of every FAILED check
    warned: list[tuple[str, list[str]]]  # (requirement, warnings) of checks that passed with warnings

    def failed_ids(self) -> set[str]:
        return {rid for rid, _, _ in self.failed}


def validate(package: Path, work: Path) -> Report:
    """Zip the package folder (as a receiver gets it) and validate it as CSIP/SIP 2.1.0."""
    lib = lib_dir()
    assert (lib / "commons-ip2-2.10.0.jar").exists(), (
        f"commons-ip 2.10.0 is not in {lib}: run deploy/local/bootstrap.sh --test (make test installs it)")
    work.mkdir(parents=True, exist_ok=True)
    archive = sip.zip_package(package, work / f"{package.name}.zip")
    reports = work / f"report-{package.name}"
    reports.mkdir()
    run = subprocess.run(["java", "-cp", f"{lib}/*", MAIN, "validate", "-i", str(archive),
                          "--specification-version", "2.1.0", "-o", str(reports)],
                         capture_output=True, text=True, timeout=600, cwd=work)
    found = sorted(reports.glob("*.json"))
    assert found, f"commons-ip wrote no report: {run.stdout[-2000:]} {run.stderr[-2000:]}"
    report = json.loads(found[-1].read_text())
    failed, warned = [], []
    for check in report["validation"]:
        testing = check["testing"]
        if testing["outcome"] == "FAILED":
            failed.append((check["id"], check["level"], testing["issues"] or testing["warnings"]))
        elif testing["warnings"] and testing["outcome"] != "SKIPPED":
            warned.append((check["id"], testing["warnings"]))
    summary = report["summary"]
    return Report(summary["result"], summary["errors"], summary["warnings"], failed, warned)
