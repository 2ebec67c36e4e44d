"""JSON tables (`.json`, `.jsonl`, `.ndjson`): one object per line (JSON lines), one array of
objects (`[{"x": 1}, {"x": 2}]`, what most tools write as "records"; pandas' "values" rows of
values too), or pandas' `to_json` layouts `columns` (its default), `index`, `split` and
`table`. Messages name a row by the record's number, or by its line when each record has one.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from tui_nn.data.pyreader import decode
from tui_nn.data.readers.base import Source
from tui_nn.data.readers.columns import table_from_frame
from tui_nn.data.readers.table import Column, Table
from tui_nn.data.text import drop_advice, plural
from tui_nn.errors import TuiNNError

if TYPE_CHECKING:
    import polars as pl

SUFFIXES = (".jsonl", ".ndjson", ".json")


def read(source: Source) -> Table:
    """A `.json` file starting with `[` or `{` is one document (an array, a pandas layout);
    anything else, and a `.json` file that is several objects, is JSON lines."""
    source.check_text()
    path, label, na = source.path, source.label, source.na
    start = source.head.lstrip(b"\xef\xbb\xbf \t\r\n")
    table = None
    if source.suffix == ".json" and start.startswith(b"["):
        table = _read_json_array(path, label, na)
    elif source.suffix == ".json" and start.startswith(b"{"):
        table = _read_json_document(path, label, na)
    return table if table is not None else _read_jsonl(path, label, na)


def _record(i: int) -> int:
    """JSON rows are named by the record's number, 1-based, in every layout."""
    return i + 1


def _read_jsonl(path: Path, label: str, na: frozenset[str]) -> Table:
    import polars as pl

    row_of = _record
    problems: dict[str, str] = {}
    try:
        with path.open("rb") as handle:  # a handle: polars would read "[1]" in a path as a glob
            frame = pl.read_ndjson(handle, infer_schema_length=None)
    except Exception:  # noqa: BLE001 — the exact reader below names the line that is wrong
        frame, problems = _exact_jsonl(path, label)
    if frame.width == 0 or frame.height == 0:
        raise TuiNNError(f'{label} has no data — each line must be one JSON object like {{"x": 1, "y": 2}}')
    return _json_table(frame, label, row_of, problems, na)


def _json_table(
    frame: "pl.DataFrame", label: str, row_of: Callable[[int], int], problems: dict[str, str], na: frozenset[str]
) -> Table:
    """The typed table of parsed JSON, its nested-value columns carrying their error for when used."""
    table = table_from_frame(frame, label, row_of, False, na)
    for name, problem in problems.items():
        column = table.columns[name]
        table.columns[name] = Column(name, column.kind, column.values, column.missing, problem=problem)
    return table


def _exact_jsonl(path: Path, label: str) -> tuple["pl.DataFrame", dict[str, str]]:
    """JSON lines parsed one by one, so a bad line is named; values become text to be typed.
    Also returns, per column holding nested values, the error to raise if it is used."""
    rows: list[object] = []
    lines: list[int] = []
    # Only "\n" ends a line in JSON lines; str.splitlines would also split at U+2028 and friends.
    for n, line in enumerate(decode(path, label).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = getattr(exc, "msg", "too deeply nested")
            raise TuiNNError(
                f"{label}, row {n}: not valid JSON ({reason}) — each line must be one JSON object"
            ) from None
        lines.append(n)
    return _frame_of_objects(rows, lines, label, 'each line must look like {"x": 1, "y": 2}')


def _frame_of_objects(rows: list[object], lines: list[int], label: str,
                      shape_hint: str) -> tuple["pl.DataFrame", dict[str, str]]:
    """Parsed JSON objects (each found on `lines[i]`) as a frame of text columns to be typed,
    and per column holding nested values, the error to raise if it is used."""
    import polars as pl

    problems: dict[str, str] = {}
    for row, n in zip(rows, lines):
        if not isinstance(row, dict):
            raise TuiNNError(f"{label}, row {n}: not a JSON object — {shape_hint}")
        for key, value in row.items():
            if isinstance(value, (list, dict)) and str(key) not in problems:
                problems[str(key)] = (
                    f'{label}, row {n}, column "{key}": a nested value cannot be used — '
                    f"flatten it or drop the column with {drop_advice(str(key))}"
                )
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(map(str, row)))
    frame = pl.DataFrame(
        {name: [None if name in problems else _json_text(row.get(name)) for row in rows] for name in names},
        schema={name: pl.String for name in names},
    )
    return frame, problems


ARRAY_HINT = 'a JSON table is one array of objects like [{"x": 1, "y": 2}, {"x": 2, "y": 3}]'


def _read_json_array(path: Path, label: str, na: frozenset[str]) -> Table:
    """A file holding one JSON array of objects, one object a row."""
    import polars as pl

    @cache
    def items() -> tuple[list[object], list[int]]:
        return _json_array_items(decode(path, label), label)

    problems: dict[str, str] = {}
    try:
        with path.open("rb") as handle:
            frame = pl.read_json(handle, infer_schema_length=None)
    except Exception:  # noqa: BLE001 — the exact reader below names the item that is wrong
        rows, _ = items()
        notes: tuple[str, ...] = ()
        width = len(rows[0]) if rows and isinstance(rows[0], list) else 0
        if width and all(isinstance(r, list) and len(r) == width for r in rows):
            # pandas' to_json(orient="values"): rows of values without names.
            rows = [{f"column{j + 1}": v for j, v in enumerate(r)} for r in rows]
            notes = (f"{label}: read as pandas' \"values\" JSON layout (rows without names)",)
        frame, problems = _frame_of_objects(rows, list(range(1, len(rows) + 1)), label, ARRAY_HINT)
        if frame.width and frame.height:
            return replace(_json_table(frame, label, _record, problems, na), notes=notes)
    if frame.width == 0 or frame.height == 0:
        raise TuiNNError(f"{label} has no data — {ARRAY_HINT}")
    return _json_table(frame, label, _record, problems, na)


