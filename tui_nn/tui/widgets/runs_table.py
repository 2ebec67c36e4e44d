"""RunsTable: a row a kept run — its epochs, why it stopped, its best numbers, what changed — and
`enter` to restore the highlighted run's setup (the Runs tab)."""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from tui_nn.compare import format_value
from tui_nn.tui.runs import Best, RunLog, RunRecord
from tui_nn.tui.widgets.runs_chart import run_style

STOP_WORDS = {"completed": "completed", "early_stop": "early stop", "diverged": "diverged", "interrupted": "stopped"}
"""How the table words a run's end (`interrupted`: a key, a setting or an error stopped it)."""


def best_text(best: Best | None) -> str:
    """`0.3012 @27`: the value and the first epoch that reached it."""
    return "–" if best is None else f"{format_value(best.name, best.value)} @{best.epoch}"


SHORT_NAMES = {"val_loss": "val loss", "val_accuracy": "val acc", "accuracy": "acc", "val_r2": "val R²", "r2": "R²"}
"""Column headers short enough that a 140-column app shows every number of a run."""


def header(kind: str, bests: Sequence[Best | None]) -> str:
    """`best val loss`, or every quantity the column holds (`best val acc/acc`: some runs had no split)."""
    names = list(dict.fromkeys(SHORT_NAMES.get(best.name, best.name) for best in bests if best is not None))
    return f"best {'/'.join(names) or kind}"


class RunsTable(DataTable):
    """The kept runs, oldest first; the cursor starts on the newest."""

    BINDINGS = [Binding("enter", "restore_run", "Restore", tooltip="restore the highlighted run's setup")]
    """enter restores (not DataTable's select, which a click also sends: a click only highlights)."""

    class Restore(Message):
        """The user asked to restore run `number`'s setup."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self.numbers: list[int] = []
        """The run number of each row."""
        self.run_log: RunLog | None = None

    @property
    def highlighted(self) -> int | None:
        """The number of the run under the cursor, or None without runs."""
        if not self.numbers:
            return None
        return self.numbers[min(max(self.cursor_row, 0), len(self.numbers) - 1)]

    def show(self, log: RunLog) -> None:
        runs = log.records
        before, keep = self.numbers, self.highlighted
        self.run_log = log
        self.clear(columns=True)
        best = log.best()
        # What changed goes last: it is the one cell of any length (layers, a file's path), and
        # the border under the table spells it out for the highlighted run.
        self.add_columns("run", "epochs", "stop", header("loss", [r.best_loss for r in runs]),
                         header("score", [r.best_score for r in runs]), "final loss", "changed")
        for run in runs:
            self.add_row(*self._cells(run, log, run is best))
        self.numbers = [run.number for run in runs]
        if self.numbers:
            # A run just ended: the cursor goes to it; the same runs drawn again keep the cursor's run.
            same = self.numbers == before and keep in self.numbers
            self.move_cursor(row=self.numbers.index(keep) if same else len(self.numbers) - 1)

    @staticmethod
    def _changed(run: RunRecord, log: RunLog) -> str:
        """What differs from the run before; the oldest kept row has nothing to compare with."""
        if log.previous(run) is None:
            return "first run" if run.number == 1 else "–"
        return log.changed(run) or ("nothing (went on)" if run.first_epoch > 1 else "nothing")

    def _cells(self, run: RunRecord, log: RunLog, best: bool) -> list[Text]:
        style = "bold" if best else ""
        # The run's colour is the chart's key; ★ marks the best.
        return [Text.assemble((f"━━ run {run.number}", f"{run_style(run.number)} {style}".strip()),
                              (" ★" if best else "", "bold green")),
                Text(f"{run.first_epoch}–{run.last_epoch}", style=style),
                Text(STOP_WORDS.get(run.reason, run.reason), style=style),
                Text(best_text(run.best_loss), style=style),
                Text(best_text(run.best_score), style=style),
                Text(format_value("loss", run.final_loss), style=style),
                Text(self._changed(run, log), style=style)]

    def describe(self, number: int | None) -> str:
        """The highlighted run against the one before, in full: the table's bottom border."""
        run = self.run_log.get(number) if self.run_log is not None and number is not None else None
        if run is None:
            return ""
        previous = self.run_log.previous(run)
        versus = f"run {run.number} vs run {previous.number}: " if previous is not None else f"run {run.number}: "
        return versus + self._changed(run, self.run_log)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.border_subtitle = self.describe(self.highlighted)

    def action_restore_run(self) -> None:
        number = self.highlighted
        if number is not None:
            self.post_message(self.Restore(number))
