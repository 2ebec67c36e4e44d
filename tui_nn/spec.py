"""RunSpec: everything that defines a run, in one place, with its defaults defined once.

    RunSpec = DataRequest (what to read and how) + NetworkRequest (layers, loss)
              + TrainingRequest (optimizer, lr, batch size, epochs, ..., backend, dtype)

The CLI's `train` flags, the app's editor and settings form, checkpoints, the autosave,
the lesson's hand-over and setup files (`tui_nn.setup`, TOML) all read and write it. Each
field carries its own description (label, help, choices, limits) as dataclass metadata,
so the CLI's help, the form's labels and the validation messages come from one table.

Keys are named like the CLI flags with underscores (`--val-split` → `val_split`) and are
unique across the three tables, so a flat `name=value` (a flag, `make_app(lr=0.1)`) finds
its table by itself.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import Any, Callable, Iterator, Mapping

from tui_nn.backend import BACKEND_CHOICES, DTYPE_CHOICES
from tui_nn.engine.losses import LOSS_NAMES
from tui_nn.engine.network import LayerSpec, parse_layers
from tui_nn.engine.optimizers import OPTIMIZER_NAMES
from tui_nn.engine.class_weights import check_class_weight
from tui_nn.engine.config import LR_SCHEDULE_NAMES, MONITOR_NAMES, TrainConfig
from tui_nn.errors import TuiNNError

LOSS_CHOICES = ("auto", *LOSS_NAMES)
TASK_CHOICES = ("auto", "classification", "regression")
FILL_CHOICES = ("mean", "median", "zero")
BOOL_CHOICES = ("on", "off")

_ENGINE = TrainConfig()
"""The engine's defaults: the training table takes its values from here, not a second copy."""


def _key(kind: str, label: str, help: str, *, choices: tuple[str, ...] = (),  # noqa: A002
         low: float | None = None, high: float | None = None, below: float | None = None) -> dict[str, Any]:
    """The description of one key: its kind (str, int, float, bool, names, expressions, layers, path), a
    label for people, a help line, and the values it may take (a bool's are on and off, as
    `text_of` shows them and `parse_text` reads them: the settings form offers them in a Select)."""
    if kind == "bool" and not choices:
        choices = BOOL_CHOICES
    return {"kind": kind, "label": label, "help": help, "choices": choices, "low": low, "high": high, "below": below}


def _spec_field(default: Any, **meta: Any) -> Any:
    return field(default=default, metadata=_key(**meta))


def _suggestion(source: str | None) -> Any:
    """The bundled dataset's suggested network and setup (`tui_nn.data.builtin`), or None."""
    from tui_nn.data.builtin import suggestion_for  # noqa: PLC0415 — the registry is the one source

    return suggestion_for(source)


