"""Reading: delimiters, quotes, BOM, header detection, Parquet, JSON lines and JSON arrays, by extension and content."""

from __future__ import annotations

import datetime
import json

import pytest

from tui_nn.data import load_dataset
from tui_nn.errors import TuiNNError

PEOPLE_X = [[100.0, 180.0], [70.0, 190.0], [50.0, 160.0]]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(name: str, content: str | bytes) -> str:
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    open(name, "wb").write(data)
    return name


def raw(source: str, **options):
    return load_dataset(source, standardize=False, **options)


def error(source: str, **options) -> str:
    with pytest.raises(TuiNNError) as caught:
        load_dataset(source, **options)
    return str(caught.value)


@pytest.mark.parametrize(
    ("name", "separator"),
    [("p.csv", ","), ("p.tsv", "\t"), ("p.csv", "\t"), ("p.txt", ";"), ("p.dat", "|")],
)
def test_delimiter_is_sniffed(name, separator):
    rows = ["weight,height,class", "100,180,Man", "70,190,Man", "50,160,Woman"]
    write(name, "".join(r.replace(",", separator) + "\n" for r in rows))
    ds = raw(name)
    assert ds.schema.input_columns == ("weight", "height")
    assert ds.x_train.tolist() == PEOPLE_X


def test_semicolon_files_may_use_decimal_commas():
    write("eu.csv", "weight;height;class\n100,5;180;Man\n70;190;Man\n50;160;Woman\n")
    assert raw("eu.csv").x_train[:, 0].tolist() == [100.5, 70.0, 50.0]


def test_utf8_bom_and_crlf_are_invisible():
    write("bom.csv", "\ufeffweight,height,class\r\n100,180,Man\r\n70,190,Man\r\n50,160,Woman\r\n")
    ds = raw("bom.csv")
    assert ds.schema.input_columns == ("weight", "height")
    assert ds.x_train.tolist() == PEOPLE_X


def test_quoted_fields_keep_delimiters_quotes_and_newlines():
    write("q.csv", 'name,"x, y",class\n"Smith, J",1.5,A\n"Doe ""JD""",2.5,B\n"two\nlines",3,A\n')
    ds = raw("q.csv")
    assert ds.schema.input_columns == ("name", "x, y")
    assert ds.schema.categories["name"] == ('Doe "JD"', "Smith, J", "two\nlines")


def test_header_is_detected_when_absent():
    write("nohead.csv", "100,180,Man\n70,190,Man\n50,160,Woman\n")
    ds = raw("nohead.csv")
    assert ds.schema.input_columns == ("column1", "column2")
    assert ds.schema.target == "column3"
    assert ds.x_train.tolist() == PEOPLE_X
    assert "nohead.csv has no header row; its columns are named column1..column3" in ds.notes


def test_header_with_a_numeric_name_is_still_a_header():
    write("years.csv", "x,2020,y\n1,2,3.5\n2,3,4.5\n")
    assert raw("years.csv").schema.input_columns == ("x", "2020")


def test_whitespace_around_cells_is_ignored():
    write("ws.csv", "weight , height,class\n 100,180 , Man\n70 ,190,Man \n50,160,Woman\n")
    ds = raw("ws.csv")
    assert ds.schema.input_columns == ("weight", "height")
    assert ds.schema.classes == ("Man", "Woman")
    assert ds.x_train.tolist() == PEOPLE_X


def test_blank_lines_are_skipped():
    write("gap.csv", "\nweight,height,class\n100,180,Man\n\n70,190,Man\n50,160,Woman\n\n\n")
    assert raw("gap.csv").x_train.tolist() == PEOPLE_X


def test_empty_header_cell_gets_a_name():
    write("e.csv", "a,,y\n1,2,0.5\n2,3,1.5\n")
    assert raw("e.csv").schema.input_columns == ("a", "column2")


def parquet(name: str, **columns) -> str:
    import polars as pl

    pl.DataFrame(columns).write_parquet(name)
    return name


def test_parquet_by_extension():
    parquet("p.parquet", weight=[100, 70, 50], height=[180.0, 190.0, 160.0], **{"class": ["Man", "Man", "Woman"]})
    ds = raw("p.parquet")
    assert ds.x_train.tolist() == PEOPLE_X and ds.schema.classes == ("Man", "Woman")


def test_parquet_by_content_whatever_the_extension():
    parquet("really_parquet.csv", x=[1.0, 2.0, 3.0], y=[0.5, 1.5, 2.5])
    assert raw("really_parquet.csv").x_train[:, 0].tolist() == [1.0, 2.0, 3.0]


