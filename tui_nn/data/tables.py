"""Read a data file into a `Table` of typed columns, with errors a person can act on.

Formats: delimited text (CSV, TSV, ...: delimiter and header sniffed, UTF-8 with or without
a BOM), Parquet (`.parquet`, or any file that starts like one) and JSON (`.jsonl`, `.ndjson`,
`.json`): one object per line, or one array of objects (`[{"x": 1}, {"x": 2}]`, what most
tools write as "records"). polars reads; it is imported inside the functions that need it so
that `import tui_nn.data` stays fast.

Row numbers in messages are what a person finds the row by: the line in an editor for text
files (the header is line 1), the 1-based row for Parquet.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np

from tui_nn.data import sniff
from tui_nn.data.pyreader import decode, read_records
from tui_nn.data.text import clean_name, show, show_list
from tui_nn.errors import TuiNNError

if TYPE_CHECKING:
    import polars as pl

KINDS = ("number", "bool", "text")
PARQUET_SUFFIXES = (".parquet", ".pq")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
_INFER_ROWS = 10_000
"""Rows polars looks at to guess column types; a later surprise sends the file to the exact reader."""


@dataclass(frozen=True)
class Column:
    """One column of a table, typed: numbers, true/false, or text."""

    name: str
    kind: str
    """"number", "bool" (stored as 0.0/1.0) or "text"."""
    values: np.ndarray
    """(n,) float64 for number/bool with NaN where missing; object array of str (None missing) for text."""
    missing: np.ndarray
    """(n,) bool: the cell was empty."""
    integer: bool = False
    """A number column whose cells are all written as whole numbers (e.g. class labels 0/1)."""
    problem: str | None = None
    """Why the column cannot be used (a bad cell, an unsupported type), raised only if it is used,
    so that `--drop` can leave a broken column behind."""

    def texts(self) -> np.ndarray:
        """The values as strings (object array, None where missing), for category look-ups."""
        if self.kind == "text":
            return self.values
        if self.kind == "bool":
            words = np.where(self.values > 0.5, "true", "false").astype(object)
        else:
            words = np.array([number_text(v) for v in self.values], dtype=object)
        words[self.missing] = None
        return words


@dataclass(frozen=True)
class Table:
    """A file's columns, in file order, and how to name one of its rows in a message."""

    label: str
    """How messages name the file: the path as the user gave it."""
    columns: dict[str, Column]
    n_rows: int
    row_of: Callable[[int], int] = field(repr=False)
    """Row index → the row number a person sees (editor line for text files)."""

    def where(self, i: int, column: str | None = None) -> str:
        """`data.csv, row 4, column "height"` for row index i."""
        place = f"{self.label}, row {self.row_of(int(i))}"
        return f'{place}, column "{column}"' if column is not None else place

    def column(self, name: str, role: str = "column") -> Column:
        """The named column, ready to use: an error lists the columns there are, or says what is
        wrong with this one."""
        if name not in self.columns:
            raise TuiNNError(f'{self.label} has no {role} "{show(name)}" — {self.listing()}')
        column = self.columns[name]
        if column.problem is not None:
            raise TuiNNError(column.problem)
        return column

    def listing(self) -> str:
        """`its columns are: a, b, c` for messages."""
        return "its columns are: " + show_list(self.columns, 30)


def read_table(path: str | Path, label: str | None = None) -> Table:
    """Read a CSV/TSV/Parquet/JSON-lines file into a Table; any problem is a one-line TuiNNError."""
    path = Path(path)
    label = show(label or str(path), limit=1000)
    head = sniff.read_head(path, label)
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES or head.startswith(b"PAR1"):
        return _read_parquet(path, label)
    sniff.check_text(head, label)
    if suffix in JSONL_SUFFIXES:
        if suffix == ".json" and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
            return _read_json_array(path, label)
        return _read_jsonl(path, label)
    return _read_delimited(path, label, head, prefer_tab=suffix in (".tsv", ".tab"))


# --- delimited text -------------------------------------------------------------------------


def _read_delimited(path: Path, label: str, head: bytes, prefer_tab: bool) -> Table:
    complete = len(head) < sniff.SAMPLE_BYTES
    dialect = sniff.sniff_dialect(head, label, complete, prefer_tab)
    offset = 2 if dialect.has_header else 1
    decimal_comma = dialect.delimiter == ";"
    if dialect.clean_start:
        frame = _polars_csv(path, dialect)
        if frame is not None and frame.height == 0 and dialect.has_header:
            raise _header_only(label)
        if frame is not None and frame.height > 0:
            # Without quotes a record is a line, and polars keeps blank lines as empty rows,
            # so row i sits on line i + offset; with quotes a record may span lines: ask the
            # exact reader, but only when a message needs it.
            row_of = (lambda i: i + offset) if not dialect.quoted else _lazy_lines(path, label, dialect)
            table = _table_from_frame(frame, label, row_of, decimal_comma)
            if not any(c.missing.any() or c.problem for c in table.columns.values()):
                return table
    # The exact reader: empty cells may be short rows, polars cannot say which line failed, and
    # a bad cell is best shown as written ("NaN", not polars' nan).
    return _exact_csv(path, label, dialect)


