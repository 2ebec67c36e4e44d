"""Real files as people save them: NA markers, row indexes, float class labels, thousands
separators, Latin-1/cp1252 text, Excel workbooks and pandas' JSON layouts. Each test writes its
file the way pandas, R, Excel or a European spreadsheet would, and checks the loaded schema,
the notes, and (where the defect changed it) what a network learns from it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tui_nn.data import load_dataset
from tui_nn.data.tables import read_table
from tui_nn.errors import TuiNNError


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(name: str, content: str | bytes, encoding: str = "utf-8") -> str:
    open(name, "wb").write(content if isinstance(content, bytes) else content.encode(encoding))
    return name


def error(source: str, **options) -> str:
    with pytest.raises(TuiNNError) as caught:
        load_dataset(source, **options)
    assert "\n" not in str(caught.value)
    return str(caught.value)


def fit(ds, epochs: int = 40, seed: int = 0) -> float:
    """Train the default network on a dataset; the last validation metric (accuracy or R²-free MSE)."""
    from tui_nn.engine import EpochEnd, Network, TrainConfig, Trainer
    from tui_nn.model import adapt_targets, network_spec_for

    spec = network_spec_for(ds.schema, ds.n_features, ds.y_train.shape[1], None)
    trainer = Trainer(
        Network(spec, seed=seed), ds.x_train, adapt_targets(ds.y_train, spec),
        TrainConfig(epochs=epochs, seed=seed, lr=0.01, batch_size=16).validate(), ds.schema.task,
        x_val=ds.x_val, y_val=adapt_targets(ds.y_val, spec),
    )
    last = [event for event in trainer.run() if isinstance(event, EpochEnd)][-1]
    return last.val_metric


def penguins(n: int = 200, seed: int = 0) -> list[list[str]]:
    """Rows like palmerpenguins' CSV: two measurements that tell the species apart, a sex column,
    and a few NA cells in both kinds of column, as the package ships them."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        adelie = i % 2 == 0
        bill = rng.normal(38.8 if adelie else 48.8, 2.0)
        flipper = rng.normal(190 if adelie else 217, 6.0)
        rows.append([f"{bill:.1f}", f"{flipper:.0f}", "female" if rng.random() < 0.5 else "male",
                     "Adelie" if adelie else "Gentoo"])
    for i in (3, 40, 77):
        if i < n:
            rows[i][0] = "NA"
    for i in (5, 9, 60, 101):
        if i < n:
            rows[i][2] = "NA"
    return rows


def csv_text(header: list[str], rows: list[list[str]], sep: str = ",") -> str:
    return sep.join(header) + "\n" + "\n".join(sep.join(row) for row in rows) + "\n"


# -- 1. missing-value markers ----------------------------------------------------------------


def test_na_cells_are_missing_in_numbers_and_text_and_the_advice_names_real_flags():
    write("penguins.csv", csv_text(["bill_length_mm", "flipper_length_mm", "sex", "species"], penguins()))
    assert error("penguins.csv") == (
        'penguins.csv: column "bill_length_mm" has 3 missing cells (first at row 5) — fill them in, or use '
        "--drop-missing (drop those rows) or --fill-missing mean|median|zero (fill them)"
    )
    ds = load_dataset("penguins.csv", missing="mean", val_split=0.25)
    assert ds.schema.categories == {"sex": ("female", "male")}  # "NA" is no category
    assert 'column "bill_length_mm": 3 cells read as missing (3 "NA")' in ds.notes
    assert 'column "sex": 4 cells read as missing (4 "NA")' in ds.notes
    assert any(note.startswith('filled 4 missing cells in "sex" with its most common value') for note in ds.notes)
    assert set(ds.schema.fills) == {"bill_length_mm", "flipper_length_mm", "sex"}
    assert fit(ds) >= 0.95
    dropped = load_dataset("penguins.csv", missing="drop")
    assert dropped.n_rows == 200 - 7


def test_question_marks_and_pandas_markers_are_missing_and_counted_by_marker():
    write("uci.csv", "a,b,y\n1,x,0\n?,y,1\nNaN,?,0\n4,N/A,1\n5,x,0\n,y,1\nnull,x,0\n")
    ds = load_dataset("uci.csv", missing="zero", standardize=False)
    assert ds.x_train[:, 0].tolist() == [1.0, 0.0, 0.0, 4.0, 5.0, 0.0, 0.0]
    assert 'column "a": 4 cells read as missing (1 "?", 1 "NaN", 1 "null", 1 empty)' in ds.notes
    assert 'column "b": 2 cells read as missing (1 "?", 1 "N/A")' in ds.notes
    assert ds.schema.categories == {"b": ("x", "y")}


