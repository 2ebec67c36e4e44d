"""Evaluation metrics against hand computations (scikit-learn's definitions, written out),
class weights (the weighted loss's value and gradient, and what they do to a rare class),
and early stopping on a monitored metric."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tui_nn.engine import LayerSpec, Network, NetworkSpec
from tui_nn.engine.metrics import (
    classification_metrics,
    precision_recall_f1,
    regression_metrics,
    roc_auc,
    roc_curve,
)
from tui_nn.engine.trainer import MONITOR_NAMES, EpochEnd, TrainConfig, Trainer, TrainingStopped
from tui_nn.errors import TuiNNError


def _pairwise_auc(scores, positive) -> float:
    """AUC by its definition: over every (positive, negative) pair, 1 if the positive scores
    higher, 1/2 on a tie."""
    pos = [s for s, p in zip(scores, positive) if p]
    neg = [s for s, p in zip(scores, positive) if not p]
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a, b in itertools.product(pos, neg))
    return wins / (len(pos) * len(neg))


def test_roc_auc_with_ties_by_hand():
    scores = [0.1, 0.4, 0.35, 0.8, 0.4]
    positive = [False, False, True, True, True]
    # positives 0.35, 0.8, 0.4 against negatives 0.1, 0.4: 1+0, 1+1, 1+½ of 6 pairs
    assert roc_auc(scores, positive) == pytest.approx(4.5 / 6)


def test_roc_auc_matches_the_pairwise_definition_on_rounded_scores():
    rng = np.random.default_rng(3)
    for _ in range(20):
        scores = np.round(rng.random(40), 1)  # many ties
        positive = rng.random(40) < 0.4
        if positive.all() or not positive.any():
            continue
        assert roc_auc(scores, positive) == pytest.approx(_pairwise_auc(scores, positive), abs=1e-12)
        fpr, tpr = roc_curve(scores, positive)
        assert fpr[0] == tpr[0] == 0 and fpr[-1] == pytest.approx(1) and tpr[-1] == pytest.approx(1)
        assert np.all(np.diff(fpr) >= 0) and np.all(np.diff(tpr) >= 0)
        assert float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)) == pytest.approx(roc_auc(scores, positive), abs=1e-12)


def test_roc_auc_of_one_class_is_none():
    assert roc_auc([0.2, 0.9], [True, True]) is None


def test_precision_recall_f1_by_hand():
    truth = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2])
    predicted = np.array([0, 1, 0, 1, 1, 2, 0, 2, 1])
    precision, recall, f1 = precision_recall_f1(truth, predicted, 3)
    # class 0: predicted 3 times, 2 right; 3 rows, 2 found
    # class 1: predicted 4 times, 2 right; 2 rows, 2 found
    # class 2: predicted 2 times, 2 right; 4 rows, 2 found
    np.testing.assert_allclose(precision, [2 / 3, 0.5, 1.0])
    np.testing.assert_allclose(recall, [2 / 3, 1.0, 0.5])
    np.testing.assert_allclose(f1, [2 / 3, 2 / 3, 2 / 3])  # 2·p·r / (p + r)


def test_a_class_never_predicted_scores_zero_not_nan():
    precision, recall, f1 = precision_recall_f1(np.array([0, 1, 1]), np.array([0, 0, 0]), 2)
    assert precision[1] == 0 and recall[1] == 0 and f1[1] == 0


def test_classification_metrics_keyed_by_class_name():
    outputs = np.array([[0.9], [0.2], [0.7], [0.4]])
    targets = np.array([[1.0], [0.0], [0.0], [1.0]])
    got = classification_metrics(outputs, targets, ("Man", "Woman"))
    assert got["precision"] == {"Man": 0.5, "Woman": 0.5} and got["recall"] == {"Man": 0.5, "Woman": 0.5}
    assert got["f1_macro"] == pytest.approx(0.5)
    assert got["roc_auc"] == pytest.approx(_pairwise_auc([0.9, 0.2, 0.7, 0.4], [1, 0, 0, 1]))
    softmax = classification_metrics(np.eye(3)[[0, 1, 2, 2]], np.eye(3)[[0, 1, 2, 1]], ("a", "b", "c"))
    assert "roc_auc" not in softmax and softmax["recall"]["b"] == 0.5 and softmax["precision"]["c"] == 0.5


def test_regression_metrics_in_the_targets_units():
    outputs = np.array([[0.5], [1.0], [-1.0]])
    targets = np.array([[0.0], [1.5], [-1.0]])
    got = regression_metrics(outputs, targets, {"mean": 100.0, "std": 10.0})
    assert got["mae"] == pytest.approx(10.0 / 3)  # |0.5| + |0.5| + 0, in standard units, × 10
    assert got["rmse"] == pytest.approx(10.0 * np.sqrt(0.5 / 3))
    ss_tot = ((targets - targets.mean()) ** 2).sum()
    assert got["r2"] == pytest.approx(1 - 0.5 / ss_tot)


# -- class weights ---------------------------------------------------------------------------


@pytest.mark.parametrize("layers,loss", [((LayerSpec(3, "tanh"), LayerSpec(1, "sigmoid")), "bce"),
                                         ((LayerSpec(3, "tanh"), LayerSpec(3, "softmax")), "cce"),
                                         ((LayerSpec(2, "linear"),), "huber")])
def test_weighted_loss_gradient_matches_finite_differences(layers, loss):
    rng = np.random.default_rng(0)
    net = Network(NetworkSpec(2, layers, loss), dtype="float64", seed=1)
    x = rng.normal(size=(7, 2))
    k = layers[-1].units
    y = np.eye(k)[rng.integers(0, k, 7)] if k > 1 else (rng.random((7, 1)) > 0.5) * 1.0
    weights = np.array([1.0, 3.0, 0.5][: max(k, 2)])

    def value(flat):
        saved = net.flat_params.copy()
        net.flat_params[...] = flat
        net.forward(x)
        v = float(net.backward(y, weights))
        net.flat_params[...] = saved
        return v

    net.forward(x)
    net.backward(y, weights)
    analytic = net.flat_grads.copy()
    flat = net.flat_params.copy()
    numeric = np.zeros_like(flat)
    for i in range(len(flat)):
        step = np.zeros_like(flat)
        step[i] = 1e-6
        numeric[i] = (value(flat + step) - value(flat - step)) / 2e-6
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)
    # the value is PyTorch's weighted mean: Σ wᵢ·lᵢ / Σ wᵢ (equal weights give the plain loss)
    net.forward(x)
    plain = float(net.backward(y))
    net.forward(x)
    assert float(net.backward(y, np.ones(max(k, 2)))) == pytest.approx(plain)


def _imbalanced(n: int, seed: int):
    """95 : 5, the rare class shifted by a little in both inputs: easy to overlook."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.05) * 1.0
    x = rng.normal(size=(n, 2)) + y[:, None] * 1.6
    return x, y.reshape(-1, 1)


