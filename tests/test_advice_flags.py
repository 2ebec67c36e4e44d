"""Advice that works: every flag a message names exists, and every suggested command line
parses with the real argument parser (a name with spaces arrives as one name), so the advice
can never drift from the flags again (it said `--missing drop` for a year of flags called
`--drop-missing` and `--fill-missing`)."""

from __future__ import annotations

import argparse
import ast
import json
import re
import shlex
from pathlib import Path

import numpy as np
import pytest

from tui_nn import cli
from tui_nn.data import load_dataset
from tui_nn.errors import TuiNNError

PACKAGE = Path(cli.__file__).resolve().parent
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def parsers() -> dict[str, argparse.ArgumentParser]:
    """Every parser of the CLI by command; "" for the top level."""
    top = cli.build_parser()
    found = {"": top}
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def app_flags(capsys) -> set[str]:
    """The app's own flags (`tui-nn [DATASET] ...`), from its help."""
    with pytest.raises(SystemExit):
        cli._app(["--help"])
    return set(FLAG.findall(capsys.readouterr().out))


def known_flags(capsys) -> set[str]:
    flags = app_flags(capsys)
    for parser in parsers().values():
        for action in parser._actions:
            flags.update(o for o in action.option_strings if o.startswith("--"))
    return flags


def pending_read_flags() -> set[str]:
    """Reading flags whose RunSpec keys do not exist yet (cli adds each once its key does)."""
    from tui_nn.spec import KEYS

    return {"--" + name.replace("_", "-") for name in cli.READ_FLAGS if name not in KEYS}


TEMPLATES = PACKAGE / "export" / "templates"
# torchrun's own flags, which the exported train.py's usage names (they are not ours to parse)
TORCHRUN_FLAGS = {"--standalone", "--nproc_per_node", "--nnodes", "--node_rank", "--master_addr"}


def literal_flags(paths=None, flag=FLAG) -> dict[str, list[str]]:
    """Every `--flag` in a string literal (f-string parts included) of the package → where.
    The export templates are programs of their own with their own parser: checked apart."""
    found: dict[str, list[str]] = {}
    if paths is None:
        paths = [p for p in PACKAGE.rglob("*.py") if TEMPLATES not in p.parents]
    for path in sorted(paths):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for name in flag.findall(node.value):
                    found.setdefault(name, []).append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_every_flag_the_code_names_exists(capsys):
    known = known_flags(capsys) | pending_read_flags()
    unknown = {flag: where for flag, where in literal_flags().items() if flag not in known}
    assert not unknown, f"messages name flags no parser has: {unknown}"


def test_the_exported_train_script_names_only_its_own_flags(capsys):
    """train.py, written by `tui-nn export --to pytorch`, has its own argparse: every flag its
    usage and messages name is one it adds, torchrun's, or (where it says how it was made)
    tui-nn's."""
    script = TEMPLATES / "train.py"
    tree = ast.parse(script.read_text(encoding="utf-8"))
    own = {
        arg.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_argument"
        for arg in node.args
        if isinstance(arg, ast.Constant) and str(arg.value).startswith("--")
    }
    assert {"--data", "--epochs"} <= own
    named = literal_flags([script], flag=re.compile(r"(?<![\w-])--[a-z][a-z0-9_-]*"))
    unknown = {flag: where for flag, where in named.items() if flag not in own | TORCHRUN_FLAGS | known_flags(capsys)}
    assert not unknown, f"train.py names flags its parser lacks: {unknown}"


def test_the_reading_flags_reach_the_data():
    pending = pending_read_flags()
    if pending:
        pytest.skip(f"the RunSpec has no keys for {', '.join(sorted(pending))} yet (tui_nn/spec.py DataRequest)")
    args = parsers()["train"].parse_args(
        ["train", "x.csv", "--na-values", "NA,-", "--keep-index", "--encoding", "cp1252", "--sheet", "2"][1:]
    )
    spec = cli.run_spec_from_args(args)
    options = spec.data.load_options(0)
    assert options["na_values"] == ["NA", "-"] or tuple(options["na_values"]) == ("NA", "-")
    assert options["keep_index"] is True and options["encoding"] == "cp1252" and str(options["sheet"]) == "2"


# -- suggested command lines, from the messages themselves -----------------------------------


def suggestions(message: str) -> list[tuple[str, str | None]]:
    """(flag, value) for every flag a message names; the value is the shell word after it
    (None when punctuation or the end follows), as a person would copy it into a shell."""
    out = []
    for match in FLAG.finditer(message):
        rest = message[match.start():]
        value = None
        for end in [m.start() for m in re.finditer(r"\s", rest)][1:] + [len(rest)]:
            lexer = shlex.shlex(rest[:end], posix=True, punctuation_chars="()")
            lexer.whitespace_split = True
            try:
                words = list(lexer)
            except ValueError:  # an open quote: the word goes on
                continue
            if len(words) >= 2:
                value = None if words[1] in ("(", ")") or words[1].startswith("--") else words[1]
            break
        out.append((match.group(), value))
    return out