@dataclass(frozen=True)
class DataRequest:
    """What table to read and how to turn it into inputs and a target (`[data]`)."""

    source: str | None = _spec_field(None, kind="path", label="source",
                                     help="a CSV/TSV/Parquet/JSON file or a bundled dataset name")
    target: str | None = _spec_field(None, kind="str", label="target", help="target column (default: the last column)")
    features: tuple[str, ...] | None = _spec_field(None, kind="names", label="features",
                                                   help="feature columns, comma-separated (default: all others)")
    drop: tuple[str, ...] = _spec_field((), kind="names", label="drop", help="columns to ignore, comma-separated")
    task: str = _spec_field("auto", kind="str", label="task", help="what the target is", choices=TASK_CHOICES)
    drop_missing: bool = _spec_field(False, kind="bool", label="drop missing", help="drop rows with missing values")
    fill_missing: str | None = _spec_field(None, kind="str", label="fill missing", choices=FILL_CHOICES,
                                           help="fill missing feature values")
    val_split: float = _spec_field(0.0, kind="float", label="validation split", low=0.0, below=1.0,
                                   help="fraction held out for validation, e.g. 0.2")
    val_file: str | None = _spec_field(None, kind="path", label="validation file",
                                       help="a separate validation file with the same columns")
    standardize: bool | None = _spec_field(
        None, kind="bool", label="standardize",
        help="standardise features (and a regression target); off feeds raw values "
             "(default: on, or what a bundled dataset suggests: off for linear)")
    na_values: tuple[str, ...] | None = _spec_field(
        None, kind="names", label="missing markers",
        help='cell texts read as missing, comma-separated (default: empty, NA, N/A, null, NaN, None, ?, ...; '
             '"" leaves only empty cells)')
    keep_index: bool = _spec_field(False, kind="bool", label="keep index",
                                   help="keep a leading row-index column (pandas' to_csv, R's write.csv) as a feature")
    encoding: str | None = _spec_field(None, kind="str", label="encoding",
                                       help="the text encoding of the file (default: UTF-8, else detected)")
    sheet: str | None = _spec_field(None, kind="str", label="sheet",
                                    help="the Excel/ODS sheet, by name or number from 1 (default: the first)")
    rows: int | None = _spec_field(None, kind="int", label="rows", low=2, high=10_000_000,
                                   help="draw a synthetic set again with this many rows (default: as shipped)")
    noise: float | None = _spec_field(None, kind="float", label="noise", low=0.0, high=100.0,
                                      help="draw a synthetic set again with this noise (default: as shipped)")
    derive: tuple[str, ...] = _spec_field(
        (), kind="expressions", label="derived features",
        help='extra inputs computed from numeric columns, comma-separated, e.g. "x1*x2, x1^2, sin(x1)" '
             "(numbers, + - * / ^, brackets, sin cos exp log abs sqrt)")

    @property
    def missing(self) -> str:
        """The data layer's one option for missing cells: error, drop, mean, median or zero."""
        return "drop" if self.drop_missing else (self.fill_missing or "error")

    @property
    def standardized(self) -> bool:
        """`standardize` as the data is read: the value given, else the bundled dataset's suggestion, else on."""
        if self.standardize is not None:
            return self.standardize
        suggestion = _suggestion(self.source)
        return suggestion.standardize if suggestion is not None else True

    def load_options(self, seed: int) -> dict[str, Any]:
        """Keyword arguments for `tui_nn.data.load_dataset(self.source, **...)` (the seed splits)."""
        return {"target": self.target, "features": list(self.features) if self.features is not None else None,
                "drop": list(self.drop), "task": self.task, "missing": self.missing, "val_split": self.val_split,
                "val_file": self.val_file, "seed": seed, "standardize": self.standardized,
                "na_values": list(self.na_values) if self.na_values is not None else None,
                "keep_index": self.keep_index, "encoding": self.encoding,
                "sheet": self.sheet, "derive": list(self.derive), "rows": self.rows, "noise": self.noise}


@dataclass(frozen=True)
class NetworkRequest:
    """The layers after the input, output included, and the loss (`[network]`)."""

    layers: tuple[LayerSpec, ...] | None = _spec_field(
        None, kind="layers", label="layers",
        help='layers after the input, output included, e.g. "2:sigmoid,1:sigmoid"; UNITS:ACTIVATION:RATE adds '
             "dropout to a hidden layer (default: the bundled dataset's suggestion, else one hidden layer sized "
             "to the data)")
    loss: str = _spec_field("auto", kind="str", label="loss", choices=LOSS_CHOICES,
                            help="auto picks bce, cce or mse to match the output layer")
    huber_delta: float = _spec_field(1.0, kind="float", label="huber delta", low=0.0, high=1e6,
                                     help="where the huber loss turns from squared to linear (> 0)")
    dropout: float = _spec_field(0.0, kind="float", label="dropout", low=0.0, below=1.0,
                                 help='inverted dropout on every hidden layer without a rate of its own '
                                      '("32:relu:0.3" in --layers sets one layer\'s), while training only')


