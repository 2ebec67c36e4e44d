"""Delimited text (CSV, TSV, `;` and `|`): the fallback reader, for every file no other claims.

polars reads a well-formed file fast; the exact reader (`pyreader`, the csv module) takes over
when polars refuses it, when empty cells might be short rows, and to name the line a message
is about (the header is line 1). In `;`-separated files (the European convention) decimal
commas are numbers; the encoding is `encoding.py`'s, the column types `columns.py`'s.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from tui_nn.data import sniff
from tui_nn.data.pyreader import read_records
from tui_nn.data.readers.base import Source
from tui_nn.data.readers.columns import table_from_frame
from tui_nn.data.readers.encoding import NotUTF8, Text, detected, open_text
from tui_nn.data.readers.table import Column, Table
from tui_nn.data.text import plural, show_list
from tui_nn.errors import TuiNNError

if TYPE_CHECKING:
    import polars as pl

SUFFIXES = (".csv", ".tsv", ".tab", ".txt")
_INFER_ROWS = 100
"""Rows polars looks at to guess column types (its own default). Looking further is slow: 10,000
rows made reading an 8,192 × 785 table 7× slower. A later surprise (an `NA` or a decimal far
down an integer column) re-reads the file with that column as text, which `columns.py` types."""
_RETYPED_AT_MOST = 8
"""Columns re-read as text one surprise at a time; past this many, every column is read as text."""
_FAILED_COLUMN = re.compile(r"at column '.*' \(column number (\d+)\)")


def read(source: Source) -> Table:
    """Delimited text: the delimiter and header sniffed, the encoding detected (or given); a
    `.tsv`/`.tab` file prefers tabs."""
    source.check_text()
    path, label, head, na, encoding = source.path, source.label, source.head, source.na, source.encoding
    prefer_tab = source.suffix in (".tsv", ".tab")
    text, note = open_text(path, label, head, encoding)
    try:
        table, blank_first = _read_text(text, head, prefer_tab, na)
    except NotUTF8:
        text, note = detected(path, label)
        table, blank_first = _read_text(text, head, prefer_tab, na)
    if text.utf8 is None and encoding is None and _has_replacement(table):
        # polars replaced a byte that is not UTF-8 beyond the sample: read the file as what it is.
        text, note = detected(path, label)
        if text.utf8 is not None and text.encoding != "utf-8":
            table, blank_first = _read_text(text, head, prefer_tab, na)
    return replace(table, notes=(note,) if note else table.notes, blank_first=blank_first)


def claims(path: Path, head: bytes) -> bool:
    """Every file: this reader comes last in `READERS`, for what no other reader claims."""
    return True


def _has_replacement(table: Table) -> bool:
    """Whether U+FFFD is in a name or a text cell (how polars shows a byte that is not UTF-8)."""
    if any("\ufffd" in name for name in table.columns):
        return True
    return any(c.replaced or "\ufffd" in (c.problem or "") for c in table.columns.values())


def _read_text(text: Text, head: bytes, prefer_tab: bool, na: frozenset[str]) -> tuple[Table, bool]:
    label = text.label
    if text.utf8 is not None:
        head = text.utf8[: sniff.SAMPLE_BYTES]
        complete = len(text.utf8) <= sniff.SAMPLE_BYTES
    else:
        complete = len(head) < sniff.SAMPLE_BYTES
    dialect = sniff.sniff_dialect(head, label, complete, prefer_tab)
    offset = 2 if dialect.has_header else 1
    decimal_comma = dialect.delimiter == ";"
    if dialect.clean_start:
        frame = _polars_csv(text.source, dialect)
        if frame is not None and frame.height == 0 and dialect.has_header:
            raise _header_only(label)
        if frame is not None and frame.height > 0:
            # Without quotes a record is a line, and polars keeps blank lines as empty rows,
            # so row i sits on line i + offset; with quotes a record may span lines: ask the
            # exact reader, but only when a message needs it.
            row_of = (lambda i: i + offset) if not dialect.quoted else _lazy_lines(text, dialect)
            table = table_from_frame(frame, label, row_of, decimal_comma, na)
            if not any(_has_empty(c) or c.problem for c in table.columns.values()):
                return table, dialect.blank_first
    # The exact reader: empty cells may be short rows, polars cannot say which line failed, and
    # a bad cell is best shown as written ("NaN", not polars' nan).
    return _exact_csv(text, dialect, na), dialect.blank_first


def _has_empty(column: Column) -> bool:
    """Empty cells (not markers such as "NA"): only these may be the holes of a short row."""
    count = column.missing.sum() if column.missing.any() else 0
    return bool(count > sum(n for _, n in column.markers))


def _polars_csv(source: "Callable[[], Path | io.BytesIO]", dialect: sniff.Dialect) -> "pl.DataFrame | None":
    """The fast read; None when polars refuses the file or sees it differently from the sniffer.

    Types are guessed from the first `_INFER_ROWS` rows; a cell further down that does not fit
    its column's guess (polars names the column) re-reads the file with that column as text.
    """
    import polars as pl

    # A `;` file is read as text: "4.123" there may be thousands (4123), which only the
    # file's other columns can tell (decimal commas); `table_from_frame` decides.
    all_text = dialect.delimiter == ";"
    as_text: dict[str, type[pl.DataType]] = {}
    while True:
        try:
            frame = pl.read_csv(
                source(),
                separator=dialect.delimiter,
                has_header=dialect.has_header,
                quote_char='"',
                infer_schema_length=0 if all_text else _INFER_ROWS,
                schema_overrides=as_text or None,
                encoding="utf8",
                truncate_ragged_lines=False,
                glob=False,  # "data[1].csv" is a file name, not a pattern
            )
            break
        except pl.exceptions.ComputeError as exc:
            failed = _FAILED_COLUMN.search(str(exc))
            if all_text or failed is None:
                return None
            if len(as_text) == _RETYPED_AT_MOST:
                all_text = True
                continue
            names = _polars_names(source, dialect)
            number = int(failed.group(1))
            if names is None or not 1 <= number <= len(names) or names[number - 1] in as_text:
                return None
            as_text[names[number - 1]] = pl.String
        except Exception:  # noqa: BLE001 — any refusal goes to the exact reader, which explains it
            return None
    if frame.width != len(dialect.names):
        return None
    frame.columns = list(dialect.names)
    return frame


def _polars_names(source: "Callable[[], Path | io.BytesIO]", dialect: sniff.Dialect) -> list[str] | None:
    """The column names polars gives the file (it renames duplicates), from its first row only."""
    import polars as pl

    try:
        return pl.read_csv(source(), separator=dialect.delimiter, has_header=dialect.has_header, quote_char='"',
                           n_rows=1, infer_schema_length=0, encoding="utf8", glob=False).columns
    except Exception:  # noqa: BLE001 — the exact reader explains a file polars cannot start
        return None


def _exact_csv(text: Text, dialect: sniff.Dialect, na: frozenset[str]) -> Table:
    import polars as pl

    label = text.label
    records, lines = read_records(text.path, label, dialect.delimiter, text.text())
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
                f"{plural(len(names), 'column')} ({show_list(names, 12)}) — fix the row or remove it"
            )
    frame = pl.DataFrame(
        {name: [record[i] for record in records] for i, name in enumerate(names)},
        schema={name: pl.String for name in names},
    )
    return table_from_frame(frame, label, lines.__getitem__, dialect.delimiter == ";", na)


def _lazy_lines(text: Text, dialect: sniff.Dialect) -> Callable[[int], int]:
    @cache
    def lines() -> list[int]:
        found = read_records(text.path, text.label, dialect.delimiter, text.text())[1]
        return found[1:] if dialect.has_header else found

    # Should the two readers ever count records differently, a near line beats no message.
    return lambda i: lines()[i] if i < len(lines()) else i + (2 if dialect.has_header else 1)


def _header_only(label: str) -> TuiNNError:
    return TuiNNError(f"{label} has a header but no data rows — add rows below the header")

