"""Every mistake a user can make with a data file is one TuiNNError line naming file, row, column
and what to do. Messages are compared whole, so a change to their shape is a visible decision."""

from __future__ import annotations

import os

import pytest

from tui_nn.data import load_dataset, resolve_source
from tui_nn.errors import TuiNNError


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    """Work in a temp folder so messages name files as a user would type them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(name: str, content: str | bytes) -> str:
    if isinstance(content, bytes):
        open(name, "wb").write(content)
    else:
        open(name, "w", encoding="utf-8", newline="").write(content)
    return name


def error(source: str, **options) -> str:
    with pytest.raises(TuiNNError) as caught:
        load_dataset(source, **options)
    message = str(caught.value)
    assert "\n" not in message
    return message


PEOPLE = "weight,height,class\n100,180,Man\n70,190,Man\n50,160,Woman\n"


def test_missing_file_suggests_the_bundled_list():
    assert error("nope.csv") == (
        'no such file or bundled dataset: "nope.csv" — check the path, or run tui-nn datasets to list the bundled ones'
    )


def test_misspelt_bundled_name_suggests_the_close_one():
    assert error("man_wommen") == (
        'no such file or bundled dataset: "man_wommen" (did you mean the bundled "man_woman"?) — '
        "check the path, or run tui-nn datasets to list the bundled ones"
    )
    with pytest.raises(TuiNNError):
        resolve_source("man_wommen")


def test_directory_is_not_a_data_file(in_tmp):
    os.mkdir("data")
    assert error("data") == (
        "data is a folder, not a data file — give the path of a file inside it "
        "(tui-nn reads CSV/TSV text, Excel (.xlsx, .xls, .ods), Parquet (.parquet) and JSON (.json, .jsonl))"
    )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file():
    write("secret.csv", PEOPLE)
    os.chmod("secret.csv", 0)
    assert error("secret.csv") == "secret.csv cannot be read: permission denied — check the file's permissions"


def test_unreadable_file_even_as_root(monkeypatch):
    from pathlib import Path

    write("secret.csv", PEOPLE)

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert error("secret.csv") == "secret.csv cannot be read: permission denied — check the file's permissions"


@pytest.mark.parametrize("content", ["", "\n\n", "  \r\n", "\ufeff"])
def test_empty_file(content):
    write("empty.csv", content)
    assert error("empty.csv") == "empty.csv is empty — it needs a header row and at least one data row"


def test_header_only():
    write("head.csv", "weight,height,class\n")
    assert error("head.csv") == "head.csv has a header but no data rows — add rows below the header"


def test_header_only_after_blank_lines():
    write("head.csv", "\n\nweight,height,class\n\n")
    assert error("head.csv") == "head.csv has a header but no data rows — add rows below the header"


def test_short_row_names_its_line():
    write("data.csv", "weight,height,class\n100,180,Man\n70,190\n50,160,Woman\n")
    assert error("data.csv") == (
        "data.csv, row 3: 2 values but the header has 3 columns (weight, height, class) — fix the row or remove it"
    )


def test_long_row_names_its_line():
    write("data.csv", "weight,height,class\n100,180,Man\n70,190,Man\n50,160,Woman,extra\n")
    assert error("data.csv") == (
        "data.csv, row 4: 4 values but the header has 3 columns (weight, height, class) — fix the row or remove it"
    )


def test_ragged_row_line_counts_blank_lines_and_multiline_cells():
    write("data.csv", 'a,b,c\n1,2,x\n\n3,"two\nlines",y\n4,5\n')
    assert error("data.csv") == "data.csv, row 6: 2 values but the header has 3 columns (a, b, c) — fix the row or remove it"


def test_csv_with_text_in_numeric_column_names_row():
    write("data.csv", "weight,height,class\n100,180,Man\n70,190,Man\n50,abc,Woman\n60,170,Woman\n")
    assert error("data.csv") == (
        'data.csv, row 4, column "height": "abc" is not a number — fix the cell, mark it missing (empty, NA or ?), or drop the column with --drop height'
    )


def test_text_in_numeric_column_far_down_the_file_names_row():
    rows = "".join(f"{i},{i % 3}\n" for i in range(12_000))
    write("big.csv", "a,b\n" + rows + "7,abc\n" + rows)
    assert error("big.csv") == (
        'big.csv, row 12002, column "b": "abc" is not a number — fix the cell, mark it missing (empty, NA or ?), or drop the column with --drop b'
    )


def test_dropping_the_broken_column_gets_past_it():
    write("data.csv", "weight,height,class\n100,180,Man\n70,190,Man\n50,abc,Woman\n60,170,Woman\n")
    ds = load_dataset("data.csv", drop=["height"])
    assert ds.schema.input_columns == ("weight",)


def test_all_text_column_is_categorical_not_an_error():
    write("data.csv", "colour,y\nred,1.5\nblue,2.5\n12,3.5\n")
    assert load_dataset("data.csv").schema.categories == {"colour": ("12", "blue", "red")}


@pytest.mark.parametrize("cell", ["inf", "-inf", "nan", "NaN", "Infinity"])
def test_non_finite_number_names_cell(cell):
    # With the default markers, nan/NaN are missing (tests/test_data_real_files.py); without them:
    write("data.csv", f"x,y\n1.5,2\n{cell},3\n2.5,4\n")
    assert error("data.csv", na_values=()) == (
        f'data.csv, row 3, column "x": "{cell}" is not a finite number — '
        "fix the cell, or empty it to mark it missing (then --drop-missing or --fill-missing mean|median|zero)"
    )


def test_unknown_target_lists_columns():
    write("data.csv", PEOPLE)
    assert error("data.csv", target="klass") == (
        'data.csv has no column "klass" (given as --target; did you mean "class"?) — '
        "its columns are: weight, height, class"
    )


def test_unknown_feature_lists_columns():
    write("data.csv", PEOPLE)
    assert error("data.csv", features=["age"]) == (
        'data.csv has no column "age" (given as --features) — its columns are: weight, height, class'
    )


def test_unknown_drop_lists_columns():
    write("data.csv", PEOPLE)
    assert error("data.csv", drop=["age"]) == (
        'data.csv has no column "age" (given as --drop) — its columns are: weight, height, class'
    )


def test_target_cannot_be_a_feature_or_dropped():
    write("data.csv", PEOPLE)
    assert error("data.csv", features=["weight", "class"]) == (
        'data.csv: "class" is the target, so it cannot also be a feature — remove it from --features'
    )
    assert error("data.csv", drop=["class"]) == (
        'data.csv: the target "class" cannot be dropped — choose another --target to drop it'
    )


def test_only_a_target_column():
    write("y.csv", "y\n1.5\n2.5\n")
    assert error("y.csv") == (
        'y.csv: no feature columns are left besides the target "y" — its columns are: y; '
        "a network needs at least one input"
    )


def test_single_class_target():
    write("data.csv", "x,class\n1,Man\n2,Man\n3,Man\n")
    assert error("data.csv") == (
        'data.csv: the target "class" has only one class ("Man") — a classifier needs at least two; '
        "choose another --target or add rows of another class"
    )


def test_regression_on_text_target():
    write("data.csv", PEOPLE)
    assert error("data.csv", task="regression") == (
        'data.csv: the target "class" holds text ("Man", "Woman") — regression needs numbers; '
        "use --task classification or choose another --target"
    )


def test_constant_feature_is_a_note_not_an_error():
    write("data.csv", "a,b,y\n1,5,0\n2,5,1\n3,5,0\n")
    ds = load_dataset("data.csv")
    assert ds.schema.input_columns == ("a", "b")
    assert (
        'column "b" has the same value (5) in every row — it cannot help the network; kept (drop it with --drop b)'
        in ds.notes
    )


def test_binary_file():
    write("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert error("photo.csv") == (
        "photo.csv is not a text data file (it contains binary bytes) — "
        "tui-nn reads CSV/TSV text, Excel (.xlsx, .xls, .ods), Parquet (.parquet) and JSON (.json, .jsonl)"
    )


def test_damaged_excel_file():
    write("book.xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")
    message = error("book.xlsx")
    assert message.startswith("book.xlsx is not a readable spreadsheet (")
    assert message.endswith(") — check that it was saved completely")


def test_zip_file_under_a_text_name():
    write("book.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")
    assert error("book.csv") == (
        "book.csv is a zip or Excel file, not a data table — give an Excel workbook its .xlsx name, or export it "
        "as CSV (tui-nn reads CSV/TSV text, Excel (.xlsx, .xls, .ods), Parquet (.parquet) and JSON (.json, .jsonl))"
    )


def test_utf16_file_is_read_by_its_byte_order_mark():
    # Excel's "Unicode text" is UTF-16 with a BOM.
    write("wide.csv", PEOPLE.encode("utf-16"))
    ds = load_dataset("wide.csv", standardize=False)
    assert ds.x_train.tolist() == [[100.0, 180.0], [70.0, 190.0], [50.0, 160.0]]
    assert "wide.csv is UTF-16 text; read as such" in ds.notes


def test_a_forced_encoding_that_does_not_fit_names_the_line():
    write("latin.csv", "x,city\n1,Paris\n2,Zürich\n".encode("latin-1"))
    assert error("latin.csv", encoding="ascii") == (
        "latin.csv, row 3: not valid ASCII text — give the file's real encoding with --encoding NAME"
    )
    assert error("latin.csv", encoding="klingon") == (
        'unknown encoding "klingon" — use a name such as utf-8, cp1252, latin-1 or utf-16'
    )
    write("utf8.csv", "x,city\n1,Paris\n2,Zürich\n".encode("latin-1"))
    assert error("utf8.csv", encoding="utf-8").startswith("utf8.csv, row 3: not valid UTF-8 text")


def test_unclosed_quote_names_the_line_it_opens_on():
    write("q.csv", 'a,b\n1,2\n3,"abc\n4,5\n')
    assert error("q.csv") == 'q.csv, row 3: a quoted cell is never closed — add the closing " or remove the opening one'


def test_duplicate_column_names():
    write("dup.csv", "a,b,a\n1,2,3\n")
    assert error("dup.csv") == 'dup.csv, row 1: the column name "a" appears twice — rename one of them'


def test_missing_values_are_an_error_by_default():
    write("m.csv", "a,b,y\n1,,0\n2,3,1\n,4,0\n5,,1\n")
    assert error("m.csv") == (
        'm.csv: column "a" has 1 missing cell (first at row 4) — fill them in, or use --drop-missing '
        "(drop those rows) or --fill-missing mean|median|zero (fill them)"
    )


def test_missing_drop_drops_rows_and_says_so():
    write("m.csv", "a,b,y\n1,,0\n2,3,1\n,4,0\n5,6,1\n7,8,0\n")
    ds = load_dataset("m.csv", missing="drop", standardize=False)
    assert ds.x_train.tolist() == [[2, 3], [5, 6], [7, 8]]
    assert "dropped 2 of 5 rows with missing cells" in ds.notes


@pytest.mark.parametrize(("mode", "value"), [("mean", 5.0), ("median", 4.0), ("zero", 0.0)])
def test_missing_fill_modes_fill_features_and_drop_rows_without_target(mode, value):
    write("m.csv", "a,y\n1,0\n,1\n4,\n10,1\n4,0\n")
    ds = load_dataset("m.csv", missing=mode, standardize=False)
    assert ds.x_train[:, 0].tolist() == [1, value, 10, 4]
    assert 'dropped 1 of 5 rows with no target value ("y" missing)' in ds.notes
    assert any(note.startswith('filled 1 missing cell in "a" with') for note in ds.notes)


def test_missing_text_feature_is_filled_with_its_most_common_value():
    write("m.csv", "c,y\nred,0\nblue,1\nred,0\n,1\n")
    ds = load_dataset("m.csv", missing="mean", standardize=False)
    assert ds.x_train[3].tolist() == [0.0, 1.0]  # blue, red → red
    assert 'filled 1 missing cell in "c" with its most common value (red)' in ds.notes


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"task": "clustering"}, 'unknown task "clustering" — use auto, classification or regression'),
        ({"missing": "ignore"}, 'unknown missing-value policy "ignore" — use one of error, drop, mean, median, zero'),
        ({"val_split": 1.0}, "the validation split must be at least 0 and below 1 (e.g. 0.2), not 1.0"),
        ({"val_split": -0.1}, "the validation split must be at least 0 and below 1 (e.g. 0.2), not -0.1"),
        (
            {"val_split": 0.2, "val_file": "v.csv"},
            "give either a validation split (--val-split) or a validation file (--val-file), not both",
        ),
    ],
)
def test_impossible_options(options, message):
    write("data.csv", PEOPLE)
    assert error("data.csv", **options) == message


def test_val_file_with_an_unseen_category():
    write("train.csv", "colour,y\nred,1.5\nblue,2.5\n")
    write("val.csv", "colour,y\nred,1.0\npurple,2.0\n")
    assert error("train.csv", val_file="val.csv") == (
        'val.csv, row 3, column "colour": "purple" is not a category the model knows (known: blue, red) — '
        "fix the cell, or retrain with data that has it"
    )


def test_val_file_with_an_unknown_class():
    write("train.csv", PEOPLE)
    write("val.csv", "weight,height,class\n80,170,Man\n60,150,Child\n")
    assert error("train.csv", val_file="val.csv") == (
        'val.csv, row 3, column "class": "Child" is not one of the classes (Man, Woman) the model knows'
    )


def test_val_file_without_the_target():
    write("train.csv", PEOPLE)
    write("val.csv", "weight,height\n80,170\n")
    assert error("train.csv", val_file="val.csv") == (
        'val.csv has no target column "class" — its columns are: weight, height'
    )


def test_val_file_is_encoded_with_the_training_schema():
    write("train.csv", PEOPLE)
    write("val.csv", "height,weight,class\n170,80,Woman\n")
    ds = load_dataset("train.csv", val_file="val.csv")
    expected = ds.schema.encode_rows([{"weight": "80", "height": "170"}])
    assert ds.x_val.tolist() == expected.tolist()
    assert ds.y_val.tolist() == [[1.0]]
    assert "validation: 1 row from val.csv" in ds.notes
