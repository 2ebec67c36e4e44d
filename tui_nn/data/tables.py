"""Read a data file into a `Table` of typed columns, with errors a person can act on.

Formats: delimited text (CSV, TSV, ...: delimiter and header sniffed; UTF-8 with or without
a BOM, else the encoding is detected: UTF-16 by its BOM, cp1252, Latin-1), Excel and
OpenDocument sheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, through polars' calamine
engine), Parquet (`.parquet`, or any file that starts like one) and JSON (`.jsonl`, `.ndjson`,
`.json`): one object per line, one array of objects (`[{"x": 1}, {"x": 2}]`, what most tools
write as "records"), or pandas' `columns` (its default), `index`, `split` and `table` layouts.
polars reads; it is imported inside the functions that need it so that `import tui_nn.data`
stays fast.

Real files hold more than clean cells, and each reading decision becomes a note: pandas' NA
strings and `?` are missing (`na_values` replaces the set), a leading row index as pandas and
R write it is dropped (`keep_index` keeps it), numbers written with thousands separators are
numbers.

Row numbers in messages are what a person finds the row by: the line in an editor for text
files (the header is line 1), the sheet's row for Excel, the 1-based row for Parquet, the
record's number for JSON.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np

from tui_nn.data import sniff
from tui_nn.data.pyreader import decode, read_records
from tui_nn.data.text import clean_name, drop_advice, plural, show, show_list
from tui_nn.errors import TuiNNError

if TYPE_CHECKING:
    import polars as pl

KINDS = ("number", "bool", "text")
PARQUET_SUFFIXES = (".parquet", ".pq")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
DEFAULT_NA_VALUES = (
    "", "NA", "N/A", "n/a", "NaN", "nan", "-NaN", "-nan", "null", "NULL", "None", "<NA>", "#N/A",
    "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "1.#IND", "1.#QNAN", "?",
)
"""Cells read as missing by default: pandas' `read_csv` defaults, plus `?` (UCI's marker)."""
INDEX_NAMES = ("", "Unnamed: 0", "__index_level_0__", "__UNNAMED__0")
"""Headers a saved row index has: none (pandas' to_csv, R's write.csv), pandas' and calamine's names."""
_NAN_WORDS = frozenset({"NaN", "nan", "-NaN", "-nan"})
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
    markers: tuple[tuple[str, int], ...] = ()
    """Missing-value markers found (e.g. ("NA", 9)), most frequent first; empty cells not counted."""
    read_note: str | None = None
    """How the cells were read when it was not plain (e.g. thousands separators), for the notes."""
    replaced: bool = False
    """A cell holds U+FFFD: how polars shows a byte that is not UTF-8 (the reader then looks again)."""

    def missing_note(self) -> str | None:
        """`column "sex": 11 cells read as missing (9 "NA", 2 empty)`, when a marker was found."""
        if not self.markers:
            return None
        total = int(self.missing.sum())
        parts = [f'{count} "{show(marker)}"' for marker, count in self.markers]
        empty = total - sum(count for _, count in self.markers)
        if empty:
            parts.append(f"{empty} empty")
        return f'column "{self.name}": {plural(total, "cell")} read as missing ({", ".join(parts)})'

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
    notes: tuple[str, ...] = ()
    """What reading decided that a person may want to know: the encoding, the sheet, a dropped index."""

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


def read_table(
    path: str | Path,
    label: str | None = None,
    *,
    na_values: "tuple[str, ...] | list[str] | None" = None,
    keep_index: bool = False,
    encoding: str | None = None,
    sheet: str | int | None = None,
) -> Table:
    """Read a CSV/TSV/Excel/Parquet/JSON file into a Table; any problem is a one-line TuiNNError.

    `na_values`: the cells read as missing (default `DEFAULT_NA_VALUES`; an empty cell always is).
    `keep_index`: keep a leading row index (dropped by default, with a note). `encoding`: the
    text encoding, instead of detecting it. `sheet`: an Excel sheet's name or 1-based number.
    """
    path = Path(path)
    label = show(label or str(path), limit=1000)
    na = frozenset(DEFAULT_NA_VALUES if na_values is None else (str(v).strip() for v in na_values)) - {""}
    head = sniff.read_head(path, label)
    suffix = path.suffix.lower()
    blank_first = False
    if suffix in PARQUET_SUFFIXES or head.startswith(b"PAR1"):
        table = _read_parquet(path, label, na)
    elif suffix in EXCEL_SUFFIXES:
        table = _read_excel(path, label, sheet, na)
    else:
        if encoding is None and not head.startswith(sniff.UTF16_BOMS):
            sniff.check_text(head, label)
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if suffix in JSONL_SUFFIXES:
            table = None
            if suffix == ".json" and start.startswith(b"["):
                table = _read_json_array(path, label, na)
            elif suffix == ".json" and start.startswith(b"{"):
                table = _read_json_document(path, label, na)
            if table is None:
                table = _read_jsonl(path, label, na)
        else:
            table, blank_first = _read_delimited(path, label, head, suffix in (".tsv", ".tab"), na, encoding)
    return table if keep_index else _drop_row_index(table, blank_first)


def _drop_row_index(table: Table, blank_first: bool) -> Table:
    """Without the first column when it is a saved row index: no header (or pandas' name for none)
    and whole numbers counting up from 0 or 1 (pandas' `to_csv`, R's `write.csv`). Kept, it
    would be a feature that leaks the row order (one real table went from 0.44 to 1.00)."""
    if len(table.columns) < 2:
        return table
    name, column = next(iter(table.columns.items()))
    if not (blank_first or name in INDEX_NAMES) or column.missing.any() or not table.n_rows:
        return table
    values = column.values
    if column.kind == "number" and values[0] in (0.0, 1.0) and _counts_up(values):
        what = f"{number_text(values[0])}…{number_text(values[-1])}): a row index as pandas and R save it"
    elif column.kind == "text" and table.n_rows > 1 and len(set(values)) == table.n_rows:
        # R's write.csv of a data frame with row names (mtcars: "Mazda RX4", ...): one category a row.
        what = f'row names such as "{show(values[0])}"): one different name a row, as R saves row names'
    else:
        return table
    columns = dict(table.columns)
    del columns[name]
    note = f"{table.label}: dropped the first column (no header, {what}; --keep-index keeps it"
    return replace(table, columns=columns, notes=(*table.notes, note))


def _counts_up(values: np.ndarray) -> bool:
    """Whether (n,) values are whole numbers each one more than the last (a sample first: cheap)."""
    head = values[:1000]
    if not (np.all(np.diff(head) == 1.0) and float(head[0]).is_integer()):
        return False
    return bool(np.all(np.diff(values) == 1.0))


# --- delimited text -------------------------------------------------------------------------


class _Text:
    """A delimited text file as the readers see it: its path, or its contents re-encoded as UTF-8
    when the file is in another encoding (polars reads only UTF-8, and lossily: silently U+FFFD)."""

    def __init__(self, path: Path, label: str, encoding: str | None = None, text: str | None = None) -> None:
        self.path, self.label, self.encoding, self._text = path, label, encoding, text
        self.utf8 = text.encode("utf-8") if text is not None else None

    def source(self) -> "Path | io.BytesIO":
        """What polars reads: the file itself when it is UTF-8."""
        return self.path if self.utf8 is None else io.BytesIO(self.utf8)

    def text(self) -> str:
        """The whole file as text (decoded strictly); `_NotUTF8` when a byte further on than
        the sample showed is not UTF-8, so the reader starts again with the detected encoding."""
        if self._text is None:
            try:
                self._text = self.path.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise _NotUTF8 from None
        return self._text


class _NotUTF8(Exception):
    """A file taken for UTF-8 from its first bytes turned out not to be."""


def _open_text(path: Path, label: str, head: bytes, encoding: str | None) -> tuple[_Text, str | None]:
    """The file's text source and a note on its encoding when it is not UTF-8. The sample decides
    for UTF-8 (no full scan on the fast path); `_recheck_utf8` catches a bad byte further on."""
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise TuiNNError(
                f'unknown encoding "{show(encoding)}" — use a name such as utf-8, cp1252, latin-1 or utf-16'
            ) from None
        # Forced is exact: decoded strictly here (polars alone would replace a bad byte silently).
        return _Text(path, label, name, _decode_as(path, label, "utf-8-sig" if name == "utf-8" else name)), None
    if head.startswith(sniff.UTF16_BOMS):
        return _Text(path, label, "utf-16", _decode_as(path, label, "utf-16")), f"{label} is UTF-16 text; read as such"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3 or len(head) < sniff.SAMPLE_BYTES:  # not a character cut by the sample's end
            return _detected(path, label)
    return _Text(path, label), None


def _detected(path: Path, label: str) -> tuple[_Text, str | None]:
    """A file that is not UTF-8: Windows' cp1252 when it decodes so, else Latin-1 (which decodes
    anything); the note names which, so a wrong guess can be corrected with --encoding."""
    data = path.read_bytes()
    try:
        return _Text(path, label, "utf-8", data.decode("utf-8-sig")), None
    except UnicodeDecodeError as exc:
        bad = exc.start
    if len(_UTF8_CHARS.findall(data)) >= 2:
        # Accents written as UTF-8 beside a byte that is not: a damaged or mixed file, which
        # another encoding would read as mojibake ("Ã©") everywhere else.
        line = data[:bad].count(b"\n") + 1
        raise TuiNNError(
            f"{label}, row {line}: not valid UTF-8 text, though the rest of the file is — fix that line, "
            "or give the file's encoding with --encoding NAME"
        )
    try:
        text, name = data.decode("cp1252"), "cp1252"
        # Without bytes 0x80–0x9F the two agree; then the file is plain Latin-1.
        if not re.search(b"[\x80-\x9f]", data):
            name = "latin-1"
    except UnicodeDecodeError:
        text, name = data.decode("latin-1"), "latin-1"
    words = {"cp1252": "cp1252 (Windows Western European)", "latin-1": "Latin-1 (ISO-8859-1)"}[name]
    return _Text(path, label, name, text), (
        f"{label} is not UTF-8 text: read as {words}; if its accents look wrong, give --encoding NAME"
    )


_UTF8_CHARS = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
"""A character outside ASCII as UTF-8 writes it (rare by chance in Latin-1 or cp1252 text)."""


def _decode_as(path: Path, label: str, encoding: str) -> str:
    data = path.read_bytes()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TuiNNError(
            f"{label}, row {line}: not valid {encoding.removesuffix('-sig').upper()} text — "
            "give the file's real encoding with --encoding NAME"
        ) from None
    return text.removeprefix("\ufeff")


def _read_delimited(
    path: Path, label: str, head: bytes, prefer_tab: bool, na: frozenset[str], encoding: str | None
) -> tuple[Table, bool]:
    """The table, and whether its first header cell is empty (a saved row index has none)."""
    text, note = _open_text(path, label, head, encoding)
    try:
        table, blank_first = _read_text(text, head, prefer_tab, na)
    except _NotUTF8:
        text, note = _detected(path, label)
        table, blank_first = _read_text(text, head, prefer_tab, na)
    if text.utf8 is None and encoding is None and _has_replacement(table):
        # polars replaced a byte that is not UTF-8 beyond the sample: read the file as what it is.
        text, note = _detected(path, label)
        if text.utf8 is not None and text.encoding != "utf-8":
            table, blank_first = _read_text(text, head, prefer_tab, na)
    return (replace(table, notes=(note,)) if note else table), blank_first


def _has_replacement(table: Table) -> bool:
    """Whether U+FFFD is in a name or a text cell (how polars shows a byte that is not UTF-8)."""
    if any("\ufffd" in name for name in table.columns):
        return True
    return any(c.replaced or "\ufffd" in (c.problem or "") for c in table.columns.values())


def _read_text(text: _Text, head: bytes, prefer_tab: bool, na: frozenset[str]) -> tuple[Table, bool]:
    path, label = text.path, text.label
    if text.utf8 is not None:
        head = text.utf8[: sniff.SAMPLE_BYTES]
        complete = len(text.utf8) <= sniff.SAMPLE_BYTES
    else:
        complete = len(head) < sniff.SAMPLE_BYTES
    dialect = sniff.sniff_dialect(head, label, complete, prefer_tab)
    offset = 2 if dialect.has_header else 1
    decimal_comma = dialect.delimiter == ";"
    if dialect.clean_start:
        frame = _polars_csv(text.source(), dialect)
        if frame is not None and frame.height == 0 and dialect.has_header:
            raise _header_only(label)
        if frame is not None and frame.height > 0:
            # Without quotes a record is a line, and polars keeps blank lines as empty rows,
            # so row i sits on line i + offset; with quotes a record may span lines: ask the
            # exact reader, but only when a message needs it.
            row_of = (lambda i: i + offset) if not dialect.quoted else _lazy_lines(text, dialect)
            table = _table_from_frame(frame, label, row_of, decimal_comma, na)
            if not any(_has_empty(c) or c.problem for c in table.columns.values()):
                return table, dialect.blank_first
    # The exact reader: empty cells may be short rows, polars cannot say which line failed, and
    # a bad cell is best shown as written ("NaN", not polars' nan).
    return _exact_csv(text, dialect, na), dialect.blank_first


def _has_empty(column: Column) -> bool:
    """Empty cells (not markers such as "NA"): only these may be the holes of a short row."""
    count = column.missing.sum() if column.missing.any() else 0
    return bool(count > sum(n for _, n in column.markers))


def _polars_csv(path: "Path | io.BytesIO", dialect: sniff.Dialect) -> "pl.DataFrame | None":
    """The fast read; None when polars refuses the file or sees it differently from the sniffer."""
    import polars as pl

    try:
        frame = pl.read_csv(
            path,
            separator=dialect.delimiter,
            has_header=dialect.has_header,
            quote_char='"',
            # A `;` file is read as text: "4.123" there may be thousands (4123), which only the
            # file's other columns can tell (decimal commas); `_table_from_frame` decides.
            infer_schema_length=0 if dialect.delimiter == ";" else _INFER_ROWS,
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


def _exact_csv(text: _Text, dialect: sniff.Dialect, na: frozenset[str]) -> Table:
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
    return _table_from_frame(frame, label, lines.__getitem__, dialect.delimiter == ";", na)


def _lazy_lines(text: _Text, dialect: sniff.Dialect) -> Callable[[int], int]:
    @cache
    def lines() -> list[int]:
        found = read_records(text.path, text.label, dialect.delimiter, text.text())[1]
        return found[1:] if dialect.has_header else found

    # Should the two readers ever count records differently, a near line beats no message.
    return lambda i: lines()[i] if i < len(lines()) else i + (2 if dialect.has_header else 1)


def _header_only(label: str) -> TuiNNError:
    return TuiNNError(f"{label} has a header but no data rows — add rows below the header")


# --- Excel ----------------------------------------------------------------------------------


def _read_excel(path: Path, label: str, sheet: str | int | None, na: frozenset[str]) -> Table:
    """One sheet of a workbook (default: the first, named in a note), its first row the header."""
    import polars as pl

    try:
        import fastexcel
    except ImportError:  # pragma: no cover — a dependency; absent only in a broken install
        raise TuiNNError(f"{label}: reading Excel files needs the fastexcel package — pip install fastexcel") from None
    try:
        names = list(fastexcel.read_excel(path).sheet_names)
    except Exception as exc:  # noqa: BLE001 — calamine raises its own kinds for damaged files
        reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
        raise TuiNNError(f"{label} is not a readable spreadsheet ({reason}) — check that it was saved completely") from None
    if not names:
        raise TuiNNError(f"{label} has no sheets — it needs a sheet with a header row and data rows")
    chosen = _pick_sheet(label, names, sheet)
    try:
        frame = pl.read_excel(path, sheet_name=chosen, engine="calamine")
    except Exception as exc:  # noqa: BLE001
        reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
        raise TuiNNError(f'{label}, sheet "{show(chosen)}" cannot be read ({reason}) — check the sheet') from None
    if frame.width == 0 or frame.height == 0:
        raise TuiNNError(f'{label}, sheet "{show(chosen)}" has no data rows — it needs a header row and rows below it')
    frame = _excel_text_where_lost(path, chosen, frame)
    # calamine names an empty header cell __UNNAMED__i; the CSV reader calls it column{i+1}.
    frame.columns = [
        f"column{i + 1}" if name.startswith("__UNNAMED__") and i else name for i, name in enumerate(frame.columns)
    ]
    table = _table_from_frame(frame, label, lambda i: i + 2, False, na)  # row 1 is the header
    notes: tuple[str, ...] = ()
    if sheet is None:
        others = f" ({len(names)} sheets: {show_list(names)}; --sheet NAME|N for another)" if len(names) > 1 else ""
        notes = (f'{label}: read the sheet "{show(chosen)}"{others}',)
    return replace(table, notes=notes)


def _excel_text_where_lost(path: Path, sheet: str, frame: "pl.DataFrame") -> "pl.DataFrame":
    """calamine types a column by its cells and silently empties the ones that do not fit ("NA",
    or a typo, in a column of numbers): such columns are taken again as the text in the sheet,
    so that markers are counted and a bad cell is named, as in a CSV file."""
    import polars as pl

    lossy = [name for name in frame.columns if frame.get_column(name).dtype != pl.String
             and frame.get_column(name).null_count()]
    if not lossy:
        return frame
    text = pl.read_excel(path, sheet_name=sheet, engine="calamine", infer_schema_length=0)
    if text.columns != frame.columns or text.height != frame.height:
        return frame
    columns = []
    for name in frame.columns:
        cells = text.get_column(name)
        typed = frame.get_column(name)
        blank = cells.is_null() | (cells.str.strip_chars().str.len_bytes() == 0)
        lost = name in lossy and typed.null_count() > int(blank.sum())
        columns.append(cells if lost else typed)
    return pl.DataFrame(columns)


def _pick_sheet(label: str, names: list[str], sheet: str | int | None) -> str:
    """The sheet's name from `sheet`: a name, or a number counting from 1."""
    if sheet is None:
        return names[0]
    text = str(sheet).strip()
    if text in names:
        return text
    if text.isdigit() and 1 <= int(text) <= len(names):
        return names[int(text) - 1]
    raise TuiNNError(
        f'{label} has no sheet "{show(text)}" — its sheets are: {show_list(names, 20)} (give a name or a number from 1)'
    )


