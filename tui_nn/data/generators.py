"""Synthetic tables in the spirit of the TensorFlow Playground, plus larger seed-like tables.

Each generator takes a numpy Generator, a row count and a noise level and returns columns in
order (target last), so the bundled files are reproducible (`scripts/make_datasets.py`), and
`--rows N --noise F` (the app's rows and noise settings) draw fresh ones, as Playground's
noise slider and regenerate button do. Classification labels are the integers 0/1; features
of the 2-D sets are named x1, x2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Columns = dict[str, np.ndarray]


def man_woman(rng: np.random.Generator, n: int = 500, noise: float = 1.0) -> Columns:
    """Weight (kg) and height (cm) of n adults, half men, half women: overlapping, so no
    classifier is perfect. Heights are normal per sex; weight follows height through a BMI.
    `noise` scales every spread (1: as measured in adults; 0: every man alike, every woman alike)."""
    is_woman = rng.permutation(np.arange(n) % 2 == 1)
    height = np.where(is_woman, rng.normal(163.5, 6.5 * noise, n), rng.normal(177.0, 7.0 * noise, n))
    bmi = np.where(is_woman, rng.normal(24.0, 3.8 * noise, n), rng.normal(26.0, 3.5 * noise, n))
    weight = bmi * (height / 100.0) ** 2
    return {
        "weight": np.round(np.clip(weight, 38, 160), 1),
        "height": np.round(np.clip(height, 140, 210)).astype(int),
        "class": np.where(is_woman, "Woman", "Man"),
    }


def linear(rng: np.random.Generator, n: int = 200, noise: float = 0.5) -> Columns:
    """y ≈ x + 1 with Gaussian noise, x in [0, 10]."""
    x = np.round(rng.uniform(0.0, 10.0, n), 2)
    return {"x": x, "y": np.round(x + 1.0 + rng.normal(0.0, noise, n), 3)}


def xor(rng: np.random.Generator, n: int = 400, noise: float = 0.4) -> Columns:
    """Four squares, opposite corners alike: label 1 where x1·x2 > 0. Not linearly separable."""
    points = rng.uniform(-5.0, 5.0, (n, 2))
    points += np.sign(points) * 0.3  # the Playground's padding keeps points off the axes
    label = (points[:, 0] * points[:, 1] > 0).astype(int)
    return _xy(points + rng.normal(0.0, noise, points.shape), label)


def circles(rng: np.random.Generator, n: int = 400, noise: float = 0.3) -> Columns:
    """A disc (label 1) inside a ring (label 0): a network must bend its boundary all round."""
    inner = n // 2
    radius = np.concatenate([rng.uniform(0.0, 2.5, inner), rng.uniform(3.5, 5.0, n - inner)])
    angle = rng.uniform(0.0, 2 * np.pi, n)
    points = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    label = np.concatenate([np.ones(inner, dtype=int), np.zeros(n - inner, dtype=int)])
    order = rng.permutation(n)
    return _xy((points + rng.normal(0.0, noise, points.shape))[order], label[order])


def spiral(rng: np.random.Generator, n: int = 500, noise: float = 0.2) -> Columns:
    """Two interleaved spiral arms: the hardest of the Playground's sets."""
    half = n // 2
    points, labels = [], []
    for label, shift in ((1, 0.0), (0, np.pi)):
        count = half if label == 1 else n - half
        t = np.arange(count) / count
        radius = 5.0 * t
        angle = 1.75 * 2 * np.pi * t + shift
        points.append(np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1))
        labels.append(np.full(count, label))
    points_all = np.concatenate(points) + rng.normal(0.0, noise, (n, 2))
    order = rng.permutation(n)
    return _xy(points_all[order], np.concatenate(labels)[order])


