"""Cells to numbers, for the schema's encoders: a number from text (true/false as 1/0), a
column's numbers at some rows, a one-hot block from sorted categories, and the blocked copy
of whole columns into a row-major array. No schema here: the schema decides which to use.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from tui_nn.data.text import plural, show, show_list
from tui_nn.errors import TuiNNError

_TRUE_FALSE = {"true": 1.0, "false": 0.0}


def copy_columns(x: np.ndarray, columns: list[tuple[int, np.ndarray]], block: int = 1 << 15) -> None:
    """x[:, j] = values for each (j, values), a block of rows at a time: writing one whole column
    into a row-major (n, k) array strides through all of memory per column; by blocks, the rows
    being written stay in cache (3× faster for a million rows)."""
    for start in range(0, len(x), block):
        stop = start + block
        for j, values in columns:
            x[start:stop, j] = values[start:stop]


def parse_number(raw: str, where: str) -> float:
    """A cell or input as a finite float (true/false read as 1/0), else an error naming `where`."""
    text = raw.strip()
    if text.lower() in _TRUE_FALSE:
        return _TRUE_FALSE[text.lower()]
    if not text:
        raise TuiNNError(f"{where} is empty — give a number")
    try:
        value = float(text)
    except ValueError:
        raise TuiNNError(f'{where}: "{text}" is not a number — give a number like 1.5') from None
    if not math.isfinite(value):
        raise TuiNNError(f'{where}: "{text}" is not a finite number — give a number like 1.5')
    return value


def one_hot(
    column: Any, rows: np.ndarray, cats: tuple[str, ...], fill: Any, where: Callable,
    unknown: str = "error", notes: list[str] | None = None,
) -> np.ndarray:
    """(len(rows), len(cats)) one-hot block; `cats` are sorted, so a binary search finds each.
    Object arrays throughout: Python string comparison, as the sort that made `cats`."""
    values = column.texts()[rows]
    if fill is not None:
        values = np.where(column.missing[rows], fill, values).astype(object)
    known = np.array(cats, dtype=object)
    # A None (a missing cell nobody filled) compares with nothing: as text it is unknown.
    values = np.array(["" if v is None else v for v in values], dtype=object) if any(v is None for v in values) else values
    index = np.minimum(np.searchsorted(known, values), len(cats) - 1)
    strange = known[index] != values
    block = np.zeros((len(rows), len(cats)), dtype=np.float64)
    if strange.any():
        if unknown != "zeros":
            j = int(np.argmax(strange))
            lenient = ", or predict without --strict (an unknown category is then all zeros)" if unknown == "strict" else ""
            raise TuiNNError(
                f'{where(int(rows[j]), column.name)}: "{show(values[j])}" is not a category the model knows '
                f"(known: {show_list(cats, 20)}) — fix the cell, or retrain with data that has it{lenient}"
            )
        if notes is not None:
            seen = list(dict.fromkeys(values[strange]))
            notes.append(
                f'warning: column "{column.name}": {plural(int(strange.sum()), "row")} with a category the model '
                f"never saw ({show_list(seen, 6)}) — encoded as all zeros (known: {show_list(cats, 12)}); "
                "--strict makes it an error"
            )
        keep = ~strange
        block[np.flatnonzero(keep), index[keep]] = 1.0
        return block
    block[np.arange(len(rows)), index] = 1.0
    return block


def numbers_of(column: Any, rows: np.ndarray, where: Callable) -> np.ndarray:
    """A column's numbers at `rows` (NaN where empty); a column read as text must parse cell by cell."""
    if column.kind != "text":
        return column.values[rows]
    return np.array(
        [np.nan if v is None else parse_number(v, where(int(rows[j]), column.name)) for j, v in enumerate(column.values[rows])],
        dtype=np.float64,
    )
