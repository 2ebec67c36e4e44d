"""Type a polars frame's columns: numbers, true/false or text, with missing cells counted by
marker, decimal commas and thousands separators read as numbers, and a bad cell named.

Every reader ends here: `table_from_frame` turns what polars read into a `Table`. A column
that cannot be used keeps its error (`Column.problem`) for when it is used, so that `--drop`
can leave it behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import numpy as np

from tui_nn.data.readers.table import DEFAULT_NA_VALUES, Column, Table, number_text
from tui_nn.data.text import clean_name, drop_advice, show
from tui_nn.errors import TuiNNError

if TYPE_CHECKING:
    import polars as pl


_NAN_WORDS = frozenset({"NaN", "nan", "-NaN", "-nan"})
_DEFAULT_NA = frozenset(DEFAULT_NA_VALUES) - {""}


def table_from_frame(
    frame: "pl.DataFrame", label: str, row_of: Callable[[int], int], decimal_comma: bool = False,
    na: frozenset[str] = _DEFAULT_NA,
) -> Table:
    """Type every column; a column that cannot be used keeps its error for when it is used."""
    import polars as pl

    columns: dict[str, Column] = {}
    # A file written with decimal commas uses dots only to group thousands (4.123 is 4123).
    dots_group = decimal_comma and any(
        frame.get_column(name).dtype == pl.String
        and bool(frame.get_column(name).str.contains(r"^\s*[+-]?\d+,\d+\s*$").any())
        for name in frame.columns
    )
    for i, name in enumerate(frame.columns):
        series = frame.get_column(name)
        # Names from JSON keys or Parquet may hold line breaks; messages need them on one line.
        key = clean_name(name) or f"column{i + 1}"
        key = key if key not in columns and (key == name or key not in frame.columns) else name
        try:
            columns[key] = _type_column(series.rename(key), label, row_of, decimal_comma, na, dots_group)
        except TuiNNError as exc:
            n = frame.height
            columns[key] = Column(key, "number", np.full(n, np.nan), np.zeros(n, dtype=bool), problem=str(exc))
    return Table(label=label, columns=columns, n_rows=frame.height, row_of=row_of)


def _type_column(
    series: "pl.Series", label: str, row_of: Callable[[int], int], decimal_comma: bool = False,
    na: frozenset[str] = _DEFAULT_NA, dots_group: bool = False,
) -> Column:
    """Decide a column's kind from its cells and convert it; errors name the first bad cell."""
    import polars as pl

    name = series.name
    dtype = series.dtype
    if dtype == pl.Null:
        n = series.len()
        return Column(name, "number", np.full(n, np.nan), np.ones(n, dtype=bool))
    if dtype.is_numeric():
        values = series.cast(pl.Float64).to_numpy().astype(np.float64, copy=False)
        missing = series.is_null().to_numpy() if series.null_count() else np.zeros(len(values), dtype=bool)
        markers: tuple[tuple[str, int], ...] = ()
        if dtype.is_float() and not np.isfinite(values).all():  # one pass over a clean column
            if na & _NAN_WORDS:
                # pandas writes a missing float as NaN (Parquet, JSON's NaN literal): missing, as "NaN" is.
                nan = np.isnan(values) & ~missing
                if nan.any():
                    missing = missing | nan
                    markers = (("NaN", int(nan.sum())),)
            _check_finite(values, missing, None, name, label, row_of)
        return Column(name, "number", values, missing, integer=dtype.is_integer(), markers=markers)
    if dtype == pl.Boolean:
        return Column(name, "bool", series.cast(pl.Float64).to_numpy(), series.is_null().to_numpy())
    if dtype in (pl.Categorical, pl.Enum):
        series = series.cast(pl.String)
        dtype = pl.String
    if dtype != pl.String:
        raise TuiNNError(
            f'{label}: column "{name}" holds {_kind_words(dtype)} — tui-nn needs numbers, text or true/false; '
            f"drop it with {drop_advice(name)}"
        )
    return _type_text(series, label, row_of, decimal_comma, na, dots_group)


def _kind_words(dtype: object) -> str:
    """A polars type as a person would say it."""
    import polars as pl

    if dtype.is_temporal():
        return "dates or times"
    if isinstance(dtype, (pl.List, pl.Array)):
        return "lists (nested values)"
    if isinstance(dtype, pl.Struct):
        return "objects (nested values)"
    if dtype == pl.Binary:
        return "binary data"
    return f"{dtype} values"


