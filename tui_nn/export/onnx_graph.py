"""A blueprint as one ONNX graph: raw columns in, probabilities and labels (or values) out.

    numeric column x [N,1] float32 ─ IsNaN/Where (the stored fill) ─ Cast double ─┐
    text column    s [N,1] string  ─ OneHotEncoder (stored categories, unknown →  ├ Concat [N,F]
                                     zeros) + the fill's one-hot where s is a      │
                                     missing marker                                │
    derived feature (x1*x2, sin(x1)) ─ Mul/Pow/Sin/... over the filled numbers ────┘
    ─ Sub mean ─ Div std (double, as predict does) ─ Cast ─ Gemm + activation per layer
    ─ classification: probabilities [N,k] (a 1-unit sigmoid p becomes [1−p, p]),
                      label [N] = the class name at ArgMax
    ─ regression:     value [N,1] = output × target std + target mean (double)

What stays outside the graph: text is matched as given (predict trims spaces first), true/
false in a numeric column is the caller's 1/0, and a missing cell the model stores no fill
for flows on as NaN (numbers) or all zeros (text) where `tui-nn predict` refuses the row; a
derived feature that is not a number there (a log of 0) flows on as NaN or ±inf, where
`predict` refuses the row too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from tui_nn.data.tables import DEFAULT_NA_VALUES
from tui_nn.engine.activations import ELU_ALPHA, LEAKY_SLOPE
from tui_nn.errors import TuiNNError
from tui_nn.export.blueprint import Blueprint, ColumnPlan

OPSET = 17
ML_OPSET = 3
IR_VERSION = 8
"""IR 8 is what opset 17 came with: onnxruntime 1.16 and later load it (they read IR ≤ 9)."""

_ELEMENT = {"float32": TensorProto.FLOAT, "float64": TensorProto.DOUBLE}


class _Graph:
    """Nodes and constants in the making, with fresh names for every intermediate."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._count = 0

    def _name(self, stem: str) -> str:
        # A prefix no column name has, so an intermediate never shadows an input.
        self._count += 1
        return f"tui-nn/{stem}_{self._count}"

    def const(self, stem: str, value: np.ndarray) -> str:
        name = self._name(stem)
        self.initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, op_type: str, *inputs: str, output: str | None = None, domain: str = "", **attrs) -> str:
        out = output or self._name(op_type.lower())
        self.nodes.append(helper.make_node(op_type, list(inputs), [out], domain=domain, **attrs))
        return out


ACTIVATIONS: dict[str, Callable[[_Graph, str], str]] = {
    "linear": lambda g, z: z,
    # The engine's sigmoid is 0.5·(tanh(z/2)+1): the same function, written not to overflow.
    "sigmoid": lambda g, z: g.op("Sigmoid", z),
    "tanh": lambda g, z: g.op("Tanh", z),
    "relu": lambda g, z: g.op("Relu", z),
    "leaky_relu": lambda g, z: g.op("LeakyRelu", z, alpha=LEAKY_SLOPE),
    "elu": lambda g, z: g.op("Elu", z, alpha=ELU_ALPHA),
    "softplus": lambda g, z: g.op("Softplus", z),
    # Softmax over the classes of each row, as the engine's row-wise softmax.
    "softmax": lambda g, z: g.op("Softmax", z, axis=1),
}
"""Each engine activation (`tui_nn.engine.activations.ACTIVATIONS`) as ONNX nodes."""


def _number(g: _Graph, column: ColumnPlan) -> str:
    x = column.name
    if column.fill is not None:
        fill = g.const(f"{x}_fill", np.array([[column.fill]], dtype=np.float32))
        x = g.op("Where", g.op("IsNaN", x), fill, x)
    return g.op("Cast", x, to=TensorProto.DOUBLE)


def _text(g: _Graph, column: ColumnPlan) -> str:
    hot = g.op("OneHotEncoder", column.name, domain="ai.onnx.ml", cats_strings=list(column.categories), zeros=1)
    hot = g.op("Flatten", hot, axis=1)  # [N, 1, C] → [N, C]
    if column.fill is not None:
        # A missing marker is no category, so its row is all zeros so far: add the fill's one-hot there.
        markers = [m for m in DEFAULT_NA_VALUES if m not in column.categories]
        missing = g.op("OneHotEncoder", column.name, domain="ai.onnx.ml", cats_strings=markers, zeros=1)
        missing = g.op("ReduceSum", g.op("Flatten", missing, axis=1), g.const("axis", np.array([1], dtype=np.int64)),
                       keepdims=1)
        fill_row = np.array([[float(c == column.fill) for c in column.categories]], dtype=np.float32)
        hot = g.op("Add", hot, g.op("Mul", missing, g.const(f"{column.name}_fill", fill_row)))
    return g.op("Cast", hot, to=TensorProto.DOUBLE)


DERIVED_OPS = {"+": "Add", "-": "Sub", "*": "Mul", "/": "Div", "^": "Pow", "neg": "Neg"}
DERIVED_CALLS = {"sin": "Sin", "cos": "Cos", "exp": "Exp", "log": "Log", "abs": "Abs", "sqrt": "Sqrt"}
"""A derived feature's operators and functions (`tui_nn.data.derive`) as ONNX operators."""


