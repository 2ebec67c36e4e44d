"""What every reader gives: a `Table` of typed `Column`s, and the cells read as missing.

Row numbers in messages are what a person finds the row by: the line in an editor for text
files (the header is line 1), the sheet's row for Excel, the 1-based row for Parquet, the
record's number for JSON; each reader gives its table the `row_of` that says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from tui_nn.data.text import plural, show, show_list
from tui_nn.errors import TuiNNError

KINDS = ("number", "bool", "text")
DEFAULT_NA_VALUES = (
    "", "NA", "N/A", "n/a", "NaN", "nan", "-NaN", "-nan", "null", "NULL", "None", "<NA>", "#N/A",
    "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "1.#IND", "1.#QNAN", "?",
)
"""Cells read as missing by default: pandas' `read_csv` defaults, plus `?` (UCI's marker)."""
INDEX_NAMES = ("", "Unnamed: 0", "__index_level_0__", "__UNNAMED__0")
"""Headers a saved row index has: none (pandas' to_csv, R's write.csv), pandas' and calamine's names."""


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
    blank_first: bool = False
    """The first header cell was empty, as a saved row index has it (its name is then column1)."""

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


def number_text(value: float) -> str:
    """A number as a label: whole numbers without ".0" (so class 1 reads "1"), others as Python writes them."""
    value = float(value)
    if value != value:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)