def _polars_csv(path: Path, dialect: sniff.Dialect) -> "pl.DataFrame | None":
    """The fast read; None when polars refuses the file or sees it differently from the sniffer."""
    import polars as pl

    try:
        frame = pl.read_csv(
            path,
            separator=dialect.delimiter,
            has_header=dialect.has_header,
            quote_char='"',
            infer_schema_length=_INFER_ROWS,
            encoding="utf8",
            truncate_ragged_lines=False,
            glob=False,  # "data[1].csv" is a file name, not a pattern
        )
    except Exception:  # noqa: BLE001 — any refusal goes to the exact reader, which explains it
        return None
    if frame.width != len(dialect.names):
        return None
    frame.columns = list(dialect.names)
    return frame


def _exact_csv(path: Path, label: str, dialect: sniff.Dialect) -> Table:
    import polars as pl

    records, lines = read_records(path, label, dialect.delimiter)
    if dialect.has_header:
        records, lines = records[1:], lines[1:]
    if not records:
        raise _header_only(label)
    names = dialect.names
    for record, line in zip(records, lines):
        if len(record) != len(names):
            what = "the header has" if dialect.has_header else "the first row has"
            raise TuiNNError(
                f"{label}, row {line}: {len(record)} value{'s' if len(record) != 1 else ''} but {what} "
                f"{len(names)} columns ({show_list(names, 12)}) — fix the row or remove it"
            )
    frame = pl.DataFrame(
        {name: [record[i] for record in records] for i, name in enumerate(names)},
        schema={name: pl.String for name in names},
    )
    return _table_from_frame(frame, label, lines.__getitem__, dialect.delimiter == ";")


def _lazy_lines(path: Path, label: str, dialect: sniff.Dialect) -> Callable[[int], int]:
    @cache
    def lines() -> list[int]:
        found = read_records(path, label, dialect.delimiter)[1]
        return found[1:] if dialect.has_header else found

    # Should the two readers ever count records differently, a near line beats no message.
    return lambda i: lines()[i] if i < len(lines()) else i + (2 if dialect.has_header else 1)


def _header_only(label: str) -> TuiNNError:
    return TuiNNError(f"{label} has a header but no data rows — add rows below the header")


# --- Parquet and JSON lines -----------------------------------------------------------------


def _read_parquet(path: Path, label: str) -> Table:
    import polars as pl

    try:
        frame = pl.read_parquet(path, glob=False)
    except Exception as exc:  # noqa: BLE001 — polars raises many kinds for a damaged file
        reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
        raise TuiNNError(
            f"{label} is not a readable Parquet file ({reason}) — check that it was written completely"
        ) from None
    if frame.width == 0:
        raise TuiNNError(f"{label} has no columns — it needs at least a target column")
    if frame.height == 0:
        raise TuiNNError(f"{label} has columns but no rows — add rows to it")
    return _table_from_frame(frame, label, lambda i: i + 1)


def _read_jsonl(path: Path, label: str) -> Table:
    import polars as pl

    row_of = _jsonl_lines(path, label)
    problems: dict[str, str] = {}
    try:
        with path.open("rb") as handle:  # a handle: polars would read "[1]" in a path as a glob
            frame = pl.read_ndjson(handle, infer_schema_length=None)
    except Exception:  # noqa: BLE001 — the exact reader below names the line that is wrong
        frame, problems = _exact_jsonl(path, label)
    if frame.width == 0 or frame.height == 0:
        raise TuiNNError(f'{label} has no data — each line must be one JSON object like {{"x": 1, "y": 2}}')
    return _json_table(frame, label, row_of, problems)


def _json_table(frame: "pl.DataFrame", label: str, row_of: Callable[[int], int], problems: dict[str, str]) -> Table:
    """The typed table of parsed JSON, its nested-value columns carrying their error for when used."""
    table = _table_from_frame(frame, label, row_of)
    for name, problem in problems.items():
        column = table.columns[name]
        table.columns[name] = Column(name, column.kind, column.values, column.missing, problem=problem)
    return table


def _jsonl_lines(path: Path, label: str) -> Callable[[int], int]:
    @cache
    def lines() -> list[int]:
        text = decode(path, label)
        return [n for n, line in enumerate(text.split("\n"), start=1) if line.strip()]

    return lambda i: lines()[i] if i < len(lines()) else i + 1


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
                    f"flatten it or drop the column with --drop {key}"
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


def _read_json_array(path: Path, label: str) -> Table:
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
        frame, problems = _frame_of_objects(*items(), label, ARRAY_HINT)
    if frame.width == 0 or frame.height == 0:
        raise TuiNNError(f"{label} has no data — {ARRAY_HINT}")
    return _json_table(frame, label, lambda i: items()[1][i] if i < len(items()[1]) else i + 1, problems)


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


# --- typing columns -------------------------------------------------------------------------


