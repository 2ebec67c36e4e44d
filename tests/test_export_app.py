"""The app's export (ctrl+e, and "Export model" in the command palette): the model on screen
goes out as `tui-nn export` writes it, through the path prompt, in a worker."""

from __future__ import annotations

import json

import numpy as np
import onnx
import onnx.numpy_helper
import onnxruntime as ort
from textual.widgets import Input

from tui_nn.tui.actions import palette_entries
from tui_nn.tui.app import make_app
from tui_nn.tui.screens.path_prompt import PathPrompt


async def _settle(app, pilot):
    for _ in range(300):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.session.has_data and app.main.files.backend_ready:
            return
    raise AssertionError("the app never loaded its data")


async def _export_to(app, pilot, path) -> None:
    await pilot.press("ctrl+e")
    await pilot.pause()
    assert isinstance(app.screen, PathPrompt)
    app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if "export" in app.last_notice:
            return


def test_the_palette_offers_the_export():
    assert any(title == "Export model" and action == "export_model" for title, _, action in palette_entries())


async def test_ctrl_e_exports_the_trained_model_to_onnx_and_to_a_pytorch_folder(tmp_path):
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy", epochs=5)
    async with app.run_test(size=(140, 45)) as pilot:
        await _settle(app, pilot)
        await pilot.press("n")  # one trained epoch: the export must carry these weights, not fresh ones
        for _ in range(200):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.session.epochs_done == 1 and app.session.state != "training":
                break
        weights = app.session.network.get_weights()
        schema = app.session.dataset.schema
        await _export_to(app, pilot, tmp_path / "mw.onnx")
        assert "exported to" in app.last_notice, app.last_notice
        await _export_to(app, pilot, tmp_path / "mw")
        assert "exported to" in app.last_notice, app.last_notice
        await _export_to(app, pilot, tmp_path / "mw.keras")
        assert "onnx" in app.last_notice and "folder" in app.last_notice
        # Saved, then reset: the export is of the weights on screen, not the saved file's.
        assert app.main.files.save_checkpoint(str(tmp_path / "saved.npz"))
        app.session.reset_weights(7)
        fresh = app.session.ensure_network().get_weights()
        await _export_to(app, pilot, tmp_path / "fresh.onnx")
        assert app.is_running
    initializers = onnx.load(str(tmp_path / "fresh.onnx")).graph.initializer
    first_layer = next(t for t in initializers if "layer0.weight" in t.name)
    np.testing.assert_array_equal(onnx.numpy_helper.to_array(first_layer), fresh[0][0])
    proto = onnx.load(str(tmp_path / "mw.onnx"))
    onnx.checker.check_model(proto, full_check=True)
    assert json.loads({p.key: p.value for p in proto.metadata_props}["classes"]) == list(schema.classes)
    session = ort.InferenceSession(str(tmp_path / "mw.onnx"), providers=["CPUExecutionProvider"])
    probabilities, label = session.run(None, {"weight": np.array([[80.0]], np.float32),
                                              "height": np.array([[185.0]], np.float32)})
    x = (np.array([[80.0, 185.0]]) - schema.standardize["mean"]) / schema.standardize["std"]
    (w1, b1), (w2, b2) = weights
    hidden = 1 / (1 + np.exp(-(x.astype(np.float32) @ w1 + b1)))
    p = 1 / (1 + np.exp(-(hidden @ w2 + b2)))
    np.testing.assert_allclose(probabilities[0, 1], p[0, 0], atol=1e-5)
    assert sorted(f.name for f in (tmp_path / "mw").iterdir()) == ["model.py", "preprocess.json", "train.py",
                                                                    "weights.safetensors"]
    assert json.loads((tmp_path / "mw" / "preprocess.json").read_text())["epochs_trained"] == 1
    assert not (tmp_path / "mw.keras").exists()