def test_balanced_class_weights_lift_the_rare_class_recall():
    x, y = _imbalanced(2000, 0)
    x_val, y_val = _imbalanced(1000, 1)
    counts = np.bincount(y[:, 0].astype(int), minlength=2)
    balanced = len(y) / (2 * counts)  # scikit-learn's n / (k·nᵢ)
    recalls = []
    for weights in (None, balanced):
        net = Network(NetworkSpec(2, (LayerSpec(1, "sigmoid"),), "bce"), dtype="float64", seed=0)
        trainer = Trainer(net, x, y, TrainConfig(lr=0.05, epochs=30, batch_size=64), "classification",
                          x_val=x_val, y_val=y_val, classes=("common", "rare"), class_weight=weights)
        list(trainer.run())
        recalls.append(trainer.evaluate_details()["val_recall"]["rare"])
    assert recalls[1] - recalls[0] > 0.2, recalls


def test_class_weights_need_one_weight_a_class():
    net = Network(NetworkSpec(2, (LayerSpec(1, "sigmoid"),), "bce"), dtype="float64")
    with pytest.raises(TuiNNError, match="2 classes|3 classes"):
        Trainer(net, np.zeros((4, 2)), np.zeros((4, 1)), TrainConfig(), "classification", class_weight=[1, 2, 3])


# -- monitor ---------------------------------------------------------------------------------


def _blobs(seed: int):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 300)
    return rng.normal(size=(300, 2)) + y[:, None] * 1.5, y.reshape(-1, 1) * 1.0


def test_early_stop_on_a_metric_that_rises():
    x, y = _blobs(0)
    x_val, y_val = _blobs(1)
    net = Network(NetworkSpec(2, (LayerSpec(8, "tanh"), LayerSpec(1, "sigmoid")), "bce"), dtype="float64", seed=0)
    config = TrainConfig(lr=0.05, epochs=300, early_stop=5, monitor="val_f1_macro")
    events = list(Trainer(net, x, y, config, "classification", x_val=x_val, y_val=y_val).run())
    ends = [e for e in events if isinstance(e, EpochEnd)]
    stopped = events[-1]
    assert isinstance(stopped, TrainingStopped) and stopped.reason == "early_stop"
    assert "val_f1_macro" in stopped.message
    f1 = [e.details["val_f1_macro"] for e in ends]
    best = stopped.best_epoch
    # the best epoch is the first with the highest F1 so far, and nothing after it beat it
    assert f1[best - 1] == max(f1) and max(f1[:best - 1], default=-1) < f1[best - 1]
    assert len(ends) == best + 5
    assert set(ends[0].details) >= {"precision", "recall", "f1", "roc_auc", "val_roc_auc", "val_f1"}


def test_a_regression_monitor_on_a_classification_run_is_refused():
    net = Network(NetworkSpec(2, (LayerSpec(1, "sigmoid"),), "bce"), dtype="float64")
    with pytest.raises(TuiNNError, match='"val_r2" is a regression metric.*val_f1_macro'):
        Trainer(net, np.zeros((4, 2)), np.zeros((4, 1)), TrainConfig(monitor="val_r2"), "classification")
    with pytest.raises(TuiNNError, match="unknown monitor"):
        TrainConfig(monitor="f1").validate()
    assert {"val_loss", "loss", "val_accuracy", "val_f1_macro", "val_roc_auc", "val_mae", "val_rmse", "val_r2"} <= set(MONITOR_NAMES)


def test_details_only_when_asked():
    x, y = _blobs(0)
    net = Network(NetworkSpec(2, (LayerSpec(1, "sigmoid"),), "bce"), dtype="float64")
    plain = [e for e in Trainer(net, x, y, TrainConfig(epochs=2), "classification").run() if isinstance(e, EpochEnd)]
    assert all(e.details == {} for e in plain)
    asked = [e for e in Trainer(net, x, y, TrainConfig(epochs=2), "classification", details=True).run()
             if isinstance(e, EpochEnd)]
    assert asked[-1].details["f1"].keys() == {"0", "1"} and "val_f1" not in asked[-1].details
