"""The robust regression losses, mae (torch.nn.L1Loss) and huber (torch.nn.HuberLoss):
values against the PyTorch definitions written out, gradients against central finite
differences (float64), the δ carried from the RunSpec to the checkpoint, and the point of
them: a fit that outliers do not drag away."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tui_nn.cli import build_parser, main, run_spec_from_args
from tui_nn.engine import LayerSpec, Network, NetworkSpec
from tui_nn.engine.activations import get_activation
from tui_nn.engine.losses import get_loss
from tui_nn.engine.trainer import TrainConfig, Trainer
from tui_nn.errors import TuiNNError
from tui_nn.spec import KEYS, RunSpec

RTOL = 1e-5
ATOL = 1e-8
EPS = 1e-6


def _torch_l1(a, y):
    """torch.nn.L1Loss(reduction="mean"): mean |a − y|."""
    return np.mean(np.abs(a - y))


def _torch_huber(a, y, delta=1.0):
    """torch.nn.HuberLoss(reduction="mean", delta=δ): 0.5·x² if |x| < δ else δ·(|x| − 0.5·δ)."""
    x = a - y
    return np.mean(np.where(np.abs(x) < delta, 0.5 * x**2, delta * (np.abs(x) - 0.5 * delta)))


def _torch_huber_grad(a, y, delta=1.0):
    """Its gradient with respect to a, as torch's backward computes it: x inside, δ·sign(x) outside, over N."""
    x = a - y
    return np.where(np.abs(x) < delta, x, delta * np.sign(x)) / x.size


# -- values ---------------------------------------------------------------------------


def test_mae_equals_the_pytorch_definition():
    rng = np.random.default_rng(0)
    a, y = rng.normal(scale=2, size=(8, 3)), rng.normal(size=(8, 3))
    assert float(get_loss("mae").value(a, a, y, np)) == pytest.approx(_torch_l1(a, y), rel=1e-12)


@pytest.mark.parametrize("delta", [1.0, 0.5, 2.5])
def test_huber_equals_the_pytorch_definition(delta):
    rng = np.random.default_rng(1)
    a, y = rng.normal(scale=3, size=(10, 2)), rng.normal(size=(10, 2))
    x = np.abs(a - y)
    assert (x < delta).any() and (x >= delta).any()  # both branches are exercised
    loss = get_loss("huber", huber_delta=delta) if delta != 1.0 else get_loss("huber")
    assert float(loss.value(a, a, y, np)) == pytest.approx(_torch_huber(a, y, delta), rel=1e-12)


def test_huber_is_continuous_at_delta_and_written_out_by_hand():
    # Residuals 0.5 (inside), 2 (exactly δ: the linear branch, equal to the square there), −4 (outside), δ = 2.
    a = np.array([[0.5], [2.0], [-4.0]])
    y = np.zeros((3, 1))
    expected = (0.5 * 0.25 + 2 * (2 - 1) + 2 * (4 - 1)) / 3
    assert float(get_loss("huber", huber_delta=2.0).value(a, a, y, np)) == pytest.approx(expected, rel=1e-12)
    assert 0.5 * 2.0**2 == 2 * (2 - 0.5 * 2)


def test_huber_and_mae_gradients_equal_the_pytorch_ones_at_their_kinks():
    # At x = 0 L1Loss's subgradient is 0 (torch's sign); at |x| = δ huber's is δ·sign(x).
    a = np.array([[0.0], [1.0], [-1.0], [0.3], [-3.0]])
    y = np.zeros_like(a)
    linear = get_activation("linear")
    np.testing.assert_allclose(get_loss("mae").grad_z(a, a, y, linear, np), np.sign(a) / a.size, rtol=0, atol=0)
    np.testing.assert_allclose(get_loss("huber").grad_z(a, a, y, linear, np), _torch_huber_grad(a, y), rtol=1e-15)
    assert get_loss("mae").grad_z(a, a, y, linear, np)[0, 0] == 0.0


def test_options_a_loss_does_not_read_are_ignored():
    assert get_loss("mse", huber_delta=3.0) is get_loss("mse")


# -- gradients ------------------------------------------------------------------------


