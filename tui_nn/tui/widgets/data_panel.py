"""DataPanel: what the loaded dataset is — name, rows, features, target, task, classes, split."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widgets import Static


MAX_NAMES = 6
"""Feature names listed in full up to this many; wide tables get the first few and a count."""


def about(dataset: Any) -> str:
    """A bundled dataset's one-line description, or the file that was read."""
    from tui_nn.data.builtin import find_builtin  # noqa: PLC0415 — no file reads, just the registry

    info = find_builtin(dataset.name)
    if info is not None and Path(dataset.source).resolve() == info.path.resolve():
        return info.description
    return dataset.source


def name_list(names: tuple[str, ...] | list[str], limit: int = MAX_NAMES) -> str:
    """`a, b, c` — or the first few and `… (+24 more)` for wide tables."""
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f", … (+{len(names) - limit} more)"


class DataPanel(Static):
    """A small key/value table about the dataset (or how to open one)."""

    def show(self, dataset: Any | None, loading: str | None = None) -> None:
        """Describe `dataset` (a `tui_nn.data.Dataset`), or say that one is loading / missing."""
        if loading:
            self.update(Text(f"loading {loading} …", style="italic"))
            return
        if dataset is None:
            self.update(Text.assemble(("no data yet\n", "bold"), ("press ", "dim"), ("o", "bold"),
                                      (" to open a bundled dataset or a CSV file", "dim")))
            return
        schema = dataset.schema
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        table.add_row("dataset", Text(dataset.name, style="bold"))
        table.add_row("about", about(dataset))
        n_val = len(dataset.x_val) if dataset.x_val is not None else 0
        split = f"{len(dataset.x_train)} train · {n_val} validation" if n_val else f"{len(dataset.x_train)} train · no split"
        table.add_row("rows", f"{dataset.n_rows}  ({split})")
        table.add_row("features", f"{dataset.n_features}: {name_list(schema.feature_names)}")
        table.add_row("target", f"{schema.target}  ({schema.task})")
        if schema.classes:
            table.add_row("classes", f"{len(schema.classes)}: {', '.join(schema.classes)}")
        self.update(table)