@dataclass(frozen=True)
class TrainingRequest:
    """How to train (`[training]`): the engine's `TrainConfig` plus where the arrays live."""

    optimizer: str = _spec_field(_ENGINE.optimizer, kind="str", label="optimizer", choices=OPTIMIZER_NAMES,
                                 help="the update rule")
    lr: float = _spec_field(_ENGINE.lr, kind="float", label="learning rate", low=0.0, high=1e3, help="learning rate")
    batch_size: int = _spec_field(_ENGINE.batch_size, kind="int", label="batch size", low=0, high=10_000_000,
                                  help="rows per step; 0 = full batch")
    epochs: int = _spec_field(_ENGINE.epochs, kind="int", label="epochs", low=1, high=100_000_000,
                              help="epochs per run")
    l2: float = _spec_field(_ENGINE.l2, kind="float", label="L2", low=0.0, high=1e3, help="L2 weight decay")
    l1: float = _spec_field(_ENGINE.l1, kind="float", label="L1", low=0.0, high=1e3,
                            help="L1 penalty on the weights (not the biases): pushes unneeded weights to 0")
    early_stop: int | None = _spec_field(_ENGINE.early_stop, kind="int", label="early stop", low=1,
                                         help="stop after N epochs without a better --monitor")
    monitor: str = _spec_field(_ENGINE.monitor, kind="str", label="monitor", choices=MONITOR_NAMES,
                               help="what early stopping watches: loss, accuracy, f1_macro, roc_auc (two "
                                    "classes), r2, mae or rmse, of the validation rows with val_ (without "
                                    "validation rows, of the training rows)")
    class_weight: str | None = _spec_field(
        None, kind="str", label="class weight",
        help='weigh each training row\'s loss by its class: balanced (n / (k * rows of the class)) or '
             '"Man=1,Woman=3" (a class left out weighs 1); default: every class 1')
    folds: int | None = _spec_field(None, kind="int", label="folds", low=2, high=100,
                                    help="k-fold cross-validation: train K models on stratified, seeded folds and "
                                         "report each fold's validation metrics and their mean and std "
                                         "(default: off, one model and the validation split)")
    lr_schedule: str = _spec_field(_ENGINE.lr_schedule, kind="str", label="lr schedule", choices=LR_SCHEDULE_NAMES,
                                   help="how the learning rate changes: step multiplies it by the factor every "
                                        "lr-step epochs, cosine anneals it to 0 over the run, plateau multiplies "
                                        "it by the factor after lr-patience epochs without a better validation "
                                        "(else training) loss")
    lr_factor: float = _spec_field(_ENGINE.lr_factor, kind="float", label="lr factor", low=0.0, below=1.0,
                                   help="what step and plateau multiply the learning rate by")
    lr_patience: int = _spec_field(_ENGINE.lr_patience, kind="int", label="lr patience", low=1, high=100_000_000,
                                   help="plateau: epochs without a better loss before the learning rate drops")
    lr_step: int = _spec_field(_ENGINE.lr_step, kind="int", label="lr step", low=1, high=100_000_000,
                               help="step: epochs between learning-rate drops")
    seed: int = _spec_field(_ENGINE.seed, kind="int", label="seed", low=0, high=2**32 - 1,
                            help="seed for weights, shuffling and the split")
    shuffle: bool = _spec_field(_ENGINE.shuffle, kind="bool", label="shuffle", help="shuffle the rows every epoch")
    backend: str = _spec_field("auto", kind="str", label="backend", choices=BACKEND_CHOICES,
                               help="auto uses a GPU when CuPy can")
    dtype: str = _spec_field("float32", kind="str", label="dtype", choices=DTYPE_CHOICES, help="float precision")
    init: str | None = _spec_field(None, kind="path", label="initial weights", help="start from a checkpoint's weights")

    def config(self) -> TrainConfig:
        """The engine's config for these settings, validated."""
        return TrainConfig(optimizer=self.optimizer, lr=self.lr, batch_size=self.batch_size, epochs=self.epochs,
                           l2=self.l2, l1=self.l1, early_stop=self.early_stop, shuffle=self.shuffle, seed=self.seed,
                           lr_schedule=self.lr_schedule, lr_factor=self.lr_factor, lr_patience=self.lr_patience,
                           lr_step=self.lr_step, monitor=self.monitor).validate()