# --- Parquet and JSON lines -----------------------------------------------------------------


def _read_parquet(path: Path, label: str, na: frozenset[str]) -> Table:
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
    return _table_from_frame(frame, label, lambda i: i + 1, False, na)


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
    table = _table_from_frame(frame, label, row_of, False, na)
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


# --- typing columns -------------------------------------------------------------------------


_DEFAULT_NA = frozenset(DEFAULT_NA_VALUES) - {""}


def _table_from_frame(
    frame: "pl.DataFrame", label: str, row_of: Callable[[int], int], decimal_comma: bool = False,
    na: frozenset[str] = _DEFAULT_NA,
) -> Table:
    """Type every column; a column that cannot be used keeps its error for when it is used."""
    import polars as pl

    columns: dict[str, Column] = {}
    # A file written with decimal commas uses dots only to group thousands (4.123 is 4123).
    dots_group = decimal_comma and any(
        frame.get_column(name).dtype == pl.String
        and bool(frame.get_column(name).str.contains(r"^\s*[+-]?\d+,\d+\s*$").any())
        for name in frame.columns
    )
    for i, name in enumerate(frame.columns):
        series = frame.get_column(name)
        # Names from JSON keys or Parquet may hold line breaks; messages need them on one line.
        key = clean_name(name) or f"column{i + 1}"
        key = key if key not in columns and (key == name or key not in frame.columns) else name
        try:
            columns[key] = _type_column(series.rename(key), label, row_of, decimal_comma, na, dots_group)
        except TuiNNError as exc:
            n = frame.height
            columns[key] = Column(key, "number", np.full(n, np.nan), np.zeros(n, dtype=bool), problem=str(exc))
    return Table(label=label, columns=columns, n_rows=frame.height, row_of=row_of)


