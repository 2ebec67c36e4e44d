"""The readers' registry: one module a format, one READERS entry each, the delimited reader last."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tui_nn.data import readers
from tui_nn.data.readers import READERS, Reader, Source, read_table
from tui_nn.data.readers.table import Column, Table


def test_every_reader_has_its_own_name_and_suffixes_and_the_fallback_comes_last():
    names = [reader.name for reader in READERS]
    assert len(set(names)) == len(names)
    assert names[-1] == "delimited"
    suffixes = [suffix for reader in READERS for suffix in reader.suffixes]
    assert len(set(suffixes)) == len(suffixes)
    assert all(suffix.startswith(".") and suffix == suffix.lower() for suffix in suffixes)
    assert READERS[-1].claims(Path("anything.dat"), b"")  # what no other reader claims


def test_a_file_goes_to_the_first_reader_that_claims_it(tmp_path):
    # Parquet's magic wins over any name: the registry asks each reader's claims in order.
    import polars as pl

    path = tmp_path / "really_parquet.csv"
    pl.DataFrame({"x": [1.0, 2.0], "y": [0, 1]}).write_parquet(path)
    table = read_table(path)
    assert list(table.columns) == ["x", "y"] and table.row_of(0) == 1  # Parquet's rows, not a text file's lines


def test_a_new_format_is_one_reader_in_the_list(tmp_path, monkeypatch):
    def read(source: Source) -> Table:
        values = np.array([float(v) for v in source.path.read_text().split()])
        column = Column("v", "number", values, np.zeros(len(values), dtype=bool))
        return Table(source.label, {"v": column}, len(values), lambda i: i + 1, (f"{source.label}: read as words",))

    monkeypatch.setattr(readers, "READERS", (Reader("words", (".words",), read), *READERS))
    path = tmp_path / "a.words"
    path.write_text("1 2 3")
    table = read_table(path)
    assert table.columns["v"].values.tolist() == [1.0, 2.0, 3.0]
    assert table.notes == (f"{path}: read as words",)


@pytest.mark.parametrize("module", sorted(Path(readers.__file__).parent.glob("*.py")), ids=lambda p: p.name)
def test_every_reader_module_stays_small(module):
    assert len(module.read_text(encoding="utf-8").splitlines()) < 500