def test_parquet_missing_values_and_booleans():
    parquet("m.parquet", x=[1.0, None, 3.0], flag=[True, False, True], y=[0.5, 1.5, 2.5])
    assert error("m.parquet") == (
        'm.parquet: column "x" has 1 missing cell (first at row 2) — fill them in, or use --drop-missing '
        "(drop those rows) or --fill-missing mean|median|zero (fill them)"
    )
    assert raw("m.parquet", missing="zero").x_train.tolist() == [[1.0, 1.0], [0.0, 0.0], [3.0, 1.0]]


def test_parquet_nan_is_missing_unless_nan_is_no_marker():
    # pandas saves a missing float as NaN.
    parquet("n.parquet", x=[1.0, float("nan"), 3.0], y=[0.5, 1.5, 2.5])
    ds = raw("n.parquet", missing="drop")
    assert ds.x_train[:, 0].tolist() == [1.0, 3.0]
    assert 'column "x": 1 cell read as missing (1 "NaN")' in ds.notes
    assert error("n.parquet", na_values=()) == (
        'n.parquet, row 2, column "x": "nan" is not a finite number — '
        "fix the cell, or empty it to mark it missing (then --drop-missing or --fill-missing mean|median|zero)"
    )


def test_parquet_date_column_must_be_dropped():
    parquet("d.parquet", day=[datetime.date(2020, 1, d) for d in (1, 2, 3)], x=[1.0, 2.0, 3.0], y=[0.5, 1.5, 2.5])
    assert error("d.parquet") == (
        'd.parquet: column "day" holds dates or times — tui-nn needs numbers, text or true/false; drop it with --drop day'
    )
    assert raw("d.parquet", drop=["day"]).schema.input_columns == ("x",)


def test_damaged_parquet():
    parquet("p.parquet", x=[1.0, 2.0], y=[1.0, 2.0])
    write("cut.parquet", open("p.parquet", "rb").read()[:40])
    message = error("cut.parquet")
    assert message.startswith("cut.parquet is not a readable Parquet file (")
    assert message.endswith(") — check that it was written completely")


@pytest.mark.parametrize("name", ["p.jsonl", "p.ndjson"])
def test_json_lines(name):
    write(
        name,
        '{"weight": 100, "height": 180, "class": "Man"}\n\n'
        '{"weight": 70, "height": 190, "class": "Man"}\n{"weight": 50, "height": 160, "class": "Woman"}\n',
    )
    ds = raw(name)
    assert ds.x_train.tolist() == PEOPLE_X and ds.schema.classes == ("Man", "Woman")


def test_json_lines_missing_key_is_an_empty_cell_in_its_record():
    write("m.jsonl", '{"w": 1, "v": 2, "c": "a"}\n\n{"w": 2, "c": "b"}\n{"w": 3, "v": 1, "c": "a"}\n')
    assert error("m.jsonl") == (
        'm.jsonl: column "v" has 1 missing cell (first at row 2) — fill them in, or use --drop-missing '
        "(drop those rows) or --fill-missing mean|median|zero (fill them)"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"x": 1, "y": 2}\n{"x": 2, "y": 3\n', "bad.jsonl, row 2: not valid JSON (Expecting ',' delimiter) — each line must be one JSON object"),
        ("[1, 2]\n[3, 4]\n", 'bad.jsonl, row 1: not a JSON object — each line must look like {"x": 1, "y": 2}'),
        ('{"x": 1, "y": 2}\n{"x": "abc", "y": 3}\n{"x": 3, "y": 1}\n', 'bad.jsonl, row 2, column "x": "abc" is not a number — fix the cell, mark it missing (empty, NA or ?), or drop the column with --drop x'),
    ],
)
def test_bad_json_lines_name_the_line(content, message):
    write("bad.jsonl", content)
    assert error("bad.jsonl") == message


def test_json_array_of_records():
    # What pandas (orient="records"), JavaScript and most APIs write: one array, pretty-printed.
    write(
        "p.json",
        '[\n  {"weight": 100, "height": 180, "class": "Man"},\n'
        '  {"weight": 70, "height": 190, "class": "Man"},\n  {"weight": 50, "height": 160, "class": "Woman"}\n]\n',
    )
    ds = raw("p.json")
    assert ds.x_train.tolist() == PEOPLE_X and ds.schema.classes == ("Man", "Woman")


