"""Make the README's screenshots: drive the app with Pilot, save SVG, convert to PNG.

    python scripts/screenshots.py [--out screenshots]

Needs `rsvg-convert` (Debian/Ubuntu: `apt-get install librsvg2-bin fonts-firacode`).
Pictures: man_woman trained with the lecture's 2-2-1 network, xor while training, the
dataset picker, and the views inside the network (diagram and neuron pictures, decision
map, the math for one input, the class report, the lecture's line by hand), one neuron
separating the circles with derived features, three runs compared, cross-validation and
presentation mode, at 140×45.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tui_nn.tui.app import TuiNNApp, make_app

SIZE = (140, 45)


def svg_to_png(svg: Path, png: Path) -> None:
    """Convert with rsvg-convert. Textual writes spaces as &#160; and rsvg drops a text span's
    leading ones, which shifts words; plain spaces with xml:space="preserve" render right."""
    text = svg.read_text(encoding="utf-8").replace("&#160;", " ")
    text = re.sub(r"<svg ", '<svg xml:space="preserve" ', text, count=1)
    fixed = svg.with_suffix(".fixed.svg")
    fixed.write_text(text, encoding="utf-8")
    try:
        subprocess.run(["rsvg-convert", str(fixed), "-o", str(png)], check=True)
    finally:
        fixed.unlink()


async def _settle(app: TuiNNApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def man_woman_trained(out: Path) -> Path:
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", lr=0.1, backend="numpy", chart_marker="hd")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await pilot.press("space")
        await _settle(app, pilot)
        app.clear_notifications()
        await pilot.pause()
        return Path(app.save_screenshot("man_woman-trained.svg", str(out)))


async def xor_training(out: Path) -> Path:
    app = make_app("xor", layers="8:tanh,8:tanh,1:sigmoid", lr=0.003, val_split=0.2, epochs=100_000,
                   backend="numpy", chart_marker="hd")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        app.clear_notifications()
        await pilot.press("down")  # the 8×8 hidden layer in the heatmap
        await pilot.press("l")  # the loss on a log scale
        await app.run_action("toggle_training")
        await asyncio.sleep(2.0)
        await pilot.pause()
        path = Path(app.save_screenshot("xor-training.svg", str(out)))
        app.main.training.stop()
        await _settle(app, pilot)
        return path


async def dataset_picker(out: Path) -> Path:
    app = make_app("man_woman", backend="numpy", chart_marker="hd")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        app.clear_notifications()
        await pilot.press("o")
        await pilot.press("down", "down", "down", "down", "down")  # xor
        await pilot.pause()
        return Path(app.save_screenshot("dataset-picker.svg", str(out)))


async def _trained_on_tab(out: Path, name: str, dataset: str, layers: str, tab: str, **options) -> Path:
    """`dataset` trained with `layers` (options as make_app's), shown on tab key `tab`."""
    app = make_app(dataset, layers=layers, backend="numpy", chart_marker="hd", **options)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await pilot.press("space")
        await _settle(app, pilot)
        await pilot.press(tab)
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        return Path(app.save_screenshot(f"{name}.svg", str(out)))


async def view_network(out: Path) -> Path:
    return await _trained_on_tab(out, "view-network", "xor", "8:tanh,1:sigmoid", "2", lr=0.03, epochs=60)


async def view_decision(out: Path) -> Path:
    return await _trained_on_tab(out, "view-decision", "spiral", "16:tanh,16:tanh,1:sigmoid", "3", lr=0.01,
                                 epochs=300, val_split=0.2)


async def view_math(out: Path) -> Path:
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", lr=0.1, backend="numpy", chart_marker="hd")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await pilot.press("space")
        await _settle(app, pilot)
        await pilot.press("4")
        app.query_one("#predict-panel").set_text("weight=80, height=185")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        return Path(app.save_screenshot("view-math.svg", str(out)))


async def view_report(out: Path) -> Path:
    return await _trained_on_tab(out, "view-report", "iris", "8:relu,3:softmax", "5", epochs=60, val_split=0.3)


async def view_lecture_line(out: Path) -> Path:
    """The lecture's ŷ = w·x + b with raw numbers: b = 1, w = 0.7 set by hand, the line through (8, 6.6)."""
    app = make_app("linear", layers="1:linear", backend="numpy", chart_marker="hd", standardize=False)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await pilot.press("2", "right", "enter", "1", "enter", "left", "enter", "0", ".", "7", "enter")
        await pilot.press("3")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        return Path(app.save_screenshot("view-lecture-line.svg", str(out)))


async def derived_circles(out: Path) -> Path:
    """One sigmoid neuron on the circles, given Playground's x1², x2²: a straight cut in those is a circle."""
    return await _trained_on_tab(out, "derived-circles", "circles", "1:sigmoid", "3", derive=("x1^2", "x2^2"),
                                 epochs=300, val_split=0.25)


async def runs(out: Path) -> Path:
    """The Runs tab: spiral at lr 0.01, then 0.03 (fresh weights: r), then a wider hidden layer."""
    app = make_app("spiral", layers="16:tanh,16:tanh,1:sigmoid", backend="numpy", chart_marker="hd", lr=0.01,
                   epochs=150, val_split=0.2)
    async with app.run_test(size=SIZE) as pilot:
        while not (app.session.has_data and app.main.files.backend_ready):  # the loading workers start soon
            await pilot.pause(0.05)
            await _settle(app, pilot)

        async def train() -> None:
            app.main.editor.focus()
            await pilot.press("space")
            await _settle(app, pilot)

        await train()
        field = app.main.settings_form.field("lr")
        field.focus()
        field.value = "0.03"
        await pilot.press("enter")
        await _settle(app, pilot)
        app.main.editor.focus()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")  # trained weights: the guard asks
        await _settle(app, pilot)
        await train()
        await pilot.press("plus")  # 17:tanh in the first layer, asked again
        await pilot.pause()
        await pilot.press("y")
        await _settle(app, pilot)
        await train()
        await pilot.press("6")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        return Path(app.save_screenshot("runs.svg", str(out)))


async def cross_validation(out: Path) -> Path:
    """k on breast_cancer: three folds in the Report tab, under the report of the (untrained) model on screen."""
    app = make_app("breast_cancer", backend="numpy", chart_marker="hd", epochs=20, folds=3, val_split=0.3)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await pilot.press("k")
        await _settle(app, pilot)
        await pilot.press("5")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        return Path(app.save_screenshot("cross-validation.svg", str(out)))


async def presentation_mode(out: Path) -> Path:
    """z: the board alone, XOR trained."""
    app = make_app("xor", backend="numpy", chart_marker="hd")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await pilot.press("space")
        await _settle(app, pilot)
        await pilot.press("z")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        return Path(app.save_screenshot("presentation-mode.svg", str(out)))


SHOTS = (man_woman_trained, xor_training, dataset_picker, view_network, view_decision, view_math, view_report,
         view_lecture_line, derived_circles, runs, cross_validation, presentation_mode)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots", type=Path)
    parser.add_argument("--keep-svg", action="store_true", help="keep the SVG files beside the PNGs")
    parser.add_argument("--only", nargs="*", metavar="NAME", help="only these pictures (function names)")
    args = parser.parse_args(argv)
    if shutil.which("rsvg-convert") is None:
        print("rsvg-convert not found: apt-get install librsvg2-bin fonts-firacode", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for make in SHOTS:
        if args.only and make.__name__ not in args.only:
            continue
        svg = asyncio.run(make(args.out))
        png = svg.with_suffix(".png")
        svg_to_png(svg, png)
        if not args.keep_svg:
            svg.unlink()
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
