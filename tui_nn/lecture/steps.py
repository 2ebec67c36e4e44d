"""The lesson's seven steps: each one's title, text and keys, in the lecture's order."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StepInfo:
    """A step's title and what it says (the screen adds the live numbers)."""

    title: str
    text: str
    keys: str
    """The step's own keys, for the help line."""


STEPS: tuple[StepInfo, ...] = (
    StepInfo(
        "One neuron",
        "A neuron multiplies every input by its weight, adds the products up and adds a bias: "
        "y = Σ wᵢ·xᵢ + b. Here the inputs are a person's weight and height from the lecture's "
        "table. Change them, or the weights, and watch y.",
        "↑↓ pick a number · +/- change it · enter type it",
    ),
    StepInfo(
        "Activation functions",
        "The sum then goes through an activation function f. Without one, any stack of layers "
        "is still one straight line. Training also needs the slope f′: backpropagation "
        "multiplies by it, so where f′ is nearly 0 (sigmoid far from 0) learning is slow.",
        "space next function · +/- move z",
    ),
    StepInfo(
        "A network: weight, height → man or woman",
        "The lecture's network: 2 inputs, 2 hidden sigmoid neurons h₁ and h₂, 1 output O₁ "
        "(3 neurons, not counting inputs). Each neuron is step 1's sum through σ. "
        "The inputs are standardised first (mean 0, spread 1), as tui-nn does by default.",
        "+/- table row · r new weights",
    ),
    StepInfo(
        "A bigger network: count its parameters",
        "The lecture's next network has 32 learnable parameters. Count like before: "
        "a layer of n neurons fed by m values has [m×n] weights and n biases. "
        "Careful: weights and biases are both parameters — 3 → 4 → 4 → 1 has 32 weights "
        "but 41 parameters. Change the layers and count again.",
        "↑↓ pick a layer · +/- neurons (0 removes a hidden layer)",
    ),
    StepInfo(
        "x → y: find w by hand, then by training",
        "The table's y is x + 1. Take b = 1 and guess w: ŷ = x·w + b. The slide tries "
        "w = 0.5, 0.7 and 1 for x = 8. Then let training find w (and b) from the table alone. "
        "Numbers here are in the table's own units (no standardisation).",
        "p the slide's next w · +/- change · space train",
    ),
    StepInfo(
        "Training: forward, compare, backpropagate, update",
        "The three-field table through 3 → 2 → 1 sigmoid neurons. One row at a time: "
        "① forward pass, ② compare with the target output, ③ backpropagate the error "
        "(the chain rule, each number from the step before), ④ update every parameter: "
        "p ← p − η·∂L/∂p. Then the next row.",
        "space next phase · +/- η",
    ),
    StepInfo(
        "Why depth: XOR",
        "XOR: the label is 1 where x1 and x2 have the same sign — opposite corners. A single "
        "neuron draws one straight line and cannot separate them; a hidden layer bends the boundary. "
        "Both networks get the same data, optimizer and epochs.",
        "space train both",
    ),
)
"""The lesson's seven steps, in the lecture's order."""