def _type_column(
    series: "pl.Series", label: str, row_of: Callable[[int], int], decimal_comma: bool = False,
    na: frozenset[str] = _DEFAULT_NA, dots_group: bool = False,
) -> Column:
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
        markers: tuple[tuple[str, int], ...] = ()
        if dtype.is_float() and not np.isfinite(values).all():  # one pass over a clean column
            if na & _NAN_WORDS:
                # pandas writes a missing float as NaN (Parquet, JSON's NaN literal): missing, as "NaN" is.
                nan = np.isnan(values) & ~missing
                if nan.any():
                    missing = missing | nan
                    markers = (("NaN", int(nan.sum())),)
            _check_finite(values, missing, None, name, label, row_of)
        return Column(name, "number", values, missing, integer=dtype.is_integer(), markers=markers)
    if dtype == pl.Boolean:
        return Column(name, "bool", series.cast(pl.Float64).to_numpy(), series.is_null().to_numpy())
    if dtype in (pl.Categorical, pl.Enum):
        series = series.cast(pl.String)
        dtype = pl.String
    if dtype != pl.String:
        raise TuiNNError(
            f'{label}: column "{name}" holds {_kind_words(dtype)} — tui-nn needs numbers, text or true/false; '
            f"drop it with {drop_advice(name)}"
        )
    return _type_text(series, label, row_of, decimal_comma, na, dots_group)


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


