"""CSV for spreadsheets: the same rows and filters as JSON, flattened into columns."""

import csv
import io
from typing import Any

from rest_framework.renderers import BaseRenderer


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested objects become dotted columns; lists of objects become '; '-joined names or codes."""
    flat: dict[str, str] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = _cell("; ".join(_label(item) for item in value))
        else:
            flat[name] = _cell("" if value is None else str(value))
    return flat


def _cell(text: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet: text from articles must not run.
    return f"'{text}" if text[:1] in {"=", "+", "-", "@"} else text


def _label(item: Any) -> str:
    if isinstance(item, dict):
        for key in ("code", "name", "sentence", "id"):
            if key in item:
                return str(item[key])
    return str(item)


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        if isinstance(data, dict):  # an error or a single object
            data = [data]
        rows = [flatten(row) for row in data or []]
        columns = list(dict.fromkeys(key for row in rows for key in row))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode(self.charset)
