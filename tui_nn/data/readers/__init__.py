"""Read a data file into a `Table` of typed columns, with errors a person can act on.

One module a format, one line each in `READERS`; `read_table` gives the file to the first
reader that has its suffix or claims its first bytes, the delimited reader last for the rest:

    parquet.py    Parquet (`.parquet`, `.pq`, or any file that starts like one)
    excel.py      Excel and OpenDocument sheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`)
    json.py       JSON lines, arrays of objects, pandas' `to_json` layouts (`.json`, `.jsonl`, `.ndjson`)
    delimited.py  CSV, TSV, `;` and `|` text: delimiter and header sniffed, encoding detected

and what they share: `table.py` (Table, Column, the missing-value markers), `columns.py`
(typing a polars frame's columns), `encoding.py` (text that is not UTF-8), `row_index.py` (a
saved row index dropped), `base.py` (Reader, Source). polars reads; it is imported inside the
functions that need it so that `import tui_nn.data` stays fast.

Real files hold more than clean cells, and each reading decision becomes a note: pandas' NA
strings and `?` are missing (`na_values` replaces the set), a leading row index as pandas and
R write it is dropped (`keep_index` keeps it), numbers written with thousands separators are
numbers.
"""

from __future__ import annotations

from pathlib import Path

from tui_nn.data import sniff
from tui_nn.data.readers import delimited, excel, json, parquet
from tui_nn.data.readers.base import Reader, Source
from tui_nn.data.readers.row_index import drop_row_index
from tui_nn.data.readers.table import DEFAULT_NA_VALUES, Table
from tui_nn.data.text import show

READERS: tuple[Reader, ...] = (
    Reader("parquet", parquet.SUFFIXES, parquet.read, claims=parquet.claims),
    Reader("excel", excel.SUFFIXES, excel.read),
    Reader("json", json.SUFFIXES, json.read),
    Reader("delimited", delimited.SUFFIXES, delimited.read, claims=delimited.claims),  # last: the fallback
)
"""Every format, in the order files are offered to them."""

__all__ = ["READERS", "Reader", "Source", "read_table"]


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
    reader = next(r for r in READERS if suffix in r.suffixes or r.claims(path, head))
    table = reader.read(Source(path, label, head, na, encoding, sheet))
    return table if keep_index else drop_row_index(table)