def _derived(g: _Graph, tree: dict, columns: dict[str, str]) -> str:
    """A derived feature's tree as nodes over the filled raw numbers ([N, 1] double), as
    `Schema.add_derived` computes it (before standardising)."""
    if "number" in tree:
        return g.const("number", np.array([[tree["number"]]], dtype=np.float64))
    if "column" in tree:
        return columns[tree["column"]]
    args = [_derived(g, arg, columns) for arg in tree["args"]]
    op = DERIVED_CALLS[tree["call"]] if "call" in tree else DERIVED_OPS[tree["op"]]
    return g.op(op, *args)


ENCODERS: dict[str, Callable[[_Graph, ColumnPlan], str]] = {"number": _number, "text": _text}
"""How each kind of raw column becomes its [N, width] block of double network inputs."""
INPUT_TYPES = {"number": TensorProto.FLOAT, "text": TensorProto.STRING}


def _classification(g: _Graph, blueprint: Blueprint, a: str, element: int) -> list[onnx.ValueInfoProto]:
    classes = blueprint.classes or ()
    if blueprint.layers[-1].units == 1:
        # decode_outputs: a sigmoid's p is the second class's probability, 1 − p the first's.
        one = g.const("one", np.array(1, dtype=blueprint.dtype))
        probabilities = g.op("Concat", g.op("Sub", one, a), a, axis=1, output="probabilities")
    else:
        probabilities = g.op("Identity", a, output="probabilities")
    index = g.op("ArgMax", probabilities, axis=1, keepdims=0)
    g.op("Gather", g.const("classes", np.array(classes, dtype=object)), index, axis=0, output="label")
    return [helper.make_tensor_value_info(probabilities, element, ["N", len(classes)]),
            helper.make_tensor_value_info("label", TensorProto.STRING, ["N"])]


def _regression(g: _Graph, blueprint: Blueprint, a: str, element: int) -> list[onnx.ValueInfoProto]:
    # In double, as Schema.unscale_outputs: a target of 150 has float32 steps of 1.5e-5.
    # decode_outputs reads the first output column (a regression network has one).
    first = g.op("Slice", a, g.const("start", np.array([0], dtype=np.int64)),
                 g.const("stop", np.array([1], dtype=np.int64)), g.const("axes", np.array([1], dtype=np.int64)))
    std = g.const("target_std", np.array(blueprint.target_std))
    scaled = g.op("Mul", g.op("Cast", first, to=TensorProto.DOUBLE), std)
    g.op("Add", scaled, g.const("target_mean", np.array(blueprint.target_mean)), output="value")
    return [helper.make_tensor_value_info("value", TensorProto.DOUBLE, ["N", 1])]


OUTPUTS = {"classification": _classification, "regression": _regression}
OUTPUT_NAMES = {"classification": ("probabilities", "label"), "regression": ("value",)}
"""The graph's outputs per task; an input column cannot share a name with one."""


def build_onnx(blueprint: Blueprint) -> onnx.ModelProto:
    """The whole model as a checked ONNX ModelProto (opset 17, ai.onnx.ml 3, IR 8)."""
    taken = sorted(set(blueprint.input_columns) & set(OUTPUT_NAMES[blueprint.task]))
    if taken:
        raise TuiNNError(f'the input column "{taken[0]}" has the name of an ONNX output ('
                         f'{", ".join(OUTPUT_NAMES[blueprint.task])}): rename the column and retrain to export to ONNX')
    g = _Graph()
    element = _ELEMENT[blueprint.dtype]
    blocks = [ENCODERS[column.kind](g, column) for column in blueprint.columns]
    numbers = {c.name: block for c, block in zip(blueprint.columns, blocks) if c.kind == "number"}
    blocks += [_derived(g, tree, numbers) for _, tree in blueprint.derived]
    x = g.op("Concat", *blocks, axis=1) if len(blocks) > 1 else blocks[0]
    x = g.op("Sub", x, g.const("mean", blueprint.mean.reshape(1, -1)))
    x = g.op("Div", x, g.const("std", blueprint.std.reshape(1, -1)))
    # predict standardises in float64, then hands the network its own dtype.
    a = g.op("Cast", x, to=element)
    for i, (layer, (w, b)) in enumerate(zip(blueprint.layers, blueprint.weights)):
        z = g.op("Gemm", a, g.const(f"layer{i}.weight", w), g.const(f"layer{i}.bias", b))
        a = ACTIVATIONS[layer.activation](g, z)
    outputs = OUTPUTS[blueprint.task](g, blueprint, a, element)
    inputs = [helper.make_tensor_value_info(c.name, INPUT_TYPES[c.kind], ["N", 1]) for c in blueprint.columns]
    graph = helper.make_graph(g.nodes, "tui_nn", inputs, outputs, g.initializers)
    opsets = [helper.make_opsetid("", OPSET), helper.make_opsetid("ai.onnx.ml", ML_OPSET)]
    model = helper.make_model(graph, producer_name="tui-nn", producer_version=blueprint.metadata()["tui_nn_version"],
                              opset_imports=opsets, ir_version=IR_VERSION)
    model.doc_string = (f"{blueprint.task} of {blueprint.target!r} from {', '.join(blueprint.input_columns)}; "
                        "exported by tui-nn from " + blueprint.checkpoint_name)
    helper.set_model_props(model, blueprint.metadata())
    onnx.checker.check_model(model, full_check=True)
    return model


def write_onnx(blueprint: Blueprint, path: Path) -> Path:
    """Write the graph to `path` (a .onnx file); the path written."""
    onnx.save_model(build_onnx(blueprint), str(path))
    return path
