"""CSV the way staff open it: `;`-separated UTF-8 with a BOM (Excel in Swedish opens it
directly), and with formula-looking cells neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

# A cell starting with = + - @ (or a tab or carriage return before one) would be run as a
# formula by a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff" + out.getvalue()