def test_na_values_replaces_the_markers():
    write("m.csv", "a,b,y\n1,NA,0\n-,x,1\n3,x,0\n4,y,1\n")
    # Only empty cells: "NA" is a category again, and "-" is still no number.
    assert error("m.csv", na_values=()) == (
        'm.csv, row 3, column "a": "-" is not a number — fix the cell, mark it missing (empty, NA or ?), '
        "or drop the column with --drop a"
    )
    ds = load_dataset("m.csv", na_values=["-"], missing="drop")
    assert ds.schema.categories == {"b": ("NA", "x", "y")} and ds.n_rows == 3
    assert 'column "a": 1 cell read as missing (1 "-")' in ds.notes


def test_markers_in_a_big_file_keep_the_fast_reader():
    # NA markers are not the holes of short rows: the polars read stands (no per-record reader).
    n = 50_000
    lines = ["x,y"] + [f"{'NA' if i % 100 == 0 else i % 7},{i % 2}" for i in range(n)]
    write("big.csv", "\n".join(lines) + "\n")
    table = read_table("big.csv")
    assert table.columns["x"].kind == "number" and int(table.columns["x"].missing.sum()) == n // 100


# -- 3. row indexes --------------------------------------------------------------------------


def sorted_noise(n: int = 200, seed: int = 1) -> tuple[list[str], list[list[str]]]:
    """Features of pure noise, the target sorted (the first half one class): only a row
    index can "predict" it."""
    rng = np.random.default_rng(seed)
    return ["a", "b", "y"], [[f"{rng.normal():.3f}", f"{rng.normal():.3f}", str(int(i >= n // 2))] for i in range(n)]


def test_pandas_index_is_dropped_with_a_note_and_no_longer_leaks_the_row_order():
    header, rows = sorted_noise()
    write("pandas.csv", csv_text(["", *header], [[str(i), *row] for i, row in enumerate(rows)]))
    ds = load_dataset("pandas.csv", val_split=0.25)
    assert ds.schema.input_columns == ("a", "b")
    assert ("pandas.csv: dropped the first column (no header, 0…199): a row index as pandas and R save it; "
            "--keep-index keeps it") in ds.notes
    assert fit(ds, epochs=30) < 0.8  # noise stays noise
    kept = load_dataset("pandas.csv", val_split=0.25, keep_index=True)
    assert kept.schema.input_columns == ("column1", "a", "b")
    assert fit(kept, epochs=30) > 0.9  # what the issue saw: the index leaks the order


def test_r_write_csv_index_is_dropped():
    header, rows = sorted_noise(30)
    quoted = ['"' + h + '"' for h in ["", *header]]
    write("r.csv", ",".join(quoted) + "\n" + "\n".join(f'"{i + 1}",' + ",".join(r) for i, r in enumerate(rows)) + "\n")
    ds = load_dataset("r.csv")
    assert ds.schema.input_columns == ("a", "b")
    assert any("dropped the first column (no header, 1…30)" in note for note in ds.notes)


def test_a_first_column_that_is_not_an_index_stays():
    write("t.csv", ",a,y\n3,1,0\n1,2,1\n2,3,0\n")  # no header but not 0…n-1 / 1…n in order
    assert load_dataset("t.csv").schema.input_columns == ("column1", "a")


def test_an_id_column_counting_down_the_rows_gets_a_warning():
    header, rows = sorted_noise(40)
    write("ids.csv", csv_text(["Individual ID", *header], [[str(i + 1), *row] for i, row in enumerate(rows)]))
    ds = load_dataset("ids.csv")
    assert ds.schema.input_columns == ("Individual ID", "a", "b")  # it has a name: kept, but said
    assert ('warning: column "Individual ID" counts 1, 2, … 40 down the rows, like a row id — a network can learn '
            "the row order from it; drop it with --drop 'Individual ID' if it is one") in ds.notes
    assert load_dataset("ids.csv", drop=["Individual ID"]).schema.input_columns == ("a", "b")


# -- 4. task inference -----------------------------------------------------------------------


def test_float_zero_one_target_is_classification():
    rng = np.random.default_rng(2)
    x = rng.normal(size=120)
    write("f.csv", "x,label\n" + "".join(f"{v:.3f},{float(v > 0):.1f}\n" for v in x))
    ds = load_dataset("f.csv", val_split=0.25)
    assert ds.schema.task == "classification" and ds.schema.classes == ("0", "1")
    assert ('target "label": classification, 2 classes: 0, 1 (2 distinct whole numbers in 120 rows look like '
            "labels; --task regression if they are amounts)") in ds.notes
    assert fit(ds, epochs=60) >= 0.9
    assert load_dataset("f.csv", task="regression").schema.task == "regression"


def test_ratings_and_years_are_labels_and_measurements_are_amounts():
    rows = 200
    write("r.csv", "x,rating\n" + "".join(f"{i},{float(1 + i % 5):.1f}\n" for i in range(rows)))
    assert load_dataset("r.csv").schema.classes == ("1", "2", "3", "4", "5")
    write("y.csv", "x,year\n" + "".join(f"{i},{2007 + i % 3}\n" for i in range(30)))
    assert load_dataset("y.csv").schema.classes == ("2007", "2008", "2009")
    write("m.csv", "x,mpg\n" + "".join(f"{i},{10 + i % 40}.0\n" for i in range(rows)))  # 40 values in 200 rows
    assert load_dataset("m.csv").schema.task == "regression"
    write("d.csv", "x,y\n1,0.5\n2,1.0\n3,0.5\n")
    assert load_dataset("d.csv").schema.task == "regression"


# -- 5. thousands separators -----------------------------------------------------------------


def test_thousands_separators_are_numbers_with_a_note():
    rng = np.random.default_rng(3)
    weights = rng.integers(1500, 5000, size=100)
    body = "".join(f'"{w:,}",{int(w > 3200)}\n' for w in weights)
    write("cars.csv", "weight,heavy\n" + body)
    ds = load_dataset("cars.csv", standardize=False, val_split=0.25)
    assert ds.schema.feature_names == ("weight",)  # one input, not one per distinct value
    assert sorted(np.concatenate([ds.x_train[:, 0], ds.x_val[:, 0]]).tolist()) == sorted(weights.astype(float).tolist())
    example = next(f"{w:,}" for w in weights if w >= 1000)
    assert (f'column "weight": numbers written with thousands separators, read as numbers ("{example}" is '
            f'{example.replace(",", "")})') in ds.notes
    assert fit(load_dataset("cars.csv", val_split=0.25), epochs=60) >= 0.9


def test_thousands_separators_in_a_decimal_comma_file():
    write("eu.csv", "preis;menge;y\n1.234,5;3;0\n999,0;4;1\n12.345.678,25;5;0\n2,5;6;1\n")
    ds = load_dataset("eu.csv", standardize=False)
    assert ds.x_train[:, 0].tolist() == [1234.5, 999.0, 12345678.25, 2.5]
    assert any(note.startswith('column "preis": numbers written with thousands separators') for note in ds.notes)


def test_text_with_commas_stays_text():
    write("t.csv", 'city,y\n"Paris, FR",0\n"Rome, IT",1\n"Oslo, NO",0\n')
    assert load_dataset("t.csv").schema.categories == {"city": ("Oslo, NO", "Paris, FR", "Rome, IT")}


# -- 6. encodings ----------------------------------------------------------------------------


def test_latin1_file_is_decoded_exactly_and_said():
    write("weather.csv", "temp_max (°C),ville,rain\n20,Zürich,0\n25,Genève,1\n22,Zürich,0\n", "latin-1")
    ds = load_dataset("weather.csv")
    assert ds.schema.input_columns == ("temp_max (°C)", "ville")
    assert ds.schema.categories == {"ville": ("Genève", "Zürich")}
    assert ("weather.csv is not UTF-8 text: read as Latin-1 (ISO-8859-1); if its accents look wrong, "
            "give --encoding NAME") in ds.notes
    assert ds.schema.parse_input("temp_max (°C)=20,ville=Zürich") == {"temp_max (°C)": "20", "ville": "Zürich"}


def test_cp1252_file_keeps_its_quotes_and_euro_signs():
    write("shop.csv", "price (€),name,y\n3,l’eau,0\n4,“café”,1\n5,l’eau,0\n", "cp1252")
    ds = load_dataset("shop.csv")
    assert ds.schema.input_columns == ("price (€)", "name")
    assert ds.schema.categories == {"name": ("l’eau", "“café”")}
    assert any("read as cp1252 (Windows Western European)" in note for note in ds.notes)


def test_a_latin1_byte_beyond_the_sample_is_not_replaced_silently():
    lines = ["x,city,y"] + [f"{i},Paris,{i % 2}" for i in range(5000)] + ["5000,Zürich,0"]
    write("late.csv", "\n".join(lines) + "\n", "latin-1")
    ds = load_dataset("late.csv")
    assert ds.schema.categories == {"city": ("Paris", "Zürich")}
    assert any("read as Latin-1" in note for note in ds.notes)


def test_encoding_can_be_forced():
    write("x.csv", "naïve,y\n1,0\n2,1\n", "cp1252")
    assert load_dataset("x.csv", encoding="latin-1").schema.input_columns == ("naïve",)
    write("u.csv", "naïve,y\n1,0\n2,1\n")
    assert load_dataset("u.csv", encoding="utf-8").schema.input_columns == ("naïve",)
    assert load_dataset("u.csv").notes == load_dataset("u.csv", encoding="utf-8").notes


# -- 7. Excel --------------------------------------------------------------------------------


def workbook(name: str) -> str:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    book = xlsxwriter.Workbook(name)
    first = book.add_worksheet("Penguins")
    first.write_row(0, 0, ["", "bill", "sex", "species"])  # pandas' to_excel writes its index so
    for i, (bill, _, sex, species) in enumerate(penguins(60)):
        first.write_row(i + 1, 0, [i, float(bill) if bill != "NA" else "NA", sex, species])
    second = book.add_worksheet("Cars")
    second.write_row(0, 0, ["weight", "mpg"])
    for i in range(20):
        second.write_row(i + 1, 0, [2000 + 50 * i, 30.5 - 0.5 * i])
    book.close()
    return name


def test_xlsx_first_sheet_by_default_with_a_note():
    workbook("book.xlsx")
    ds = load_dataset("book.xlsx", missing="mean")
    assert ds.schema.input_columns == ("bill", "sex")  # the index column went
    assert ds.schema.categories == {"sex": ("female", "male")}
    assert ds.schema.classes == ("Adelie", "Gentoo")
    assert 'book.xlsx: read the sheet "Penguins" (2 sheets: Penguins, Cars; --sheet NAME|N for another)' in ds.notes
    assert any(note.startswith("book.xlsx: dropped the first column (no header, 0…59)") for note in ds.notes)


def test_xlsx_sheet_by_name_or_number():
    workbook("book.xlsx")
    for sheet in ("Cars", 2, "2"):
        ds = load_dataset("book.xlsx", sheet=sheet, standardize=False)
        assert ds.schema.input_columns == ("weight",) and ds.schema.task == "regression"
        assert ds.x_train[:3, 0].tolist() == [2000.0, 2050.0, 2100.0]
    assert error("book.xlsx", sheet="Trucks") == (
        'book.xlsx has no sheet "Trucks" — its sheets are: Penguins, Cars (give a name or a number from 1)'
    )


def test_xlsx_cell_errors_name_the_sheet_row():
    xlsxwriter = pytest.importorskip("xlsxwriter")
    book = xlsxwriter.Workbook("bad.xlsx")
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["x", "y"])
    for i in range(6):
        sheet.write_row(i + 1, 0, [i if i != 3 else "oops", i % 2])
    book.close()
    assert error("bad.xlsx").startswith('bad.xlsx, row 5, column "x": "oops" is not a number')


# -- 8. JSON layouts -------------------------------------------------------------------------

RECORDS = [{"w": 100, "h": 180, "c": "Man"}, {"w": 70, "h": 190, "c": "Man"}, {"w": 50, "h": 160, "c": "Woman"}]
PEOPLE_X = [[100.0, 180.0], [70.0, 190.0], [50.0, 160.0]]


def pandas_json(orient: str) -> dict:
    """What `pd.DataFrame(RECORDS).to_json(orient=...)` writes."""
    names = list(RECORDS[0])
    if orient == "columns":
        return {n: {str(i): r[n] for i, r in enumerate(RECORDS)} for n in names}
    if orient == "index":
        return {str(i): r for i, r in enumerate(RECORDS)}
    if orient == "split":
        return {"columns": names, "index": list(range(len(RECORDS))), "data": [[r[n] for n in names] for r in RECORDS]}
    schema = {"fields": [{"name": "index", "type": "integer"}] + [{"name": n} for n in names], "primaryKey": ["index"]}
    return {"schema": schema, "data": [{"index": i, **r} for i, r in enumerate(RECORDS)]}


@pytest.mark.parametrize("orient", ["columns", "index", "split", "table"])
def test_pandas_json_layouts(orient):
    write("p.json", json.dumps(pandas_json(orient)))
    ds = load_dataset("p.json", standardize=False)
    assert ds.schema.input_columns == ("w", "h") and ds.schema.classes == ("Man", "Woman")
    assert ds.x_train.tolist() == PEOPLE_X
    assert f"p.json: read as pandas' \"{orient}\" JSON layout (3 records)" in ds.notes


def test_json_rows_are_record_numbers_in_every_layout():
    bad = [dict(r) for r in RECORDS] + [{"w": 60, "h": 170, "c": "Woman"}]
    bad[2]["w"] = "abc"
    bad.append({"w": 80, "h": 175, "c": "Man"})
    expected = '"abc" is not a number'
    write("cols.json", json.dumps({n: {str(i): r[n] for i, r in enumerate(bad)} for n in bad[0]}))
    write("lines.jsonl", "\n\n".join(json.dumps(r) for r in bad))  # blank lines between records
    write("pretty.json", json.dumps(bad, indent=2))
    for name in ("cols.json", "lines.jsonl", "pretty.json"):
        assert error(name).startswith(f'{name}, row 3, column "w": {expected}')


def test_one_object_per_line_in_a_json_file_is_still_json_lines():
    write("l.json", "\n".join(json.dumps(r) for r in RECORDS) + "\n")
    assert load_dataset("l.json", standardize=False).x_train.tolist() == PEOPLE_X
    write("one.json", json.dumps(RECORDS[0]))
    assert error("one.json").startswith('one.json: the target "c" has only one class')


# -- 10. advice a shell takes ------------------------------------------------------------------


def test_drop_advice_quotes_names_with_spaces():
    write("d.csv", "Date Egg,x,y\n2007-11-11,1,0\n2007-11-12,2,1\n2007-11-13,3,0\n")
    table = read_table("d.csv")
    assert table.columns["Date Egg"].kind == "text"
    write("n.jsonl", '{"Clutch Completion": [1], "x": 1, "y": 0}\n{"Clutch Completion": [2], "x": 2, "y": 1}\n')
    assert error("n.jsonl").endswith("drop it with --drop 'Clutch Completion'")


def test_dots_group_thousands_in_a_file_with_decimal_commas():
    # A European spreadsheet: 4.123 visitors beside 18,5 degrees.
    write("eu2.csv", "temp;visits;y\n18,5;4.123;0\n21,0;999;1\n9,5;12.345;0\n")
    ds = load_dataset("eu2.csv", standardize=False)
    assert ds.x_train.tolist() == [[18.5, 4123.0], [21.0, 999.0], [9.5, 12345.0]]
    assert 'column "visits": numbers written with thousands separators, read as numbers ("4.123" is 4123)' in ds.notes
    # Without decimal commas anywhere, a dot is a decimal point.
    write("dots.csv", "temp;visits;y\n18.5;4.123;0\n21.0;999;1\n9.5;12.345;0\n")
    assert load_dataset("dots.csv", standardize=False).x_train[:, 1].tolist() == [4.123, 999.0, 12.345]


def test_xlsx_text_in_a_number_column_is_not_emptied_silently():
    xlsxwriter = pytest.importorskip("xlsxwriter")
    book = xlsxwriter.Workbook("late.xlsx")
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["x", "y"])
    for i in range(400):
        sheet.write_row(i + 1, 0, ["NA" if i == 5 else (f"{i}" if i == 200 else i * 1.5), i % 2])
    sheet.write_row(401, 0, ["oops", 1])
    book.close()
    # calamine alone makes "NA" and "oops" empty cells; tui-nn counts the one and names the other.
    assert error("late.xlsx").startswith('late.xlsx, row 402, column "x": "oops" is not a number')
    book = xlsxwriter.Workbook("na.xlsx")
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["x", "y"])
    for i in range(30):
        sheet.write_row(i + 1, 0, ["NA" if i == 5 else i * 1.5, i % 2])
    book.close()
    ds = load_dataset("na.xlsx", missing="drop", standardize=False)
    assert 'column "x": 1 cell read as missing (1 "NA")' in ds.notes
    assert ds.x_train[:3, 0].tolist() == [0.0, 1.5, 3.0] and ds.n_rows == 29


def test_r_row_names_without_a_header_are_dropped():
    cars = [("Mazda RX4", 21.0, 6), ("Mazda RX4 Wag", 21.0, 6), ("Datsun 710", 22.8, 4), ("Hornet 4 Drive", 21.4, 6),
            ("Valiant", 18.1, 6), ("Duster 360", 14.3, 8)]
    write("mtcars.csv", '"","mpg","cyl"\n' + "".join(f'"{n}",{m},{c}\n' for n, m, c in cars))
    ds = load_dataset("mtcars.csv")
    assert ds.schema.input_columns == ("mpg",) and ds.schema.target == "cyl"
    assert ('mtcars.csv: dropped the first column (no header, row names such as "Mazda RX4"): one different name a '
            "row, as R saves row names; --keep-index keeps it") in ds.notes
    assert load_dataset("mtcars.csv", keep_index=True).schema.categories["column1"][0] == "Datsun 710"
    write("groups.csv", ",x,y\na,1,0\nb,2,1\na,3,0\n")  # repeated: a real (unnamed) category
    assert load_dataset("groups.csv").schema.input_columns == ("column1", "x")


def test_a_utf8_file_with_one_damaged_byte_is_named_not_read_as_mojibake():
    data = "x,ville,y\n1,Zürich,0\n2,Genève,1\n".encode("utf-8") + b"3,Z\xfcrich,0\n"
    write("mixed.csv", data)
    assert error("mixed.csv") == (
        "mixed.csv, row 4: not valid UTF-8 text, though the rest of the file is — fix that line, "
        "or give the file's encoding with --encoding NAME"
    )


def test_predict_input_finds_a_latin1_column_by_its_own_name(capsys):
    from tui_nn.cli import main

    rng = np.random.default_rng(4)
    temps = rng.uniform(-5, 35, 120)
    write("meteo.csv", "temp_max (°C);pluie\n" + "".join(f"{t:.1f};{'oui' if t < 10 else 'non'}\n".replace(".", ",")
                                                         for t in temps), "latin-1")
    assert main(["train", "meteo.csv", "--epochs", "60", "--save", "m.npz", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["predict", "m.npz", "--input", "temp_max (°C)=30", "--input", "temp_max (°C)=-3", "--json"]) == 0
    assert [p["class"] for p in json.loads(capsys.readouterr().out)["predictions"]] == ["non", "oui"]


def test_a_workbook_trains_like_its_csv():
    workbook("book.xlsx")
    header = ["bill", "sex", "species"]
    write("book.csv", csv_text(header, [[r[0], r[2], r[3]] for r in penguins(60)]))
    from_sheet = load_dataset("book.xlsx", missing="mean", val_split=0.25)
    from_csv = load_dataset("book.csv", missing="mean", val_split=0.25)
    np.testing.assert_allclose(from_sheet.x_train, from_csv.x_train)
    assert fit(from_sheet) == fit(from_csv) >= 0.9


def test_decimal_commas_in_every_row_do_not_hide_the_semicolons():
    write("t.csv", "temp (°C);rain\n12,5;1\n-3,0;0\n8,25;1\n")
    ds = load_dataset("t.csv", standardize=False, task="regression")
    assert ds.schema.input_columns == ("temp (°C)",) and ds.x_train[:, 0].tolist() == [12.5, -3.0, 8.25]


def test_pandas_values_layout_has_numbered_columns():
    write("v.json", json.dumps([[r["w"], r["h"], r["c"]] for r in RECORDS]))
    ds = load_dataset("v.json", standardize=False)
    assert ds.schema.input_columns == ("column1", "column2") and ds.x_train.tolist() == PEOPLE_X
    assert ds.notes[:2] == ("v.json: read as pandas' \"values\" JSON layout (rows without names)",
                            "v.json has no header row; its columns are named column1..column3")