LAYOUT_HINT = "a JSON table is an array of records, JSON lines, or one of pandas' to_json layouts"


def _read_json_document(path: Path, label: str, na: frozenset[str]) -> Table | None:
    """A `.json` file holding one object: pandas' `to_json` layouts. `columns` (its default,
    {"col": {"0": v, ...}}), `index` ({"0": {"col": v}}), `split` ({"columns": [...], "data":
    [[...]]}) and `table` ({"schema": ..., "data": [records]}). None when the file is JSON
    lines (several objects), which its own reader handles."""
    try:
        document = json.loads(decode(path, label))
    except (json.JSONDecodeError, RecursionError):
        return None  # JSON lines, or broken: the JSON-lines reader names the line
    if not isinstance(document, dict) or not document:
        return None
    layout, records = _pandas_records(document)
    if layout is None:
        return None
    frame, problems = _frame_of_objects(records, list(range(1, len(records) + 1)), label, LAYOUT_HINT)
    if frame.width == 0 or frame.height == 0:
        raise TuiNNError(f"{label} has no data — {LAYOUT_HINT}")
    table = _json_table(frame, label, _record, problems, na)
    return replace(table, notes=(f'{label}: read as pandas\' "{layout}" JSON layout ({plural(frame.height, "record")})',))


def _pandas_records(document: dict) -> tuple[str | None, list[object]]:
    """The layout's name and its rows as records (dicts); (None, []) for a plain object."""
    keys = set(document)
    if {"columns", "data"} <= keys <= {"columns", "data", "index"} and isinstance(document["data"], list):
        names = [str(c) for c in document["columns"]] if isinstance(document["columns"], list) else []
        rows = document["data"]
        if all(isinstance(r, list) and len(r) == len(names) for r in rows):
            return "split", [dict(zip(names, r)) for r in rows]
    if {"schema", "data"} <= keys and isinstance(document["data"], list):
        schema = document["schema"] if isinstance(document["schema"], dict) else {}
        index = schema.get("primaryKey") or []
        rows = [
            {k: v for k, v in r.items() if k not in index} if isinstance(r, dict) else r for r in document["data"]
        ]
        return "table", rows
    values = list(document.values())
    if not all(isinstance(v, dict) for v in values):
        return None, []
    inner: dict[str, None] = {}
    for v in values:
        inner.update(dict.fromkeys(map(str, v)))
    if _all_numbers(document) and not _all_numbers(inner):
        return "index", values  # {"0": {"col": v}}: the outer keys are the row labels
    labels = list(inner)
    return "columns", [{name: column.get(row) for name, column in document.items()} for row in labels]


def _all_numbers(keys: object) -> bool:
    return all(re.fullmatch(r"-?\d+", str(k)) for k in keys)


_BLANKS = re.compile(r"[ \t\r\n]*")


def _json_array_items(text: str, label: str) -> tuple[list[object], list[int]]:
    """The items of a top-level JSON array and the row number messages give each: the line it
    starts on when every item starts a line of its own (pretty-printed), else its position,
    1-based (a minified array is one line, where "row 1" for every item would find nothing)."""
    decoder = json.JSONDecoder()
    items: list[object] = []
    starts: list[int] = []
    own_lines = True
    counted_to, line = 0, 1

    def line_at(at: int) -> int:
        # Positions only grow: count each newline once (a count from the start every time
        # made a 2 MB file take half a minute).
        nonlocal counted_to, line
        line += text.count("\n", counted_to, at)
        counted_to = at
        return line

    def row(at: int, item: int) -> int:
        return line_at(at) if own_lines else item

    at = _BLANKS.match(text, text.find("[") + 1).end()
    if at < len(text) and text[at] == "]":
        return items, starts
    while True:
        try:
            item, end = decoder.raw_decode(text, at)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = getattr(exc, "msg", "too deeply nested")
            where = row(max(at, getattr(exc, "pos", at)), len(items) + 1)
            raise TuiNNError(f"{label}, row {where}: not valid JSON ({reason}) — {ARRAY_HINT}") from None
        start = line_at(at)
        own_lines = own_lines and (not starts or start > starts[-1])
        items.append(item)
        starts.append(start)
        at = _BLANKS.match(text, end).end()
        if at < len(text) and text[at] == ",":
            at = _BLANKS.match(text, at + 1).end()
            continue
        if at < len(text) and text[at] == "]":
            after = _BLANKS.match(text, at + 1).end()
            if after == len(text):
                return items, starts if own_lines else list(range(1, len(items) + 1))
            raise TuiNNError(f"{label}, row {row(after, len(items))}: more text after the closing ] — {ARRAY_HINT}")
        raise TuiNNError(f"{label}, row {row(at, len(items))}: expected a comma or the closing ] here — {ARRAY_HINT}")


def _json_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