def check_suggestion(flag: str, value: str | None, columns: set[str]) -> None:
    """Parse `tui-nn train FILE FLAG VALUE` with the real parser, each of a|b|c alternatives."""
    if flag in pending_read_flags():
        return
    parser = parsers()["train"]
    action = next((a for a in parser._actions if flag in a.option_strings), None)
    if action is None:
        raise AssertionError(f"{flag} is no train flag")
    takes_value = action.nargs != 0
    if not takes_value or value is None or re.fullmatch(r"[A-Z|]+", value):
        return  # a switch, or a placeholder such as NAME|N: the flag exists, that is the check
    for choice in value.split("|") if flag != "--drop" else [value]:
        args = parser.parse_args(["data.csv", flag, choice])
        if flag == "--drop":
            assert set(args.drop) <= columns, f"--drop {shlex.quote(value)} names no column: {args.drop}"


def messages_of(source: str, **options) -> list[str]:
    try:
        return list(load_dataset(source, **options).notes)
    except TuiNNError as exc:
        return [str(exc)]


ODD = ["Individual ID", "Delta 15 N (o/oo)", "it's", "x;y"]


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> list[tuple[str, set[str]]]:
    """(message, the file's columns) from files that make the data layer advise."""
    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(0)
    header = ",".join(f'"{name}"' for name in ODD) + ",target"
    made: list[tuple[str, dict]] = []

    def table(name: str, rows: list[list[str]], **options) -> None:
        Path(name).write_text(header + "\n" + "\n".join(",".join(r) for r in rows) + "\n")
        made.append((name, options))

    base = [[str(i + 1), f"{rng.normal():.2f}", "a" if i % 2 else "b", "1", str(i % 2)] for i in range(60)]
    table("ids.csv", base)  # id warning, constant column note
    table("na.csv", [r[:1] + ["NA" if i == 3 else r[1]] + r[2:] for i, r in enumerate(base)])  # missing cells
    table("na_fill.csv", [r[:1] + ["NA" if i == 3 else r[1]] + r[2:] for i, r in enumerate(base)], missing="mean")
    table("word.csv", [r[:1] + ["oops" if i == 3 else r[1]] + r[2:] for i, r in enumerate(base)])  # not a number
    table("many.csv", [r[:2] + [f"c{i}"] + r[3:] for i, r in enumerate(base)])  # many categories
    table("lots.csv", [r[:2] + [f"c{i}"] + r[3:] for i, r in enumerate(base * 20)])  # too many categories
    table("empty_col.csv", [r[:2] + ["NA"] + r[3:] for r in base], missing="mean")  # empty in every row
    table("float.csv", [r[:-1] + [f"{rng.normal():.3f}"] for r in base])  # regression note
    table("nan.csv", [r[:1] + ["inf" if i == 3 else r[1]] + r[2:] for i, r in enumerate(base)])  # non-finite
    Path("nested.jsonl").write_text("\n".join(json.dumps({"Individual ID": [i], "x": i, "y": i % 2}) for i in range(5)))
    made.append(("nested.jsonl", {}))
    Path("idx.csv").write_text(",a,y\n" + "".join(f"{i},{rng.normal():.2f},{i % 2}\n" for i in range(20)))
    made.append(("idx.csv", {}))
    Path("latin.csv").write_bytes("°C,y\n1,0\n2,1\n".encode("latin-1"))
    made.append(("latin.csv", {}))
    import polars as pl

    import datetime

    pl.DataFrame({"Date Egg": [datetime.date(2007, 11, 11)] * 3, "x": [1.0, 2.0, 3.0], "y": [0, 1, 0]}).write_parquet("d.parquet")
    made.append(("d.parquet", {}))
    out = []
    for name, options in made:
        from tui_nn.data.tables import read_table

        columns = set(read_table(name).columns)
        out.extend((message, columns) for message in messages_of(name, **options))
    return out


def test_every_suggested_command_line_parses(corpus):
    checked = 0
    for message, columns in corpus:
        for flag, value in suggestions(message):
            check_suggestion(flag, value, columns)
            checked += 1
    flags = {flag for message, _ in corpus for flag, _ in suggestions(message)}
    assert {"--drop", "--drop-missing", "--fill-missing", "--task"} <= flags
    assert checked >= 10


def test_names_with_spaces_and_quotes_arrive_whole(corpus):
    drops = [value for message, _ in corpus for flag, value in suggestions(message) if flag == "--drop"]
    assert "Individual ID" in drops and "Date Egg" in drops
    assert any(value in ODD for value in drops if value != "Individual ID")


def test_predict_advice_parses_too(tmp_path, capsys):
    (tmp_path / "t.csv").write_text("x,c,y\n" + "".join(f"{i},{'ab'[i % 2]},{i % 2}\n" for i in range(20)))
    saved = tmp_path / "t.npz"
    assert cli.main(["train", str(tmp_path / "t.csv"), "--epochs", "2", "--save", str(saved), "--quiet"]) == 0
    (tmp_path / "in.csv").write_text("x,c\n1,zz\n,a\n")
    capsys.readouterr()
    for argv in (["--csv", str(tmp_path / "in.csv")], ["--csv", str(tmp_path / "in.csv"), "--strict"],
                 ["--input", "x=1,c=zz", "--strict"]):
        cli.main(["predict", str(saved), *argv])
        err = capsys.readouterr().err
        for flag, _ in suggestions(err):
            assert flag in {"--fill-missing", "--strict"}, err
            if flag == "--fill-missing":
                parsers()["train"].parse_args(["data.csv", flag, "mean"])
            else:
                parsers()["predict"].parse_args([str(saved), "--csv", "in.csv", flag])
