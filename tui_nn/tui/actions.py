"""Every action of the app's keyboard, in one table.

The bindings, the command palette, the help screen's key table and the footer are all
made from `ACTIONS`, so a key is added (or changed) in one place and shows up in all four.
A widget's own keys (the diagram's arrows, the decision map's v/f/g) stay on the widget;
they are listed here with `widget=True` so the help screen and the palette still tell them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from textual.binding import Binding

from tui_nn.tui.views import VIEWS


@dataclass(frozen=True)
class Action:
    """One thing a key does: shown in the footer, the help screen and the palette."""

    action: str
    """The Textual action string, e.g. `toggle_training` or `edit('units', 1)`."""
    keys: tuple[str, ...]
    """Textual key names; the first is the one the footer shows."""
    label: str
    """The footer's short label."""
    help: str
    """What it does, for the help screen and the palette."""
    title: str = ""
    """The palette's name for it (default: the label)."""
    group: str | None = None
    """Footer group: entries of one group share one label (`+ - Units`)."""
    display: str | None = None
    """How the footer writes the key (`+` for `plus`)."""
    footer: bool = True
    """Shown in the footer at all (else only in help and the palette)."""
    min_width: int = 0
    """The footer shows it from this many columns; narrower, the key still acts."""
    help_keys: str = ""
    """How the help screen writes the keys, when one row stands for several actions."""
    help_row: str = ""
    """The help screen's text for that shared row (default: `help`)."""
    widget: bool = False
    """A widget's own key (bound there, not on the app): help only, and the footer while that widget
    has the focus (its binding's `show`)."""
    palette: bool = False
    """A widget's key that the palette offers too: the app has an `action_{action}` doing it for the
    widget (the palette has no focused widget to send the key to)."""


VIEW_MIN_WIDTH = 137
"""The footer's view keys (1 … 6) and the lesson need this many columns beside everything else."""
FEATURES_MIN_WIDTH = 150
"""Derived features (d) need this many beside the view keys; narrower, help and the palette show d."""
REGENERATE_MIN_WIDTH = 165
"""Regenerate (ctrl+g) needs this many beside derived features; narrower, help and the palette show it."""
RESTORE_MIN_WIDTH = 88
"""The Runs table's enter (restore) needs this many beside the keys an 80-column footer holds;
narrower, the table's title says enter, and help and the palette have it. Shown, it takes its
columns from the room the app's keys have (`WidthAwareFooter`)."""
PALETTE_MIN_WIDTH = 120
"""The footer's ctrl+p entry needs this many beside the keys (the main screen hides it below)."""
FILE_MIN_WIDTH = 100
"""Save, load and log need this many (77 columns hold training, editing, open, help, quit)."""
PRESENTATION_MIN_WIDTH = 200
"""Presentation mode (z) needs this many beside cross-validation; narrower, help and the palette show it."""
CROSSVAL_MIN_WIDTH = 190
"""Cross-validation (k) needs this many beside dropout; narrower, help and the palette show it."""
DROPOUT_MIN_WIDTH = 180
"""Dropout (p) needs this many beside regenerate; narrower, help and the palette show it."""
"""Save, load and log need this many (77 columns hold training, editing, open, help, quit)."""

