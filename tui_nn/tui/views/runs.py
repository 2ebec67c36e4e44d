"""The Runs tab: every run since the app opened, its loss curve over the others' and a table of
what changed between them and how each did; enter restores a run's setup (issue #15)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from tui_nn.tui.runs import RunLog
from tui_nn.tui.views.base import View, show_only
from tui_nn.tui.widgets.runs_chart import RunsChart, run_style
from tui_nn.tui.widgets.runs_table import RunsTable

EMPTY = "no runs yet: press space to train"


class RunsView(View):
    name, title, key, what = "runs", "Runs", "6", "Every run's loss, what changed, the best; enter restores one"
    # The table: up/down move in it and enter restores at once when the tab opens.
    focus = "#runs-table"

    def compose(self) -> ComposeResult:
        yield Static(EMPTY, id="runs-empty")
        yield RunsChart(id="runs-chart", classes="panel")
        yield RunsTable(id="runs-table", classes="panel")

    def focus_target(self, pane: Widget) -> str | None:
        return self.focus if pane.query_one(RunsTable).display else None

    def show_runs(self, pane: Widget, log: RunLog) -> None:
        """Draw the log (the app calls this when a run ends; the runs change at no other time)."""
        runs = log.records
        show_only(pane, {"#runs-empty": not runs, "#runs-chart": bool(runs), "#runs-table": bool(runs)})
        chart, table = pane.query_one(RunsChart), pane.query_one(RunsTable)
        chart.show(runs)
        table.show(log)
        # The chart's key in its bottom border (a plotext legend would cover the curves); the
        # table's run column is written in the same colours.
        chart.border_subtitle = "  ".join(f"[{run_style(run.number)}]━━ run {run.number}[/]" for run in runs)
        best = log.best()
        table.border_title = "Runs · ↑↓ pick · enter restores its setup" + (
            f" · ★ best: run {best.number}" if best is not None else "")