SECTIONS: dict[str, type] = {"data": DataRequest, "network": NetworkRequest, "training": TrainingRequest}
"""The tables of a setup file, in order, and the dataclass each one is."""


@dataclass(frozen=True)
class Key:
    """One key of the RunSpec: its table, name, default and description."""

    section: str
    name: str
    default: Any
    kind: str
    label: str
    help: str
    choices: tuple[str, ...]
    low: float | None
    high: float | None
    below: float | None


def _keys() -> dict[str, Key]:
    keys: dict[str, Key] = {}
    for section, cls in SECTIONS.items():
        for f in fields(cls):
            default = f.default if f.default is not MISSING else None
            keys[f.name] = Key(section, f.name, default, **f.metadata)
    return keys


KEYS: dict[str, Key] = _keys()
"""Every key by its (flat, unique) name."""


def _where(key: Key, origin: str) -> str:
    return f"{origin}: [{key.section}] {key.name}" if origin else key.name


def _check_range(key: Key, value: float, origin: str) -> None:
    where = _where(key, origin)
    if isinstance(value, float) and not math.isfinite(value):
        raise TuiNNError(f"{where} must be a finite number, not {value}")
    if key.low is not None and value < key.low:
        raise TuiNNError(f"{where} = {value:g} must be at least {key.low:g}")
    if key.high is not None and value > key.high:
        raise TuiNNError(f"{where} = {value:g} is too large: at most {key.high:g}")
    if key.below is not None and value >= key.below:
        raise TuiNNError(f"{where} = {value:g} must be below {key.below:g}")


def coerce(name: str, value: Any, origin: str = "") -> Any:
    """`value` (from TOML, JSON or a keyword) as key `name` holds it; TuiNNError names the key."""
    key = KEYS[name]
    where = _where(key, origin)
    if value is None:
        if key.default is not None:
            raise TuiNNError(f"{where} cannot be empty: leave it out for the default ({key.default!r})")
        return None
    kind = key.kind
    if kind == "bool":
        if not isinstance(value, bool):
            raise TuiNNError(f"{where} = {value!r}: expected true or false")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise TuiNNError(f"{where} = {value!r}: expected a whole number")
        _check_range(key, value, origin)
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TuiNNError(f"{where} = {value!r}: expected a number")
        value = float(value)
        _check_range(key, value, origin)
        return value
    if kind == "names":
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise TuiNNError(f"{where} = {value!r}: expected a list of column names")
        return tuple(value)
    if kind == "expressions":
        from tui_nn.data.derive import names_of, parse_derived  # noqa: PLC0415 — NumPy, only when given

        if not isinstance(value, (str, list, tuple)) or not all(isinstance(v, str) for v in value):
            raise TuiNNError(f'{where} = {value!r}: expected expressions such as "x1*x2, x1^2"')
        return names_of(parse_derived(value))
    if kind == "layers":
        if isinstance(value, str):
            return parse_layers(value)
        if not isinstance(value, (list, tuple)) or not value:
            raise TuiNNError(f'{where} = {value!r}: expected a list such as ["6:tanh", "3:softmax"]')
        layers: list[LayerSpec] = []
        for item in value:
            if isinstance(item, LayerSpec):
                layers.append(item)
            elif isinstance(item, str):
                try:
                    layers.extend(parse_layers(item))
                except TuiNNError as exc:
                    raise TuiNNError(f"{where}: {exc}") from None
            else:
                raise TuiNNError(f'{where}: {item!r} is not a layer: write "UNITS:ACTIVATION", e.g. "4:tanh"')
        return tuple(layers)
    if not isinstance(value, str):
        raise TuiNNError(f"{where} = {value!r}: expected text")
    if key.choices and value not in key.choices:
        raise TuiNNError(f'{where} = "{value}": use one of {", ".join(key.choices)}')
    return value