ACTIONS: tuple[Action, ...] = (
    Action("toggle_training", ("space",), "Train", "start, pause or resume training (a run trains the settings' "
           "epochs more)", title="Train / pause"),
    Action("one_epoch", ("n",), "Epoch", "train one epoch", title="Train one epoch"),
    Action("reset_weights", ("r",), "Reset", "fresh weights from a new seed; the charts start again (asks first "
           "when trained weights would be lost)", title="Reset weights"),
    Action("edit('add')", ("a",), "add layer", "add a layer after the selected one", group="Layer", title="Add layer"),
    Action("edit('remove')", ("x", "delete"), "remove layer", "remove the selected hidden layer (the output stays)",
           group="Layer", title="Remove layer", help_keys="x  delete"),
    Action("edit('units', 1)", ("plus",), "+1 unit", "one unit more in the selected layer", group="Units", display="+",
           title="More units", help_keys="+  -", help_row="one unit more / fewer in the selected layer"),
    Action("edit('units', -1)", ("minus",), "-1 unit", "one unit fewer in the selected layer", group="Units", display="-",
           title="Fewer units", help_keys="+  -"),
    Action("edit('activation', -1)", ("left_square_bracket",), "previous activation", "previous activation of the selected "
           "layer", group="Act.", display="[", title="Previous activation", help_keys="[  ]",
           help_row="previous / next activation of the selected layer"),
    Action("edit('activation', 1)", ("right_square_bracket",), "next activation", "next activation of the selected layer",
           group="Act.", display="]", title="Next activation", help_keys="[  ]"),
    Action("edit('dropout', 1)", ("p",), "Dropout", "dropout of the selected hidden layer: 0, 0.1, 0.2, 0.3, 0.5 in "
           "turn (while training only; the output layer has none)", min_width=DROPOUT_MIN_WIDTH, title="Dropout"),
    Action("select_layer(-1)", ("up",), "Layer up", "select the layer above (or click a layer)", footer=False,
           title="Select the layer above", help_keys="↑  ↓", help_row="select a layer (or click it)"),
    Action("select_layer(1)", ("down",), "Layer down", "select the layer below", footer=False,
           title="Select the layer below", help_keys="↑  ↓"),
    Action("open_dataset", ("o",), "Open", "open a dataset: bundled, or a CSV/TSV/Parquet/JSON/Excel file",
           title="Open dataset"),
    Action("features", ("d",), "Derive", "derived features: Playground's squares, products and sines, or any "
           "expression (x1*x2, sin(x1))",
           min_width=FEATURES_MIN_WIDTH, title="Derived features"),
    Action("regenerate", ("ctrl+g",), "Regen", "draw a synthetic set again from the next seed (its rows and noise "
           "are settings): Playground's regenerate", min_width=REGENERATE_MIN_WIDTH, title="Regenerate data"),
    Action("cross_validate", ("k",), "CV", "k-fold cross-validation of this network and these settings (the "
           "folds setting, default 5; as tui-nn train --folds): fold by fold in the Report tab; k again stops it",
           min_width=CROSSVAL_MIN_WIDTH, title="Cross-validate"),
    Action("save_checkpoint", ("ctrl+s",), "Save", "save a checkpoint (.npz, the format of tui-nn train --save)",
           min_width=FILE_MIN_WIDTH, title="Save checkpoint"),
    Action("load_checkpoint", ("ctrl+o",), "Load", "load a checkpoint (and its data, if the open data does not fit)",
           min_width=FILE_MIN_WIDTH, title="Load checkpoint"),
    Action("save_setup", ("ctrl+t",), "Setup", "save the run's setup as TOML (tui-nn train FILE.toml replays it)",
           footer=False, title="Save setup"),
    Action("export_model", ("ctrl+e",), "Export", "export the model: NAME.onnx for ONNX, a folder for PyTorch",
           footer=False, title="Export model"),
    Action("presentation", ("z",), "Board", "presentation mode: the board alone, for a projector; z again "
           "brings back the data, network and settings", min_width=PRESENTATION_MIN_WIDTH, title="Presentation mode"),
    Action("toggle_log", ("l",), "Log", "loss chart: linear or log scale", min_width=FILE_MIN_WIDTH,
           title="Toggle log scale"),
    Action("lesson", ("e",), "Lesson", "the lecture's worked examples, step by step (f in a step brings its state "
           "here)", min_width=VIEW_MIN_WIDTH, title="Lesson"),
    *(Action(f"view('{view.name}')", (view.key,), view.title, f"tab: {view.what}", group="View",
             min_width=VIEW_MIN_WIDTH, title=f"View: {view.title}", help_keys=f"1 … {VIEWS[-1].key}",
             help_row="tabs: " + ", ".join(v.title.lower() for v in VIEWS)) for view in VIEWS),
    Action("help", ("question_mark",), "Help", "keys and help", display="?", title="Keys and help"),
    Action("focus_editor", ("escape",), "Network", "back to the network editor", footer=False,
           title="Focus the network editor", help_keys="tab  esc"),
    Action("quit_app", ("q",), "Quit", "quit (offers to save a trained model)", title="Quit"),
    # A widget's own keys: bound on the widget; listed for the help screen.
    Action("network_view.step", ("left", "right"), "", "in the diagram: pick a weight or bias; ↑↓ nudge it ±0.1 "
           "(shift ±0.01); enter types a value", widget=True, help_keys="←  →  ↑  ↓"),
    Action("weights.click", ("click",), "", "a cell of the weights heatmap: set that weight or bias in the diagram",
           widget=True, help_keys="click"),
    Action("decision_map.keys", ("v", "f", "g", "b"), "", "in the decision map: validation points, the features "
           "along x and y, discretized output (each region in one shade)", widget=True, help_keys="v  f  g  b"),
    Action("predict_panel.keys", ("enter",), "", "in the math tab: enter types an input, esc leaves it, ↑↓ take "
           "rows of the data, PageUp/PageDown/Home/End scroll", widget=True, help_keys="enter  esc"),
    Action("restore_run", ("enter",), "Restore", "in the Runs tab: restore the highlighted run's setup (↑↓ pick a "
           "run; asks first when trained weights would be lost). A run is each start of training, n's one epoch "
           "too", widget=True, palette=True, min_width=RESTORE_MIN_WIDTH, title="Restore a run's setup"),
)
"""Every key of the app, in footer order."""

