"""Checkpoints other people send: mutated, truncated or foreign files give one TuiNNError,
never a traceback of another type and never code execution (allow_pickle=False)."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_nn.engine import Network, NetworkSpec, parse_layers
from tui_nn.engine.checkpoint import FORMAT, load_checkpoint, save_checkpoint
from tui_nn.errors import TuiNNError

SPEC = NetworkSpec(2, parse_layers("3:tanh,1:sigmoid"), "bce")


def _valid_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("ckpt") / "good.npz"
    save_checkpoint(path, SPEC, Network(SPEC, seed=0).get_weights(), {"task": "classification"})
    return path.read_bytes()


def _load_or_error(data: bytes, tmp_path) -> None:
    path = tmp_path / "fuzzed.npz"
    path.write_bytes(data)
    try:
        checkpoint = load_checkpoint(path)
    except TuiNNError as exc:
        assert "\n" not in str(exc)
        return
    # Whatever loads must be a coherent model: its weights fit its spec.
    Network(checkpoint.spec).set_weights(checkpoint.weights)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_checkpoint_bytes_load_or_give_one_clear_error(data, tmp_path, tmp_path_factory):
    raw = bytearray(_valid_bytes(tmp_path_factory))
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(raw)))
    _load_or_error(bytes(raw[:cut]), tmp_path)


def _npz(arrays: dict) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


spec_documents = st.fixed_dictionaries(
    {},
    optional={
        "format": st.sampled_from([FORMAT, "tui-nn/2", "", 3]),
        "inputs": st.one_of(st.integers(-2, 5), st.text(max_size=3), st.none()),
        "layers": st.one_of(
            st.lists(st.fixed_dictionaries({"units": st.integers(-1, 4),
                                            "activation": st.sampled_from(["tanh", "sigmoid", "bogus", "softmax"])}),
                     max_size=3),
            st.text(max_size=3),
        ),
        "loss": st.sampled_from(["bce", "mse", "cce", "nope"]),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=spec_documents, shapes=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), max_size=3),
       dtype=st.sampled_from(["float32", "float64", "int64", "bool"]))
def test_foreign_specs_and_arrays_load_or_give_one_clear_error(document, shapes, dtype, tmp_path):
    arrays = {"spec": np.array(json.dumps(document))}
    for i, (rows, cols) in enumerate(shapes):
        arrays[f"layer{i}.weight"] = np.ones((rows, cols), dtype=dtype)
        arrays[f"layer{i}.bias"] = np.ones(cols, dtype=dtype)
    _load_or_error(_npz(arrays), tmp_path)


def test_a_pickled_object_array_is_refused_without_being_unpickled(tmp_path):
    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('pickle executed')",))

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        payload = io.BytesIO()
        np.save(payload, np.array([Boom()], dtype=object), allow_pickle=True)
        archive.writestr("spec.npy", payload.getvalue())
    _load_or_error(buffer.getvalue(), tmp_path)
