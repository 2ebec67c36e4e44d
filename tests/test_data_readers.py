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


# -- the fast path: polars guesses types from a few rows; a later surprise costs one column ---


def _late_surprises(path: Path, rows: int = 30_000) -> None:
    """Clean numbers for thousands of rows, then the surprises real files hold far down: an
    `NA` in an integer column, a decimal in a column of whole numbers, a word in a third."""
    lines = ["count,size,kind,y"]
    for i in range(rows):
        count = "NA" if i == 20_000 else str(i % 7)
        size = "2.5" if i == 15_000 else str(i % 11)
        kind = "big" if i % 2 else "small"
        lines.append(f"{count},{size},{kind},{i % 3}")
    path.write_text("\n".join(lines) + "\n")


def test_a_late_missing_marker_or_decimal_stays_on_polars_fast_path(tmp_path, monkeypatch):
    from tui_nn.data.readers import delimited

    def exact_reader_is_not_needed(*args, **kwargs):
        raise AssertionError("the exact (pure-Python) reader was used for a clean file")

    monkeypatch.setattr(delimited, "_exact_csv", exact_reader_is_not_needed)
    path = tmp_path / "late.csv"
    _late_surprises(path)
    table = read_table(path)
    count, size = table.columns["count"], table.columns["size"]
    assert count.kind == "number" and bool(count.missing[20_000]) and int(count.missing.sum()) == 1
    assert dict(count.markers) == {"NA": 1} and count.values[20_001] == 20_001 % 7
    assert size.kind == "number" and size.values[15_000] == 2.5 and not size.missing.any()
    assert table.columns["kind"].kind == "text" and table.n_rows == 30_000


def test_a_late_surprise_reads_the_same_as_the_exact_reader(tmp_path):
    from tui_nn.data.readers import delimited
    from tui_nn.data.readers.encoding import open_text
    from tui_nn.data import sniff

    path = tmp_path / "late.csv"
    _late_surprises(path, rows=20_500)
    fast = read_table(path)
    head = path.read_bytes()[: sniff.SAMPLE_BYTES]
    text, _ = open_text(path, str(path), head, None)
    dialect = sniff.sniff_dialect(head, str(path), False, False)
    exact = delimited._exact_csv(text, dialect, frozenset({"NA"}))
    for name in ("count", "size", "kind", "y"):
        a, b = fast.columns[name], exact.columns[name]
        assert a.kind == b.kind, name
        assert np.array_equal(a.missing, b.missing), name
        if a.kind == "number":
            assert np.array_equal(a.values[~a.missing], b.values[~b.missing]), name
        else:
            assert list(a.values) == list(b.values), name


def test_a_column_named_count_with_missing_markers_loads(tmp_path):
    # polars' value_counts names its result column "count": a column of that name crashed the reader.
    path = tmp_path / "counts.csv"
    path.write_text("count,y\n3,a\nNA,b\n5,a\n")
    column = read_table(path).columns["count"]
    assert column.missing.tolist() == [False, True, False] and dict(column.markers) == {"NA": 1}
