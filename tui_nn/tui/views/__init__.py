"""The board's tabs: one `View` subclass a file, registered in `VIEWS` (the order of keys 1–6).

Adding a tab: a new file here with its `View` subclass, and one line in `VIEWS`.
"""

from __future__ import annotations

from tui_nn.tui.views.base import View
from tui_nn.tui.views.decision import DecisionTab
from tui_nn.tui.views.math import MathTab
from tui_nn.tui.views.network import NetworkTab
from tui_nn.tui.views.report import ReportTab
from tui_nn.tui.views.runs import RunsView
from tui_nn.tui.views.training import TrainingView

VIEWS: tuple[View, ...] = (TrainingView(), NetworkTab(), DecisionTab(), MathTab(), ReportTab(), RunsView())
"""Every tab, in order."""

__all__ = ["VIEWS", "View", "view_named"]


def view_named(name: str) -> View:
    """The tab called `name` (KeyError for none)."""
    return {view.name: view for view in VIEWS}[name]