def _type_text(
    series: "pl.Series", label: str, row_of: Callable[[int], int], decimal_comma: bool = False,
    na: frozenset[str] = _DEFAULT_NA, dots_group: bool = False,
) -> Column:
    """A column read as text: numbers, true/false, or real text (categories). Cells in `na` are
    missing (counted by marker, for a note). In `;`-separated files (the European convention) a
    column written with decimal commas (1,5) is numbers; numbers with thousands separators
    (3,504 or 3.504,5) are numbers too."""
    import polars as pl

    name = series.name
    text = series.str.strip_chars()
    markers: tuple[tuple[str, int], ...] = ()
    marked = text.is_in(sorted(na)) if na else None
    if marked is not None and marked.any():
        found = text.filter(marked).value_counts()
        markers = tuple(sorted(((str(v), int(c)) for v, c in found.iter_rows()), key=lambda m: (-m[1], m[0])))
        empty = (text.str.len_bytes() == 0) | marked
    else:
        empty = text.str.len_bytes() == 0
    text = pl.select(pl.when(empty).then(None).otherwise(text)).to_series().rename(name)
    missing = text.is_null().to_numpy()
    present = int((~missing).sum())
    if present and bool(text.str.to_lowercase().is_in(["true", "false"]).fill_null(True).all()):
        values = (text.str.to_lowercase() == "true").cast(pl.Float64).to_numpy()
        return Column(name, "bool", values, missing, markers=markers)
    numbers = text.cast(pl.Float64, strict=False)
    read_note = None
    if decimal_comma and numbers.null_count() > text.null_count() and not text.str.contains(".", literal=True).any():
        comma = text.str.replace(",", ".", literal=True)
        if comma.cast(pl.Float64, strict=False).null_count() == text.null_count():
            text, numbers = comma, comma.cast(pl.Float64)
    failed = numbers.null_count() > text.null_count()
    if present and (failed or (dots_group and text.str.contains(".", literal=True).any())):
        grouped = _thousands(text, decimal_comma)
        if grouped is not None:
            shown = text.str.contains(_GROUPED[decimal_comma]).fill_null(False)
            example, value = text.filter(shown).item(0), grouped.filter(shown).cast(pl.Float64).item(0)
            text, numbers = grouped, grouped.cast(pl.Float64)
            read_note = (
                f'column "{name}": numbers written with thousands separators, read as numbers '
                f'("{show(example)}" is {number_text(value)})'
            )
    bad = (numbers.is_null() & text.is_not_null()).to_numpy()
    n_bad = int(bad.sum())
    if present and n_bad == 0:
        values = numbers.to_numpy().astype(np.float64, copy=False)
        _check_finite(values, missing, text, name, label, row_of)
        integer = text.cast(pl.Int64, strict=False).null_count() == text.null_count()
        return Column(name, "number", values, missing, integer=integer, markers=markers, read_note=read_note)
    if present - n_bad > n_bad:
        # Mostly numbers: the odd one out is a typo, not a category.
        i = int(np.argmax(bad))
        raise TuiNNError(
            f'{label}, row {row_of(i)}, column "{name}": "{show(text[i])}" is not a number — '
            f"fix the cell, mark it missing (empty, NA or ?), or drop the column with {drop_advice(name)}"
        )
    replaced = bool(text.str.contains("\ufffd", literal=True).any())
    return Column(name, "text", text.to_numpy().astype(object, copy=False), missing, markers=markers, replaced=replaced)