def test_json_array_names_the_record_of_a_bad_cell():
    write("a.json", '[\n  {"x": 1, "y": 2},\n  {"x": "abc", "y": 3},\n  {"x": 3, "y": 1}\n]\n')
    assert error("a.json") == 'a.json, row 2, column "x": "abc" is not a number — fix the cell, mark it missing (empty, NA or ?), or drop the column with --drop x'


def test_minified_json_array_names_items_by_position():
    # json.dump(records) writes one line: "row 1" for every item would find nothing.
    records = [{"x": i, "y": i % 2} for i in range(10)]
    records[7]["x"] = "abc"
    write("mini.json", json.dumps(records))
    assert error("mini.json") == 'mini.json, row 8, column "x": "abc" is not a number — fix the cell, mark it missing (empty, NA or ?), or drop the column with --drop x'
    write("mini.json", json.dumps(records[:7]) [:-1] + ", null]")
    assert error("mini.json").startswith("mini.json, row 8: not a JSON object")


ARRAY_HINT = ' — a JSON table is one array of objects like [{"x": 1, "y": 2}, {"x": 2, "y": 3}]'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"x": 1, "y": 2},\n {"x": 2, "y": 3\n]', "row 3: not valid JSON (Expecting ',' delimiter)" + ARRAY_HINT),
        ('[{"x": 1, "y": 2},\n [2, 3]]', "row 2: not a JSON object" + ARRAY_HINT),
        ('[{"x": 1, "y": 2}]\n{"x": 2}', "row 2: more text after the closing ]" + ARRAY_HINT),
        ('[{"x": 1, "y": 2}\n {"x": 2, "y": 3}]', "row 2: expected a comma or the closing ] here" + ARRAY_HINT),
        ("[]", "has no data" + ARRAY_HINT),
        ('[{"x": {"deep": 1}, "y": 2},\n {"x": 2, "y": 3}]',
         'row 1, column "x": a nested value cannot be used — flatten it or drop the column with --drop x'),
    ],
)
def test_bad_json_arrays_are_named_with_what_a_table_looks_like(content, message):
    write("bad.json", content)
    assert error("bad.json") in (f"bad.json, {message}", f"bad.json {message}")


def test_nested_json_values_must_be_dropped():
    write("n.jsonl", '{"w": [1, 2], "x": 1, "y": 0.5}\n{"w": [3], "x": 2, "y": 1.5}\n')
    assert error("n.jsonl") == (
        'n.jsonl: column "w" holds lists (nested values) — tui-nn needs numbers, text or true/false; drop it with --drop w'
    )
    assert raw("n.jsonl", drop=["w"]).schema.input_columns == ("x",)


def test_nested_json_in_a_file_polars_refuses_is_named_and_droppable():
    # polars cannot build a column that is an object on one line and a number on the next.
    write("n.jsonl", '{"w": {"a": 1}, "x": 1, "y": 0.5}\n{"w": 3, "x": 2, "y": 1.5}\n{"w": 3, "x": 3, "y": 2.5}\n')
    assert error("n.jsonl") == (
        'n.jsonl, row 1, column "w": a nested value cannot be used — flatten it or drop the column with --drop w'
    )
    assert raw("n.jsonl", drop=["w"]).x_train[:, 0].tolist() == [1.0, 2.0, 3.0]


def test_json_nan_literal_is_missing_unless_nan_is_no_marker():
    write("nan.jsonl", '{"x": 1, "y": 0.5}\n{"x": NaN, "y": 1.5}\n{"x": 3, "y": 2.5}\n')
    assert raw("nan.jsonl", missing="drop").x_train[:, 0].tolist() == [1.0, 3.0]
    assert error("nan.jsonl", na_values=()) == (
        'nan.jsonl, row 2, column "x": "nan" is not a finite number — '
        "fix the cell, or empty it to mark it missing (then --drop-missing or --fill-missing mean|median|zero)"
    )


@pytest.mark.parametrize("name", ["d*[1].csv", "p[1].parquet", "j[1].jsonl"])
def test_file_names_with_glob_characters_are_plain_names(name):
    if name.endswith(".parquet"):
        parquet(name, x=[1.0, 2.0, 3.0], y=[0.5, 1.5, 2.5])
    elif name.endswith(".jsonl"):
        write(name, '{"x": 1, "y": 0.5}\n{"x": 2, "y": 1.5}\n{"x": 3, "y": 2.5}\n')
    else:
        write(name, "x,y\n1,0.5\n2,1.5\n3,2.5\n")
    assert raw(name).x_train[:, 0].tolist() == [1.0, 2.0, 3.0]
