"""Parquet (`.parquet`, `.pq`, or any file that starts like one): typed columns as written;
messages give 1-based row numbers."""

from __future__ import annotations

from pathlib import Path

from tui_nn.data.readers.base import Source
from tui_nn.data.readers.columns import table_from_frame
from tui_nn.data.readers.table import Table
from tui_nn.errors import TuiNNError

SUFFIXES = (".parquet", ".pq")


def claims(path: Path, head: bytes) -> bool:
    """A Parquet file starts with its magic, `PAR1`, whatever it is called."""
    return head.startswith(b"PAR1")


def read(source: Source) -> Table:
    import polars as pl

    path, label = source.path, source.label
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
    return table_from_frame(frame, label, lambda i: i + 1, False, source.na)
