"""Read a data file into a `Table` of typed columns: the names other modules import.

The readers live in `tui_nn/data/readers/`, one module a format and one `READERS` list; this
module keeps `from tui_nn.data.tables import read_table, Table, ...` working.
"""

from __future__ import annotations

from tui_nn.data.readers import read_table
from tui_nn.data.readers.table import DEFAULT_NA_VALUES, INDEX_NAMES, KINDS, Column, Table, number_text

__all__ = ["DEFAULT_NA_VALUES", "INDEX_NAMES", "KINDS", "Column", "Table", "number_text", "read_table"]