def _table_from_frame(
    frame: "pl.DataFrame", label: str, row_of: Callable[[int], int], decimal_comma: bool = False
) -> Table:
    """Type every column; a column that cannot be used keeps its error for when it is used."""
    columns: dict[str, Column] = {}
    for i, name in enumerate(frame.columns):
        series = frame.get_column(name)
        # Names from JSON keys or Parquet may hold line breaks; messages need them on one line.
        key = clean_name(name) or f"column{i + 1}"
        key = key if key not in columns and (key == name or key not in frame.columns) else name
        try:
            columns[key] = _type_column(series.rename(key), label, row_of, decimal_comma)
        except TuiNNError as exc:
            n = frame.height
            columns[key] = Column(key, "number", np.full(n, np.nan), np.zeros(n, dtype=bool), problem=str(exc))
    return Table(label=label, columns=columns, n_rows=frame.height, row_of=row_of)


def _type_column(series: "pl.Series", label: str, row_of: Callable[[int], int], decimal_comma: bool = False) -> Column:
    """Decide a column's kind from its cells and convert it; errors name the first bad cell."""
    import polars as pl

    name = series.name
    dtype = series.dtype
    if dtype == pl.Null:
        n = series.len()
        return Column(name, "number", np.full(n, np.nan), np.ones(n, dtype=bool))
    if dtype.is_numeric():
        values = series.cast(pl.Float64).to_numpy().astype(np.float64, copy=False)
        missing = series.is_null().to_numpy() if series.null_count() else np.zeros(len(values), dtype=bool)
        if dtype.is_float():
            _check_finite(values, missing, None, name, label, row_of)
        return Column(name, "number", values, missing, integer=dtype.is_integer())
    if dtype == pl.Boolean:
        return Column(name, "bool", series.cast(pl.Float64).to_numpy(), series.is_null().to_numpy())
    if dtype in (pl.Categorical, pl.Enum):
        series = series.cast(pl.String)
        dtype = pl.String
    if dtype != pl.String:
        raise TuiNNError(
            f'{label}: column "{name}" holds {_kind_words(dtype)} — tui-nn needs numbers, text or true/false; '
            f"drop it with --drop {name}"
        )
    return _type_text(series, label, row_of, decimal_comma)


def _kind_words(dtype: object) -> str:
    """A polars type as a person would say it."""
    import polars as pl

    if dtype.is_temporal():
        return "dates or times"
    if isinstance(dtype, (pl.List, pl.Array)):
        return "lists (nested values)"
    if isinstance(dtype, pl.Struct):
        return "objects (nested values)"
    if dtype == pl.Binary:
        return "binary data"
    return f"{dtype} values"


def _type_text(series: "pl.Series", label: str, row_of: Callable[[int], int], decimal_comma: bool = False) -> Column:
    """A column read as text: numbers, true/false, or real text (categories). In `;`-separated
    files (the European convention) a column written with decimal commas (1,5) is numbers."""
    import polars as pl

    name = series.name
    text = series.str.strip_chars()
    text = pl.select(pl.when(text.str.len_bytes() == 0).then(None).otherwise(text)).to_series().rename(name)
    missing = text.is_null().to_numpy()
    present = int((~missing).sum())
    if present and bool(text.str.to_lowercase().is_in(["true", "false"]).fill_null(True).all()):
        values = (text.str.to_lowercase() == "true").cast(pl.Float64).to_numpy()
        return Column(name, "bool", values, missing)
    numbers = text.cast(pl.Float64, strict=False)
    if decimal_comma and numbers.null_count() > text.null_count() and not text.str.contains(".", literal=True).any():
        comma = text.str.replace(",", ".", literal=True)
        if comma.cast(pl.Float64, strict=False).null_count() == text.null_count():
            text, numbers = comma, comma.cast(pl.Float64)
    bad = (numbers.is_null() & text.is_not_null()).to_numpy()
    n_bad = int(bad.sum())
    if present and n_bad == 0:
        values = numbers.to_numpy().astype(np.float64, copy=False)
        _check_finite(values, missing, text, name, label, row_of)
        integer = text.cast(pl.Int64, strict=False).null_count() == text.null_count()
        return Column(name, "number", values, missing, integer=integer)
    if present - n_bad > n_bad:
        # Mostly numbers: the odd one out is a typo, not a category.
        i = int(np.argmax(bad))
        raise TuiNNError(
            f'{label}, row {row_of(i)}, column "{name}": "{show(text[i])}" is not a number — '
            f"fix the cell or drop the column with --drop {name}"
        )
    return Column(name, "text", text.to_numpy().astype(object, copy=False), missing)


def _check_finite(
    values: np.ndarray, missing: np.ndarray, text: "pl.Series | None", name: str, label: str, row_of: Callable[[int], int]
) -> None:
    bad = ~np.isfinite(values) & ~missing
    if bad.any():
        i = int(np.argmax(bad))
        shown = show(text[i]) if text is not None else str(values[i])
        raise TuiNNError(
            f'{label}, row {row_of(i)}, column "{name}": "{shown}" is not a finite number — '
            "fix the cell, or empty it to mark it missing (see --missing)"
        )


def number_text(value: float) -> str:
    """A number as a label: whole numbers without ".0" (so class 1 reads "1"), others as Python writes them."""
    value = float(value)
    if value != value:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)