_GROUPED = {
    False: r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$",  # 3,504 and 1,234,567.5
    True: r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$",  # 3.504,5 in a decimal-comma file
}
_PLAIN = {False: r"^[+-]?\d+(?:\.\d+)?$", True: r"^[+-]?\d+(?:,\d+)?$"}


def _thousands(text: "pl.Series", decimal_comma: bool) -> "pl.Series | None":
    """The cells without their thousands separators, when every one is a number written so (or a
    plain number) and at least one has a separator; else None."""
    present = text.drop_nulls()
    grouped = present.str.contains(_GROUPED[decimal_comma])
    if not grouped.any() or not (grouped | present.str.contains(_PLAIN[decimal_comma])).all():
        return None
    if decimal_comma:
        return text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    return text.str.replace_all(",", "", literal=True)


def _check_finite(
    values: np.ndarray, missing: np.ndarray, text: "pl.Series | None", name: str, label: str, row_of: Callable[[int], int]
) -> None:
    bad = ~np.isfinite(values) & ~missing
    if bad.any():
        i = int(np.argmax(bad))
        shown = show(text[i]) if text is not None else str(values[i])
        raise TuiNNError(
            f'{label}, row {row_of(i)}, column "{name}": "{shown}" is not a finite number — '
            "fix the cell, or empty it to mark it missing (then --drop-missing or --fill-missing mean|median|zero)"
        )


def number_text(value: float) -> str:
    """A number as a label: whole numbers without ".0" (so class 1 reads "1"), others as Python writes them."""
    value = float(value)
    if value != value:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)

