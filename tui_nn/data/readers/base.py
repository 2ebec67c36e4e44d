"""What a reader is: an entry in `READERS` (its name, suffixes, a content test, its read), and
the `Source` every read function is given.

A format is one module with a `read(source) -> Table` (and its `SUFFIXES`, and `claims` when
its files are known by their first bytes) plus one line in `READERS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from tui_nn.data import sniff

if TYPE_CHECKING:
    from tui_nn.data.readers.table import Table


@dataclass(frozen=True)
class Source:
    """A file to read, and how: what `read_table` hands the reader that claims the file."""

    path: Path
    label: str
    """How messages name the file: the path as the user gave it."""
    head: bytes
    """The file's first bytes (`sniff.SAMPLE_BYTES` of them, or the whole file when shorter)."""
    na: frozenset[str]
    """Cells read as missing, besides empty ones."""
    encoding: str | None = None
    """The text encoding the user gave; None to detect it."""
    sheet: str | int | None = None
    """A spreadsheet's sheet, by name or 1-based number; None for the first."""

    @property
    def suffix(self) -> str:
        """`.csv`, lower case (`""` for none)."""
        return self.path.suffix.lower()

    def check_text(self) -> None:
        """A text format's first step: refuse a binary file, naming what it looks like (not
        when the encoding is given, or the file is UTF-16 by its byte-order mark)."""
        if self.encoding is None and not self.head.startswith(sniff.UTF16_BOMS):
            sniff.check_text(self.head, self.label)


def never(path: Path, head: bytes) -> bool:
    """A format known by its suffix alone."""
    return False


@dataclass(frozen=True)
class Reader:
    """One file format: `read_table` gives a file to the first reader in `READERS` that has its
    suffix or `claims` it."""

    name: str
    suffixes: tuple[str, ...]
    """Lower-case suffixes, with the dot: a file with one of these is this format."""
    read: Callable[[Source], Table]
    """The file → a Table (with `row_of` and notes); any problem a one-line TuiNNError."""
    claims: Callable[[Path, bytes], bool] = never
    """Whatever the suffix, whether the file's path and first bytes say it is this format
    (Parquet's `PAR1`); the fallback, last in `READERS`, claims every file."""
