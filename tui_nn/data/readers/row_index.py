"""Every format's last step: a saved row index is dropped, with a note (`keep_index` keeps it)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tui_nn.data.readers.table import INDEX_NAMES, Table, number_text
from tui_nn.data.text import show


def drop_row_index(table: Table) -> Table:
    """Without the first column when it is a saved row index: no header (or pandas' name for none)
    and whole numbers counting up from 0 or 1 (pandas' `to_csv`, R's `write.csv`). Kept, it
    would be a feature that leaks the row order (one real table went from 0.44 to 1.00)."""
    if len(table.columns) < 2:
        return table
    name, column = next(iter(table.columns.items()))
    if not (table.blank_first or name in INDEX_NAMES) or column.missing.any() or not table.n_rows:
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