def _numeric_gradient(net: Network, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    grads = np.zeros(net.n_parameters)
    for i in range(net.n_parameters):
        saved = net.flat_params[i].copy()
        values = []
        for shift in (EPS, -EPS):
            net.flat_params[i] = saved + shift
            net.forward(x)
            z, a = net.layers[-1].cached
            values.append(float(net.loss.value(z, a, y, np)))
        net.flat_params[i] = saved
        grads[i] = (values[0] - values[1]) / (2 * EPS)
    return grads


@pytest.mark.parametrize(
    "loss, output, delta",
    [("mae", "linear", 1.0), ("mae", "tanh", 1.0), ("huber", "linear", 1.0), ("huber", "linear", 0.3),
     ("huber", "sigmoid", 0.2), ("huber", "tanh", 0.5)],
)
def test_robust_loss_gradients_match_finite_differences(loss, output, delta):
    rng = np.random.default_rng(7)
    spec = NetworkSpec(3, (LayerSpec(4, "tanh"), LayerSpec(2, output)), loss, huber_delta=delta)
    net = Network(spec, dtype="float64", seed=3)
    net.flat_params[:] += rng.normal(scale=0.1, size=net.n_parameters)
    x, y = rng.normal(size=(9, 3)), rng.normal(scale=1.5, size=(9, 2))
    out = net.predict(x)
    # Away from the kinks (|x| = 0 for mae, |x| = δ for huber), where the loss is smooth.
    kink = 0.0 if loss == "mae" else delta
    assert np.abs(np.abs(out - y) - kink).min() > 1e-3
    if loss == "huber":
        assert (np.abs(out - y) < delta).any() and (np.abs(out - y) > delta).any()
    net.loss_and_gradients(x, y)
    analytic = np.array(net.flat_grads)
    np.testing.assert_allclose(analytic, _numeric_gradient(net, x, y), rtol=RTOL, atol=ATOL)


# -- the spec -------------------------------------------------------------------------


def test_softmax_outputs_stay_cce_only():
    for loss in ("mae", "huber"):
        with pytest.raises(TuiNNError, match="softmax output layer trains with loss cce"):
            NetworkSpec(2, (LayerSpec(3, "softmax"),), loss).validate()


@pytest.mark.parametrize("delta", [0.0, -1.0, float("nan")])
def test_huber_delta_must_be_positive(delta):
    with pytest.raises(TuiNNError, match="huber delta"):
        NetworkSpec(2, (LayerSpec(1, "linear"),), "huber", huber_delta=delta).validate()


def test_network_spec_carries_delta_and_old_specs_default_to_one():
    spec = NetworkSpec(2, (LayerSpec(1, "linear"),), "huber", huber_delta=0.25)
    assert NetworkSpec.from_dict(spec.to_dict()) == spec
    old = {"inputs": 2, "layers": [{"units": 1, "activation": "linear"}], "loss": "huber"}
    assert NetworkSpec.from_dict(old).huber_delta == 1.0
    net = Network(spec, dtype="float64")
    a, y = np.array([[3.0]]), np.array([[0.0]])
    assert float(net.loss.value(a, a, y, np)) == pytest.approx(0.25 * (3 - 0.125))


def test_huber_delta_is_a_network_key_and_a_train_flag():
    key = KEYS["huber_delta"]
    assert (key.section, key.default, key.kind) == ("network", 1.0, "float")
    assert RunSpec().network.huber_delta == 1.0
    args = build_parser("train").parse_args(["train", "data.csv", "--loss", "huber", "--huber-delta", "0.5"])
    spec = run_spec_from_args(args)
    assert (spec.network.loss, spec.network.huber_delta) == ("huber", 0.5)
    with pytest.raises(TuiNNError, match="huber_delta"):
        RunSpec().with_values(huber_delta=-1.0)


def test_train_saves_the_huber_delta_in_the_checkpoint(capsys, tmp_path):
    data = tmp_path / "line.csv"
    rows = [(x, 2 * x + 1) for x in np.linspace(-2, 2, 40)]
    data.write_text("x,y\n" + "\n".join(f"{x},{y}" for x, y in rows) + "\n")
    model = tmp_path / "m.npz"
    code = main(["train", str(data), "--layers", "1:linear", "--loss", "huber", "--huber-delta", "0.5",
                 "--epochs", "5", "--save", str(model), "--quiet"])
    assert code == 0, capsys.readouterr().err
    with np.load(model) as arrays:
        document = json.loads(str(arrays["spec"]))
    assert (document["loss"], document["huber_delta"]) == ("huber", 0.5)


# -- what they are for ----------------------------------------------------------------


def _outlier_line(seed: int = 0):
    """y = 2x + 1 + noise, with 5 % of the rows (all at x > 0.5) replaced by large outliers."""
    rng = np.random.default_rng(seed)
    n = 400
    x = rng.normal(size=(n, 1))
    y = 2.0 * x + 1.0 + rng.normal(scale=0.3, size=(n, 1))
    candidates = np.flatnonzero(x[:, 0] > 0.5)
    outliers = rng.choice(candidates, size=n // 20, replace=False)
    y[outliers] -= 30.0
    return x, y


def _fitted_slope(loss: str) -> float:
    x, y = _outlier_line()
    net = Network(NetworkSpec(1, (LayerSpec(1, "linear"),), loss), dtype="float64", seed=1)
    config = TrainConfig(optimizer="sgd", lr=0.2, batch_size=0, epochs=3000, seed=0)
    events = list(Trainer(net, x, y, config, "regression").run())
    assert events[-1].reason == "completed"
    return float(net.get_weights()[0][0][0, 0])


def test_huber_recovers_the_slope_through_outliers_where_mse_does_not():
    assert abs(_fitted_slope("huber") - 2.0) < 0.15
    assert abs(_fitted_slope("mse") - 2.0) > 0.15


def test_help_lists_the_huber_delta_with_its_default(capsys):
    assert main(["train", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--huber-delta F" in out and "(default: 1)" in " ".join(out.split())


def test_the_app_builds_its_network_with_the_runs_huber_delta():
    from tui_nn.data import load_dataset
    from tui_nn.spec import RunSpec
    from tui_nn.tui.session import Session

    session = Session(RunSpec().with_values(source="linear", layers="1:linear", loss="huber", huber_delta=0.25))
    session.set_dataset(load_dataset("linear"), session.run.data)
    assert session.network_spec().huber_delta == 0.25 and session.network_spec().loss == "huber"