PRINTABLE_KEYS = {"space", "plus", "minus", "left_square_bracket", "right_square_bracket", "question_mark"}
"""Key names (beyond single characters) that a text input types rather than acts on."""


def _printable(key: str) -> bool:
    return len(key) == 1 or key in PRINTABLE_KEYS


TYPED_ACTIONS: frozenset[str] = frozenset(
    a.action.split("(")[0] for a in ACTIONS if not a.widget and all(_printable(k) for k in a.keys))
"""Action names whose keys a text input takes as text: while one has the focus the footer
leaves them out (the input would type the key, not act on it)."""


def footer_room(action: str) -> int:
    """The columns the footer needs to show `action` (0: always shown)."""
    for entry in ACTIONS:
        if entry.action == action:
            return entry.min_width
    return 0


def bindings() -> list[Binding]:
    """The app's bindings, one per key of every action."""
    out = []
    for entry in ACTIONS:
        if entry.widget:
            continue
        group = Binding.Group(entry.group) if entry.group else None
        for i, key in enumerate(entry.keys):
            out.append(Binding(key, entry.action, entry.label, show=entry.footer and i == 0,
                               key_display=entry.display, group=group, tooltip=entry.help))
    return out


def help_rows() -> Iterator[tuple[str, str]]:
    """(keys, what) rows for the help screen; actions sharing `help_keys` share one row."""
    rows: dict[str, str] = {}
    for entry in ACTIONS:
        keys = entry.help_keys or "  ".join(entry.display or k.replace("question_mark", "?") for k in entry.keys)
        rows.setdefault(keys, entry.help_row or entry.help)
    yield from rows.items()
    yield "ctrl+p", "command palette: every action by name"


def palette_entries() -> Iterator[tuple[str, str, str]]:
    """(title, help, action) for the command palette: every app action by name."""
    for entry in ACTIONS:
        if entry.widget and not entry.palette:
            continue
        key = entry.display or entry.keys[0]
        yield entry.title or entry.label, f"{key}: {entry.help}", entry.action