def parse_text(name: str, text: str, origin: str = "") -> Any:
    """What was typed (a CLI flag, a form field) for key `name`; TuiNNError names the key."""
    key = KEYS[name]
    text = text.strip()
    if not text and key.default is None and key.kind in ("int", "float", "str"):
        return None  # an optional value left empty: its default (rows and noise "as shipped", no class weights)
    if key.kind == "int":
        try:
            value: Any = int(text)
        except ValueError:
            raise TuiNNError(f'{key.label}: "{text}" is not a whole number') from None
    elif key.kind == "float":
        try:
            value = float(text)
        except ValueError:
            raise TuiNNError(f'{key.label}: "{text}" is not a number') from None
    elif key.kind == "bool":
        lowered = text.lower()
        if lowered not in ("true", "false", "yes", "no", "1", "0", "on", "off"):
            raise TuiNNError(f'{key.label}: "{text}" is not true or false')
        value = lowered in ("true", "yes", "1", "on")
    else:
        value = text
    try:
        return coerce(name, value, origin)
    except TuiNNError as exc:
        raise TuiNNError(str(exc).replace(f"{name} =", f"{key.label} =", 1) if not origin else str(exc)) from None


def text_of(value: Any) -> str:
    """How a form or a message shows a value: 0.01, 32, 2:sigmoid,1:sigmoid, on/off."""
    if isinstance(value, bool):
        return BOOL_CHOICES[0] if value else BOOL_CHOICES[1]
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple) and value and isinstance(value[0], LayerSpec):
        return ",".join(str(layer) for layer in value)
    if isinstance(value, tuple):
        return ",".join(value)
    return "" if value is None else str(value)


def unknown_key_message(name: str, known: Iterator[str] | list[str], where: str) -> str:
    """`unknown key "learning_rate" in [training]: did you mean "lr"?`, or the keys there are."""
    known = list(known)
    close = difflib.get_close_matches(name, known, n=1)
    hint = f'did you mean "{close[0]}"?' if close else f"the keys are {', '.join(known)}"
    return f'unknown key "{name}" {where}: {hint}'


