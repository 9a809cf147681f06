"""`python -m devtools.bench <name> [options]`: run one benchmark.

    e2e               the whole pipeline under signed webhooks (issue 13's figures)
    storage           the embedded database candidates side by side
    archive-search    archive search over N synthetic records
    archive-scale     ten years of records: search, record pages, verify, dashboard lists
    archive-sip       export-sip of N records, optionally validated with commons-ip
    ingest            ingest's publisher and webhook path in-process
    notify            notify's delivery fan-out to N channels
    dashboard         the dashboard's own pages with N audit entries
    dashboard reports the reports over N items (`dashboard reports [N]`)
    moderation        classification quality and throughput (`services.moderation bench`)
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import sys

BENCHES = {
    "e2e": "devtools.bench.e2e",
    "storage": "devtools.bench.storage",
    "archive-search": "devtools.bench.archive_search",
    "archive-scale": "devtools.bench.archive_scale",
    "archive-sip": "devtools.bench.archive_sip",
    "ingest": "devtools.bench.ingest",
    "notify": "devtools.bench.notify",
    "dashboard": "devtools.bench.dashboard",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"} or (argv[0] not in BENCHES and argv[0] != "moderation"):
        print(__doc__, file=sys.stderr)
        return 0 if argv and argv[0] in {"-h", "--help"} else 2
    name, rest = argv[0], argv[1:]
    if name == "moderation":  # the service's own CLI: it knows its evaluation sets
        from services.moderation.cli import main as moderation_cli

        return moderation_cli(["bench", *rest]) or 0
    # Each benchmark parses sys.argv with argparse: give it its own arguments.
    sys.argv = [f"python -m devtools.bench {name}", *rest]
    result = importlib.import_module(BENCHES[name]).main()
    if inspect.iscoroutine(result):
        result = asyncio.run(result)
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
