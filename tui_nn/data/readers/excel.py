"""Excel and OpenDocument sheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`), through polars'
calamine engine (the fastexcel package); messages give the sheet's row numbers (the header is row 1).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui_nn.data.readers.base import Source
from tui_nn.data.readers.columns import table_from_frame
from tui_nn.data.readers.table import Table
from tui_nn.data.text import show, show_list
from tui_nn.errors import TuiNNError

if TYPE_CHECKING:
    import polars as pl

SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")


def read(source: Source) -> Table:
    """One sheet of a workbook (default: the first, named in a note), its first row the header."""
    import polars as pl

    path, label, sheet, na = source.path, source.label, source.sheet, source.na
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
    table = table_from_frame(frame, label, lambda i: i + 2, False, na)  # row 1 is the header
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

