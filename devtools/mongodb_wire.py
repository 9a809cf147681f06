"""`python -m devtools.mongodb_wire …`: the embedded MongoDB-wire server (nx-27017).

nx-27017 0.8.1 (on neosqlite 1.17.2) applies each command under its database's lock, so
single-document writes are atomic, and its queries are translated to SQL that uses the
indexes the stores create. Its SQL tier for *updates* corrupts values, measured here on
2026-12-01: `$set` of a datetime stores the string "2026-01-01 00:00:00", and `$push` of
a sub-document stores it as a JSON string. Its Python update tier (read the document,
apply the operators, write it back, still under the same lock) keeps every BSON type, so
this launcher sends every update there. Queries keep the SQL tier (and the indexes).
tests/integration/shared/test_server_conformance.py proves the result; arguments are
nx-27017's own (`--data-dir`, `--host`, `--port`, …).
"""

from __future__ import annotations

import sys

from neosqlite.collection.query_helper._sql_updates import SqlUpdatesMixin
from nx_27017.nx_27017 import main


def _python_tier_only(self: object, *args: object, **kwargs: object) -> bool:
    return False


if __name__ == "__main__":
    SqlUpdatesMixin._can_use_sql_updates = _python_tier_only
    sys.exit(main())