def moons(rng: np.random.Generator, n: int = 400, noise: float = 0.15) -> Columns:
    """Two interlocking half circles (label 0 the upper, 1 the lower)."""
    upper = n // 2
    t_up = rng.uniform(0.0, np.pi, upper)
    t_low = rng.uniform(0.0, np.pi, n - upper)
    points = np.concatenate(
        [np.stack([np.cos(t_up), np.sin(t_up)], axis=1), np.stack([1 - np.cos(t_low), 0.5 - np.sin(t_low)], axis=1)]
    )
    label = np.concatenate([np.zeros(upper, dtype=int), np.ones(n - upper, dtype=int)])
    order = rng.permutation(n)
    return _xy(2.0 * (points + rng.normal(0.0, noise, points.shape))[order], label[order])


def gaussians(rng: np.random.Generator, n: int = 400, noise: float = 1.3) -> Columns:
    """Two overlapping Gaussian blobs around (2, 2) (label 1) and (-2, -2) (label 0): one line
    almost separates them. `noise` is each blob's spread."""
    label = rng.permutation(np.arange(n) % 2)
    centre = np.where(label[:, None] == 1, 2.0, -2.0)
    return _xy(centre + rng.normal(0.0, noise, (n, 2)), label)


def plane(rng: np.random.Generator, n: int = 400, noise: float = 0.5) -> Columns:
    """Regression on a tilted plane: y ≈ 2·x1 − x2 + 3, x in [−5, 5]²."""
    points = rng.uniform(-5.0, 5.0, (n, 2))
    y = 2.0 * points[:, 0] - points[:, 1] + 3.0 + rng.normal(0.0, noise, n)
    return {"x1": np.round(points[:, 0], 3), "x2": np.round(points[:, 1], 3), "y": np.round(y, 3)}


def sine(rng: np.random.Generator, n: int = 400, noise: float = 0.1) -> Columns:
    """Regression on one period and a bit of a sine wave: y ≈ sin(x), x in [−2π, 2π]."""
    x = np.sort(rng.uniform(-2 * np.pi, 2 * np.pi, n))
    return {"x": np.round(x, 4), "y": np.round(np.sin(x) + rng.normal(0.0, noise, n), 4)}


def _xy(points: np.ndarray, label: np.ndarray) -> Columns:
    return {"x1": np.round(points[:, 0], 3), "x2": np.round(points[:, 1], 3), "label": label.astype(int)}


@dataclass(frozen=True)
class Generator:
    """A bundled synthetic set: how it is drawn, and the seed, rows and noise it ships with."""

    make: Callable[..., Columns]
    seed: int
    """Part of the shipped file's identity (scripts/make_datasets.py)."""

    @property
    def rows(self) -> int:
        return int(_default(self.make, "n"))

    @property
    def noise(self) -> float:
        return float(_default(self.make, "noise"))


def _default(make: Callable[..., Columns], name: str) -> object:
    import inspect  # noqa: PLC0415 — only when a default is asked for

    return inspect.signature(make).parameters[name].default


GENERATORS: dict[str, Generator] = {
    "man_woman_500": Generator(man_woman, 500),
    "linear_200": Generator(linear, 200),
    "xor": Generator(xor, 401),
    "circles": Generator(circles, 402),
    "spiral": Generator(spiral, 403),
    "moons": Generator(moons, 404),
    "gaussians": Generator(gaussians, 405),
    "plane": Generator(plane, 406),
    "sine": Generator(sine, 407),
}
"""Bundled synthetic dataset → its generator. The seed is part of the dataset's identity."""


def generate(name: str, rows: int | None = None, noise: float | None = None, seed: int | None = None) -> Columns:
    """The bundled synthetic dataset `name`: exactly as shipped, or drawn again with `rows`,
    `noise` and `seed` (each defaulting to the shipped set's)."""
    generator = GENERATORS[name]
    rng = np.random.default_rng(generator.seed if seed is None else seed)
    return generator.make(rng, generator.rows if rows is None else rows,
                          generator.noise if noise is None else noise)
