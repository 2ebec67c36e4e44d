"""The one plural helper (tui_nn.words) and messages that use it."""

from __future__ import annotations

import pytest

from tui_nn.words import plural


@pytest.mark.parametrize(
    ("count", "word", "expected"),
    [(1, "epoch", "1 epoch"), (2, "epoch", "2 epochs"), (0, "layer", "0 layers"), (1, "feature", "1 feature"),
     (1, "bias", "1 bias"), (3, "bias", "3 biases"), (2, "class", "2 classes"), (-1, "value", "-1 values")],
)
def test_plural_says_one_thing_and_many_things(count, word, expected):
    assert plural(count, word) == expected


def test_an_irregular_plural_can_be_given():
    assert plural(2, "matrix", "matrices") == "2 matrices"
    assert plural(1, "matrix", "matrices") == "1 matrix"


async def test_the_app_says_1_layer_and_1_feature():
    from tui_nn.tui.app import make_app

    app = make_app("linear", backend="numpy")
    async with app.run_test(size=(140, 45)) as pilot:
        for _ in range(500):
            if app.session.has_data:
                break
            await pilot.pause(0.01)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.editor.border_title == "Network · 1 layer"
        assert app.last_notice.startswith("linear: 5 rows, 1 feature\n")


def test_a_one_epoch_run_completed_1_epoch():
    import numpy as np

    from tui_nn.engine import Network, NetworkSpec, TrainConfig, Trainer, parse_layers
    from tui_nn.engine.trainer import TrainingStopped

    net = Network(NetworkSpec(1, parse_layers("1:linear"), "mse"), seed=0)
    x = np.array([[1.0], [2.0]])
    events = list(Trainer(net, x, x + 1, TrainConfig(epochs=1, batch_size=0), "regression").run())
    stopped = [e for e in events if isinstance(e, TrainingStopped)]
    assert stopped[-1].message == "completed 1 epoch"