def _type_text(
    series: "pl.Series", label: str, row_of: Callable[[int], int], decimal_comma: bool = False,
    na: frozenset[str] = _DEFAULT_NA, dots_group: bool = False,
) -> Column:
    """A column read as text: numbers, true/false, or real text (categories). Cells in `na` are
    missing (counted by marker, for a note). In `;`-separated files (the European convention) a
    column written with decimal commas (1,5) is numbers; numbers with thousands separators
    (3,504 or 3.504,5) are numbers too."""
    import polars as pl

    name = series.name
    text = series.str.strip_chars()
    markers: tuple[tuple[str, int], ...] = ()
    marked = text.is_in(sorted(na)) if na else None
    if marked is not None and marked.any():
        # Renamed: value_counts names its count column "count", which a column may be called.
        found = text.filter(marked).rename("marker").value_counts(name="cells")
        markers = tuple(sorted(((str(v), int(c)) for v, c in found.iter_rows()), key=lambda m: (-m[1], m[0])))
        empty = (text.str.len_bytes() == 0) | marked
    else:
        empty = text.str.len_bytes() == 0
    text = pl.select(pl.when(empty).then(None).otherwise(text)).to_series().rename(name)
    missing = text.is_null().to_numpy()
    present = int((~missing).sum())
    if present and bool(text.str.to_lowercase().is_in(["true", "false"]).fill_null(True).all()):
        values = (text.str.to_lowercase() == "true").cast(pl.Float64).to_numpy()
        return Column(name, "bool", values, missing, markers=markers)
    numbers = text.cast(pl.Float64, strict=False)
    read_note = None
    if decimal_comma and numbers.null_count() > text.null_count() and not text.str.contains(".", literal=True).any():
        comma = text.str.replace(",", ".", literal=True)
        if comma.cast(pl.Float64, strict=False).null_count() == text.null_count():
            text, numbers = comma, comma.cast(pl.Float64)
    failed = numbers.null_count() > text.null_count()
    if present and (failed or (dots_group and text.str.contains(".", literal=True).any())):
        grouped = _thousands(text, decimal_comma)
        if grouped is not None:
            shown = text.str.contains(_GROUPED[decimal_comma]).fill_null(False)
            example, value = text.filter(shown).item(0), grouped.filter(shown).cast(pl.Float64).item(0)
            text, numbers = grouped, grouped.cast(pl.Float64)
            read_note = (
                f'column "{name}": numbers written with thousands separators, read as numbers '
                f'("{show(example)}" is {number_text(value)})'
            )
    bad = (numbers.is_null() & text.is_not_null()).to_numpy()
    n_bad = int(bad.sum())
    if present and n_bad == 0:
        values = numbers.to_numpy().astype(np.float64, copy=False)
        _check_finite(values, missing, text, name, label, row_of)
        integer = text.cast(pl.Int64, strict=False).null_count() == text.null_count()
        return Column(name, "number", values, missing, integer=integer, markers=markers, read_note=read_note)
    if present - n_bad > n_bad:
        # Mostly numbers: the odd one out is a typo, not a category.
        i = int(np.argmax(bad))
        raise TuiNNError(
            f'{label}, row {row_of(i)}, column "{name}": "{show(text[i])}" is not a number — '
            f"fix the cell, mark it missing (empty, NA or ?), or drop the column with {drop_advice(name)}"
        )
    replaced = bool(text.str.contains("\ufffd", literal=True).any())
    return Column(name, "text", text.to_numpy().astype(object, copy=False), missing, markers=markers, replaced=replaced)


_GROUPED = {
    False: r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$",  # 3,504 and 1,234,567.5
    True: r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$",  # 3.504,5 in a decimal-comma file
}
_PLAIN = {False: r"^[+-]?\d+(?:\.\d+)?$", True: r"^[+-]?\d+(?:,\d+)?$"}


def _thousands(text: "pl.Series", decimal_comma: bool) -> "pl.Series | None":
    """The cells without their thousands separators, when every one is a number written so (or a
    plain number) and at least one has a separator; else None."""
    present = text.drop_nulls()
    grouped = present.str.contains(_GROUPED[decimal_comma])
    if not grouped.any() or not (grouped | present.str.contains(_PLAIN[decimal_comma])).all():
        return None
    if decimal_comma:
        return text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    return text.str.replace_all(",", "", literal=True)


def _check_finite(
    values: np.ndarray, missing: np.ndarray, text: "pl.Series | None", name: str, label: str, row_of: Callable[[int], int]
) -> None:
    bad = ~np.isfinite(values) & ~missing
    if bad.any():
        i = int(np.argmax(bad))
        shown = show(text[i]) if text is not None else str(values[i])
        raise TuiNNError(
            f'{label}, row {row_of(i)}, column "{name}": "{shown}" is not a finite number — '
            "fix the cell, or empty it to mark it missing (then --drop-missing or --fill-missing mean|median|zero)"
        )

