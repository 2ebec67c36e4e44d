"""The headless progress bar: rich's Progress on a terminal, nothing on a pipe or with --quiet."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time

import pytest
from rich.console import Console

from tui_nn.cli import main
from tui_nn.headless import TrainingProgress, progress_bar

COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[25];[0-9;]+)m")
"""An SGR escape that sets a foreground colour."""


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal (what a real stderr on a console says)."""

    def isatty(self) -> bool:
        return True


def last_frame(text: str) -> str:
    """The line a person sees at the end: the last redraw after the final carriage return."""
    return text.rstrip("\n").split("\r")[-1]


def fake_console(width: int = 120) -> tuple[Console, io.StringIO]:
    file = io.StringIO()
    return Console(file=file, force_terminal=True, width=width), file


def test_the_bar_shows_epoch_loss_metric_speed_and_times():
    console, file = fake_console()
    bar = TrainingProgress(console, 10)
    bar.update(3.5, 0.25)  # mid-epoch: loss only
    bar.update(4, 0.123456, "accuracy", 0.93, 1234.4)
    bar.close()
    frame = last_frame(file.getvalue())
    for part in ("epoch 4/10", "━", "loss 0.1235", "accuracy 93.0%", "1,234 samples/s", "0:00:00", "eta"):
        assert part in frame, (part, frame)


def test_a_regression_metric_has_four_decimals():
    console, file = fake_console()
    bar = TrainingProgress(console, 3)
    bar.update(3, 0.5, "r2", 0.81234, 50.0)
    bar.close()
    assert "r2 0.8123" in last_frame(file.getvalue()) and "epoch 3/3" in last_frame(file.getvalue())


def test_a_description_leads_the_line():
    console, file = fake_console()
    TrainingProgress(console, 5, description="fold 2/5").close()
    assert last_frame(file.getvalue()).removeprefix("\x1b[2K").startswith("fold 2/5 epoch 0/5")


def test_before_the_first_epoch_the_loss_is_a_dash():
    console, file = fake_console()
    TrainingProgress(console, 7).close()
    assert "epoch 0/7" in last_frame(file.getvalue()) and "loss –" in last_frame(file.getvalue())


def test_the_bar_is_redrawn_at_most_ten_times_a_second():
    console, file = fake_console()
    bar = TrainingProgress(console, 1_000_000)
    started = time.monotonic()
    epoch = 0
    while time.monotonic() - started < 0.5:
        epoch += 1
        bar.update(epoch, 1.0 / epoch, "accuracy", 0.5, 1e6)
    bar.close()
    frames = file.getvalue().count("\r")
    assert 1 <= frames <= 0.5 * 10 + 3, frames  # the first draw, ~5 refreshes, the last one
    assert f"epoch {epoch}/" in last_frame(file.getvalue())  # the last values, not a stale one


def test_no_bar_when_the_stream_is_not_a_terminal_or_with_quiet():
    assert progress_bar(io.StringIO(), 5) is None
    assert progress_bar(FakeTerminal(), 5, quiet=True) is None
    bar = progress_bar(FakeTerminal(), 5)
    assert isinstance(bar, TrainingProgress)
    bar.close()


def _coloured_run(monkeypatch, no_color: str | None) -> str:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "120")
    for name in ("COLORTERM", "FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    if no_color is not None:
        monkeypatch.setenv("NO_COLOR", no_color)
    stream = FakeTerminal()
    bar = progress_bar(stream, 4)
    assert bar is not None
    bar.update(2, 0.5, "accuracy", 0.75, 100.0)
    bar.close()
    return stream.getvalue()


def test_no_color_turns_the_colours_off(monkeypatch):
    assert COLOUR.search(_coloured_run(monkeypatch, None))  # the control: colours on a colour terminal
    plain = _coloured_run(monkeypatch, "1")
    assert not COLOUR.search(plain), repr(plain)
    assert "epoch 2/4" in last_frame(plain) and "accuracy 75.0%" in last_frame(plain)


def test_train_on_a_terminal_draws_the_bar_and_the_summary_after_it(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "120")
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["train", "man_woman", "--epochs", "5"]) == 0
    text = terminal.getvalue()
    bar, _, summary = text.rpartition("completed 5 epochs")
    assert "epoch 5/5" in last_frame(bar) and "loss " in last_frame(bar) and "accuracy " in last_frame(bar)
    assert "\r" not in summary  # the closing lines are plain text below the bar


def test_train_without_a_terminal_or_with_quiet_draws_no_bar(monkeypatch, capsys):
    assert main(["train", "man_woman", "--epochs", "5"]) == 0
    err = capsys.readouterr().err
    assert "completed 5 epochs" in err
    assert "\r" not in err and "\x1b[" not in err and "━" not in err
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["train", "man_woman", "--epochs", "5", "--quiet"]) == 0
    assert terminal.getvalue() == ""


@pytest.mark.parametrize("argv", [["--help"], ["train", "man_woman", "--epochs", "2", "--quiet"]])
def test_rich_progress_is_imported_only_for_a_bar(argv):
    code = (
        "import sys; from tui_nn.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "assert 'rich.progress' not in sys.modules, 'rich.progress imported'"
    )
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
