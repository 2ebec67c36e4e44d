"""The lecture "Introduction to Deep Learning", replayed step by step: each step's text and numbers.

No Textual here: the lesson screens (`tui_nn.tui.lesson`) draw what these objects compute,
and the tests check the numbers without a screen. Every number comes from the engine
(a `Network` in float64, `trace_forward`, `summarize`, `loss_and_gradients`, the SGD
optimizer, the `Trainer`), so the lesson shows what tui-nn really computes — including
where the slides slipped (the slide's ŷ = 8·0.7 + 1 = 8.2 is 6.6).

    1 one neuron          y = Σ wᵢ·xᵢ + b, inputs and weights editable       `Neuron`          neuron.py
    2 activations         f and f' of six functions at a chosen z           `activation_at`   activations.py
    3 a 2-2-1 network     weight, height → man/woman, "9 learnable parameters" `ManWoman`     networks.py
    4 a bigger network    its own count (the lecture's 32)                  `Counting`        networks.py
    5 x → y               b = 1, w = 0.5, 0.7, 1 by hand, then training     `LineFit`         line.py
    6 training            forward, compare, backpropagate, update           `BackpropWalk`    backprop.py
    7 why depth           XOR without and with a hidden layer               `DepthDemo`       depth.py

What the steps share (`AppState`, `Knob`, `num`, DTYPE) is in base.py; their titles and texts
(`STEPS`) in steps.py.
"""

from __future__ import annotations

from tui_nn.lecture.activations import LESSON_ACTIVATIONS, Activations, activation_at, activation_curve
from tui_nn.lecture.backprop import PHASE_TITLES, PHASES, BackpropWalk, GradientLine
from tui_nn.lecture.base import DTYPE, AppState, Knob, num
from tui_nn.lecture.depth import DEEP, DEPTH_CONFIG, SHALLOW, DepthDemo, DepthResult
from tui_nn.lecture.line import LINE_LR, SLIDE_TRIES, FitPoint, LineFit
from tui_nn.lecture.networks import Counting, ManWoman
from tui_nn.lecture.neuron import Neuron
from tui_nn.lecture.steps import STEPS, StepInfo

__all__ = [
    "DEEP", "DEPTH_CONFIG", "DTYPE", "LESSON_ACTIVATIONS", "LINE_LR", "PHASES", "PHASE_TITLES", "SHALLOW",
    "SLIDE_TRIES", "STEPS", "Activations", "AppState", "BackpropWalk", "Counting", "DepthDemo", "DepthResult",
    "FitPoint", "GradientLine", "Knob", "LineFit", "ManWoman", "Neuron", "StepInfo", "activation_at",
    "activation_curve", "num",
]
