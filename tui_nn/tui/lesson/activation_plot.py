"""ActivationPlot: one activation function and its derivative (plotext), the others faint."""

from __future__ import annotations

from textual.app import RenderResult
from textual_plotext import PlotextPlot

from tui_nn.lecture import LESSON_ACTIVATIONS, activation_curve

F_COLOR = (86, 182, 255)
D_COLOR = (255, 166, 77)
FAINT = (90, 90, 90)


class ActivationPlot(PlotextPlot):
    """f (blue) and f′ (orange) of the chosen function over z ∈ [−4, 4]; the rest in grey."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.name_shown = LESSON_ACTIVATIONS[0]
        self.z = 0.0
        self.marker = "braille"
        """plotext marker; "hd" renders better in SVG screenshots."""

    def on_mount(self) -> None:
        self.marker = getattr(self.app, "chart_marker", self.marker)  # the app's choice (hd for screenshots)

    def show(self, name: str, z: float) -> None:
        self.name_shown, self.z = name, z
        self.refresh()

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_figure()
        for other in LESSON_ACTIVATIONS:
            if other != self.name_shown:
                xs, ys, _ = activation_curve(other, points=81)
                plt.plot(xs, ys, color=FAINT, marker=self.marker)
        xs, ys, ds = activation_curve(self.name_shown)
        plt.plot(xs, ds, color=D_COLOR, marker=self.marker, label="f′(z)")
        plt.plot(xs, ys, color=F_COLOR, marker=self.marker, label="f(z)")
        plt.vertical_line(self.z, color=(200, 200, 200))
        plt.ylim(-1.2, 2.5)
        plt.title(f"{self.name_shown}: f(z) and its slope f′(z)")
        plt.xlabel("z")
        return super().render()
