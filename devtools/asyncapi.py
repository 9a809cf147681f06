"""`python -m devtools.asyncapi [--out DIR]`: write each service's AsyncAPI 3.0
document (subjects, payload schemas with field descriptions), built from the same
composition roots the services run, without connecting to anything."""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path
from typing import Any

from faststream.specification import AsyncAPI

SERVICES = ("ingest", "moderation", "registry", "archive", "notify", "dashboard")


def service_document(service: str) -> dict[str, Any]:
    main = importlib.import_module(f"services.{service}.main")
    _, app = main.create_app()
    runtime = app.state.runtime
    spec = AsyncAPI(runtime.broker, title=f"Kanalvakt {service}", version="1",
                    description=(main.__doc__ or "").strip() or None)
    return json.loads(spec.to_specification().to_json())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("var/asyncapi"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for service in SERVICES:
        path = args.out / f"{service}.json"
        path.write_text(json.dumps(service_document(service), indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
