"""The synthetic sets drawn again: --rows and --noise (seeded by --seed), refused for any other table."""

from __future__ import annotations

import numpy as np
import pytest

from tui_nn.cli import main
from tui_nn.data import load_dataset
from tui_nn.data.generators import GENERATORS
from tui_nn.errors import TuiNNError
from tui_nn.spec import RunSpec


@pytest.mark.parametrize("name", list(GENERATORS))
def test_every_synthetic_set_draws_the_rows_asked_for_seeded(name):
    data = load_dataset(name, rows=120, noise=GENERATORS[name].noise, seed=3)
    again = load_dataset(name, rows=120, noise=GENERATORS[name].noise, seed=3)
    other = load_dataset(name, rows=120, noise=GENERATORS[name].noise, seed=4)
    assert data.n_rows == 120 and np.array_equal(data.x_train, again.x_train)
    assert not np.array_equal(data.x_train, other.x_train)
    assert data.schema.input_columns == load_dataset(name).schema.input_columns
    assert any("drawn: 120 rows" in note and "seed 3" in note for note in data.notes)


def test_noise_blurs_the_circles():
    def ring_overlap(noise: float) -> float:
        data = load_dataset("circles", rows=2000, noise=noise, seed=0, standardize=False)
        radius = np.hypot(data.x_train[:, 0], data.x_train[:, 1])
        inside = data.y_train[:, 0] == 1
        return float(np.mean(radius[inside] > 3.0))  # disc points pushed out into the ring

    assert ring_overlap(0.0) == 0.0 and ring_overlap(1.5) > 0.1


def test_noise_zero_puts_the_sine_on_its_curve():
    data = load_dataset("sine", rows=50, noise=0.0, standardize=False)
    np.testing.assert_allclose(data.y_train[:, 0], np.sin(data.x_train[:, 0]), atol=1e-3)


@pytest.mark.parametrize(("source", "flag", "what"), [
    ("iris", "--rows", "the real table iris"),
    ("man_woman", "--noise", "the seed table man_woman"),
])
def test_a_real_or_seed_table_refuses_rows_and_noise_in_one_line(source, flag, what, capsys):
    assert main(["train", source, flag, "10", "--epochs", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and f"{flag}: {what} cannot be drawn again" in err and "circles" in err


def test_a_file_refuses_rows(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("x,y\n1,2\n3,4\n5,6\n")
    with pytest.raises(TuiNNError, match="--rows: the file .* cannot be drawn again"):
        load_dataset(path, rows=10)


@pytest.mark.parametrize(("flag", "value"), [("--rows", "1"), ("--rows", "2.5"), ("--noise", "-1"), ("--noise", "nan")])
def test_absurd_rows_and_noise_are_refused_by_the_flag(flag, value, capsys):
    assert main(["train", "circles", flag, value]) == 2
    assert f"argument {flag}" in capsys.readouterr().err


def test_rows_and_noise_travel_in_the_runspec():
    run = RunSpec().with_values(source="circles", rows=1000, noise=0.5)
    assert RunSpec.from_dict(run.to_dict()) == run
    assert run.data.load_options(7)["rows"] == 1000
