"""Look at the start of a file before reading it: is it there, is it text, how is it laid out.

Everything here works on the first `SAMPLE_BYTES` of the file with the standard library, so
the checks are cheap and a binary or missing file never reaches the table reader.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tui_nn.data.text import clean_name
from tui_nn.errors import TuiNNError

SAMPLE_BYTES = 1 << 16
"""How much of a file the sniffer reads; enough for a few hundred typical rows."""

DELIMITERS = (",", "\t", ";", "|")
"""Delimiters tried, in order of preference when two fit equally well."""

FORMATS_HINT = "tui-nn reads CSV/TSV text, Excel (.xlsx, .xls, .ods), Parquet (.parquet) and JSON (.json, .jsonl)"

_UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Dialect:
    """How a delimited text file is laid out, as far as its first rows tell."""

    delimiter: str
    has_header: bool
    names: tuple[str, ...]
    """Column names: the header's cells, or column1, column2, ... when there is no header."""
    quoted: bool
    """Whether a double quote occurs in the sample: then a record may span several lines."""
    clean_start: bool
    """The header (or first record) is on line 1, so row i of polars is line i + 1 (+1 with header)."""
    blank_first: bool = False
    """The header's first cell is empty: how pandas' to_csv and R's write.csv head a row index."""


def read_head(path: Path, label: str) -> bytes:
    """The first bytes of `path`, after checking it is a readable, non-empty file."""
    if not path.exists():
        raise TuiNNError(f"{label}: no such file — check the path")
    if path.is_dir():
        raise TuiNNError(f"{label} is a folder, not a data file — give the path of a file inside it ({FORMATS_HINT})")
    try:
        with path.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
    except PermissionError:
        raise TuiNNError(f"{label} cannot be read: permission denied — check the file's permissions") from None
    except OSError as exc:
        raise TuiNNError(f"{label} cannot be read ({exc.strerror or exc}) — check that it is a regular file") from None
    if not head.strip(_UTF8_BOM + b" \t\r\n"):
        raise TuiNNError(f"{label} is empty — it needs a header row and at least one data row")
    return head


def check_text(head: bytes, label: str) -> None:
    """Refuse binary files early, naming what they look like when we can tell."""
    if head.startswith(UTF16_BOMS):
        raise TuiNNError(f"{label} is UTF-16 text — save it as UTF-8 (most editors: Save As → Encoding: UTF-8)")
    if b"\x00" not in head:
        return
    if head.startswith(b"PK\x03\x04"):
        raise TuiNNError(
            f"{label} is a zip or Excel file, not a data table — give an Excel workbook its .xlsx name, "
            f"or export it as CSV ({FORMATS_HINT})"
        )
    raise TuiNNError(f"{label} is not a text data file (it contains binary bytes) — {FORMATS_HINT}")


def sniff_dialect(head: bytes, label: str, complete: bool, prefer_tab: bool = False) -> Dialect:
    """Guess delimiter and header from the first bytes (`complete`: the head is the whole file)."""
    text = head.decode("utf-8-sig", errors="replace")
    if not complete:
        # The sample ends mid-line (maybe mid-record); only whole lines are judged.
        text = text[: text.rfind("\n") + 1] or text
    order = ("\t",) + tuple(d for d in DELIMITERS if d != "\t") if prefer_tab else DELIMITERS
    delimiter, records = _best_delimiter(text, order)
    first = records[0] if records else [""]
    has_header = _looks_like_header(first, records[1:])
    if has_header:
        names = tuple(clean_name(cell) or f"column{i + 1}" for i, cell in enumerate(first))
        seen: set[str] = set()
        for name in names:
            if name in seen:
                raise TuiNNError(
                    f'{label}, row 1: the column name "{name}" appears twice — rename one of them'
                )
            seen.add(name)
    else:
        names = tuple(f"column{i + 1}" for i in range(len(first)))
    clean_start = bool(text) and text[0] not in "\r\n"
    blank_first = has_header and len(first) > 1 and not clean_name(first[0])
    return Dialect(delimiter, has_header, names, '"' in text, clean_start, blank_first)


def _records(text: str, delimiter: str, limit: int = 50) -> list[list[str]]:
    """Up to `limit` non-blank records of `text`; [] when the sample cannot be parsed that way."""
    out: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if any(cell.strip() for cell in record):
                out.append(record)
                if len(out) >= limit:
                    break
    except csv.Error:
        return out
    return out


def _best_delimiter(text: str, order: tuple[str, ...]) -> tuple[str, list[list[str]]]:
    """The delimiter that splits most rows into the same, largest number of fields."""
    best: tuple[tuple[bool, int, bool], str, list[list[str]]] | None = None
    for delimiter in order:
        records = _records(text, delimiter)
        if not records:
            continue
        width, count = Counter(len(r) for r in records).most_common(1)[0]
        # Consistency first (a delimiter that splits 90% of rows alike), then more columns, then
        # a first row as wide as the rest ("t;x" over "1,5;2": decimal commas split rows alike too).
        score = (width > 1 and count >= 0.9 * len(records), width, len(records[0]) == width)
        if best is None or score > best[0]:
            best = (score, delimiter, records)
    if best is None or best[0][1] <= 1:
        return order[0], (best[2] if best else [])
    return best[1], best[2]


def is_number(cell: str) -> bool:
    """Whether a cell reads as a number (the sniffer's notion; the reader decides for real)."""
    try:
        float(cell.strip().replace("_", "x"))  # Python accepts 1_000; polars and people do not
    except ValueError:
        return False
    return True


def _looks_like_header(first: list[str], rest: list[list[str]]) -> bool:
    """A first row with no numbers is a header; one with numbers is data unless it sits over numbers
    in a column where it has text (e.g. `x,1` over `0.5,2`: "x" names a numeric column)."""
    if not any(is_number(cell) for cell in first):
        return True
    for i, cell in enumerate(first):
        if not cell.strip() or is_number(cell):
            continue
        below = [r[i] for r in rest if i < len(r) and r[i].strip()]
        if below and all(is_number(v) for v in below):
            return True
    return False
