"""Fuzz the loader: random bytes and random malformed tables give a Dataset or a TuiNNError,
never any other exception; whatever loads is finite and consistent."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_nn.data import Dataset, Schema, load_dataset
from tui_nn.errors import TuiNNError

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def check(path, **options) -> None:
    """The contract: a usable Dataset or a one-line TuiNNError."""
    try:
        ds = load_dataset(path, **options)
    except TuiNNError as exc:
        assert len(str(exc).splitlines()) == 1 and "Traceback" not in str(exc)
        return
    assert isinstance(ds, Dataset)
    assert ds.x_train.ndim == 2 and ds.x_train.shape == (len(ds.y_train), ds.schema.n_features)
    assert ds.y_train.shape[1] == ds.schema.n_outputs
    assert np.isfinite(ds.x_train).all() and np.isfinite(ds.y_train).all()
    if ds.x_val is not None:
        assert ds.x_val.shape[1] == ds.n_features and np.isfinite(ds.x_val).all()
    assert Schema.from_dict(ds.schema.to_dict()) == ds.schema
    assert all(len(note.splitlines()) == 1 for note in ds.notes)


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".tsv", ".txt", ".jsonl", ".json", ".parquet", ".xlsx", ".ods"]))
def test_random_bytes_load_or_raise_tuinnerror(folder, data, suffix):
    path = folder / f"random{suffix}"
    path.write_bytes(data)
    check(path)


CELLS = st.one_of(
    st.integers(-5, 5).map(str),
    st.floats(-1e3, 1e3, allow_nan=False).map(lambda v: f"{v:.3g}"),
    st.sampled_from(["", " ", "abc", "Man", "Woman", "true", "False", "inf", "-inf", "nan", "NaN", "1e999",
                     '"', '""', '"a,b"', '"x\ny"', "a\"b", "1,5", ";", "\t", "|", "\ufeff", "é", "0x1F", "1_000"]),
    st.text(max_size=4),
)


@st.composite
def malformed_tables(draw):
    width = draw(st.integers(1, 4))
    header = draw(st.booleans())
    rows = []
    if header:
        rows.append(draw(st.lists(st.sampled_from(["a", "b", "c", "d", "a", "", "1", "x y"]), min_size=width, max_size=width)))
    n = draw(st.integers(0, 14))
    for _ in range(n):
        # Mostly full rows, sometimes short or long ones.
        size = draw(st.one_of(st.just(width), st.integers(0, width + 2)))
        rows.append(draw(st.lists(CELLS, min_size=size, max_size=size)))
    delimiter = draw(st.sampled_from([",", "\t", ";", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(delimiter.join(row) for row in rows)
    if draw(st.booleans()):
        text += newline
    prefix = draw(st.sampled_from(["", "\ufeff", "\n"]))
    return (prefix + text).encode("utf-8", errors="surrogatepass")


OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "missing": st.sampled_from(["error", "drop", "mean", "median", "zero"]),
        "val_split": st.sampled_from([0.0, 0.2, 0.5]),
        "task": st.sampled_from(["auto", "classification", "regression"]),
        "standardize": st.booleans(),
    },
)


@FUZZ
@given(data=malformed_tables(), options=OPTIONS)
def test_malformed_csv_loads_or_raises_tuinnerror(folder, data, options):
    path = folder / "table.csv"
    path.write_bytes(data)
    check(path, **options)


@FUZZ
@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(['{"x": 1, "y": 0}', '{"x": 2.5, "y": 1}', '{"x": "a", "y": 1}', '{"x": null, "y": 0}',
                             '{"x": [1], "y": 1}', '{"y": 1}', "[1, 2]", "{", "", "null", '{"x": NaN, "y": 0}',
                             '{"x": true, "y": 0}', '{"x": {"a": 1}, "y": 1}']),
            st.text(max_size=6),
        ),
        max_size=12,
    ),
    options=OPTIONS,
)
def test_malformed_json_lines_load_or_raise_tuinnerror(folder, lines, options):
    path = folder / "table.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    check(path, **options)


@pytest.fixture(scope="module")
def coloured_schema(folder):
    path = folder / "train_colours.csv"
    path.write_text("colour,size,flag,label\nred,1,true,a\nblue,2,false,b\ngreen,3,true,a\nred,4,false,c\n")
    return load_dataset(path).schema


@FUZZ
@given(text=st.text(max_size=40))
def test_random_input_text_parses_or_raises_tuinnerror(coloured_schema, text):
    try:
        values = coloured_schema.parse_input(text)
    except TuiNNError as exc:
        assert len(str(exc).splitlines()) == 1
        return
    assert set(values) == set(coloured_schema.input_columns)
    try:
        x = coloured_schema.encode_rows([values])
    except TuiNNError as exc:
        assert len(str(exc).splitlines()) == 1
        return
    assert x.shape == (1, coloured_schema.n_features) and np.isfinite(x).all()


@FUZZ
@given(data=malformed_tables(), missing=st.sampled_from(["error", "drop", "mean"]))
def test_malformed_val_file_loads_or_raises_tuinnerror(folder, data, missing):
    train = folder / "train_people.csv"
    train.write_text("a,b,c\n1,x,0\n2,y,1\n3,x,0\n4,y,1\n")
    val = folder / "val.csv"
    val.write_bytes(data)
    check(train, val_file=val, missing=missing)


@FUZZ
@given(data=malformed_tables(), encoding=st.sampled_from(["latin-1", "cp1252", "utf-16"]), options=OPTIONS)
def test_tables_in_other_encodings_load_or_raise_tuinnerror(folder, data, encoding, options):
    text = data.decode("utf-8", errors="surrogatepass") + "é°’€"
    path = folder / "encoded.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    check(path, **options)


JSON_VALUES = st.one_of(st.none(), st.integers(-3, 3), st.floats(allow_nan=False, allow_infinity=False, width=16),
                        st.sampled_from(["a", "b", "NA", "?", "", "3,504"]), st.booleans(), st.just([1]))


@FUZZ
@given(
    document=st.one_of(
        st.dictionaries(st.sampled_from(["x", "y", "0", "1"]), st.dictionaries(st.sampled_from(["0", "1", "2", "x"]), JSON_VALUES, max_size=4), max_size=4),
        st.fixed_dictionaries({"columns": st.lists(st.sampled_from(["x", "y"]), max_size=3),
                               "data": st.lists(st.lists(JSON_VALUES, max_size=3), max_size=4)}),
        st.fixed_dictionaries({"schema": st.just({"primaryKey": ["index"]}),
                               "data": st.lists(st.dictionaries(st.sampled_from(["index", "x", "y"]), JSON_VALUES), max_size=4)}),
        st.dictionaries(st.text(max_size=3), JSON_VALUES, max_size=3),
    ),
    options=OPTIONS,
)
def test_pandas_json_layouts_load_or_raise_tuinnerror(folder, document, options):
    import json

    path = folder / "layout.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    check(path, **options)


@FUZZ
@given(text=st.text(max_size=40), strict=st.booleans())
def test_forgiving_input_encodes_or_raises_tuinnerror(coloured_schema, text, strict):
    try:
        values = coloured_schema.parse_input(text)
        x = coloured_schema.encode_rows([values], forgive=not strict, notes=[])
    except TuiNNError as exc:
        assert len(str(exc).splitlines()) == 1
        return
    assert x.shape == (1, coloured_schema.n_features) and np.isfinite(x).all()


@FUZZ
@given(data=malformed_tables(), strict=st.booleans())
def test_predict_tables_encode_or_raise_tuinnerror(folder, coloured_schema, data, strict):
    from tui_nn.data.tables import read_table

    path = folder / "predict.csv"
    path.write_bytes(data)
    try:
        x, notes = coloured_schema.encode_predict_table(read_table(path), strict=strict)
    except TuiNNError as exc:
        assert len(str(exc).splitlines()) == 1
        return
    assert x.shape[1] == coloured_schema.n_features and np.isfinite(x).all()
    assert all(len(note.splitlines()) == 1 for note in notes)