@dataclass(frozen=True)
class RunSpec:
    """A whole run: data, network and training. Frozen: change it with `with_values`."""

    data: DataRequest = field(default_factory=DataRequest)
    network: NetworkRequest = field(default_factory=NetworkRequest)
    training: TrainingRequest = field(default_factory=TrainingRequest)

    def get(self, name: str) -> Any:
        """The value of key `name`, from whichever table holds it."""
        return getattr(getattr(self, KEYS[name].section), name)

    def with_values(self, origin: str = "", **values: Any) -> "RunSpec":
        """A copy with flat keys set (`lr=0.1, layers="2:tanh,1:sigmoid"`), each checked."""
        by_section: dict[str, dict[str, Any]] = {}
        for name, value in values.items():
            if name not in KEYS:
                raise TuiNNError(unknown_key_message(name, list(KEYS), "in a run's settings"))
            by_section.setdefault(KEYS[name].section, {})[name] = coerce(name, value, origin)
        changed = {section: replace(getattr(self, section), **kw) for section, kw in by_section.items()}
        return replace(self, **changed).validate(origin)

    def with_suggestions(self) -> "RunSpec":
        """This run with the keys it leaves unset (layers, standardize) as its bundled dataset
        suggests (`tui_nn.data.builtin`: the lecture's 2-2-1 for man_woman, one linear neuron on
        raw values for linear), standardize otherwise on. Keys given (a flag, a setup file, an
        option) stay as given; other data keeps `layers` unset (the data's default network)."""
        suggestion = _suggestion(self.data.source)
        layers = self.network.layers
        if layers is None and suggestion is not None:
            layers = parse_layers(suggestion.layers)
        return replace(self, data=replace(self.data, standardize=self.data.standardized),
                       network=replace(self.network, layers=layers))

    def suggestion_note(self, flags: bool = False) -> str | None:
        """What `with_suggestions` takes from the bundled dataset, for a note, or None:
        `linear: the lecture's line ŷ = w·x + b, 1:linear on raw values`; `flags` adds the
        `train` flags that choose otherwise."""
        suggestion = _suggestion(self.data.source)
        if suggestion is None:
            return None
        taken, options = [], []
        if self.network.layers is None:
            taken.append(suggestion.layers)
            options.append("--layers")
        if self.data.standardize is None and not suggestion.standardize:
            taken.append("on raw values")
            options.append("--standardize")
        if not taken:
            return None
        hint = f" ({' or '.join(options)} to choose otherwise)" if flags else ""
        return f"{self.data.source}: {suggestion.why}, {' '.join(taken)}{hint}"

    def validate(self, origin: str = "") -> "RunSpec":
        """Raise TuiNNError for values that cannot work together; return self."""
        if self.data.drop_missing and self.data.fill_missing:
            raise TuiNNError(f"{origin + ': ' if origin else ''}drop_missing and fill_missing exclude each other: "
                             "choose one (--drop-missing or --fill-missing mean|median|zero)")
        if self.data.val_file and self.data.val_split:
            raise TuiNNError(f"{origin + ': ' if origin else ''}val_split and val_file exclude each other: "
                             "give one (--val-split F or --val-file FILE)")
        if self.data.source is not None and (self.data.rows is not None or self.data.noise is not None):
            from tui_nn.data.builtin import cannot_draw  # noqa: PLC0415 — only when rows or noise are set

            problem = cannot_draw(self.data.source, "--rows" if self.data.rows is not None else "--noise")
            if problem:
                raise TuiNNError(f"{origin + ': ' if origin else ''}{problem}")
        try:
            check_class_weight(self.training.class_weight)
        except TuiNNError as exc:
            raise TuiNNError(f"{origin + ': ' if origin else ''}{exc}") from None
        self.training.config()
        return self

    def changed_keys(self, other: "RunSpec") -> list[str]:
        """The names of the keys whose values differ from `other`'s, in table order."""
        return [name for name in KEYS if self.get(name) != other.get(name)]

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Plain values by table, keys left out where they are unset (None): TOML and JSON both take it."""
        out: dict[str, dict[str, Any]] = {}
        for section in SECTIONS:
            table: dict[str, Any] = {}
            for f in fields(getattr(self, section)):
                value = getattr(getattr(self, section), f.name)
                if value is None:
                    continue
                if KEYS[f.name].kind == "layers":
                    value = [str(layer) for layer in value]
                elif isinstance(value, tuple):
                    value = list(value)
                table[f.name] = value
            out[section] = table
        return out

    @classmethod
    def from_dict(cls, document: Mapping[str, Any], origin: str = "",
                  resolve_path: Callable[[str], str] | None = None) -> "RunSpec":
        """Read `to_dict`'s shape back; an unknown table or key is a TuiNNError naming it (and `origin`).

        `resolve_path` maps path values (source, val_file, init) as written to usable paths
        (a setup file's are relative to its folder)."""
        prefix = f"{origin}: " if origin else ""
        if not isinstance(document, Mapping):
            raise TuiNNError(f"{prefix}expected tables [data], [network] and [training]")
        sections: dict[str, Any] = {}
        for section, table in document.items():
            if section not in SECTIONS:
                close = difflib.get_close_matches(section, list(SECTIONS), n=1)
                hint = f"did you mean [{close[0]}]?" if close else "the tables are [data], [network] and [training]"
                raise TuiNNError(f"{prefix}unknown table [{section}]: {hint}")
            if not isinstance(table, Mapping):
                raise TuiNNError(f"{prefix}[{section}] must be a table of keys, not {table!r}")
            names = [f.name for f in fields(SECTIONS[section])]
            values: dict[str, Any] = {}
            for name, value in table.items():
                if name not in names:
                    raise TuiNNError(prefix + unknown_key_message(name, names, f"in [{section}]"))
                value = coerce(name, value, origin)
                if KEYS[name].kind == "path" and value is not None and resolve_path is not None:
                    value = resolve_path(value)
                values[name] = value
            sections[section] = SECTIONS[section](**values)
        return cls(**sections).validate(origin)
