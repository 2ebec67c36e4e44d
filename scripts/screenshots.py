"""Make the README's screenshots: drive the app with Pilot, save SVG, convert to PNG.

    python scripts/screenshots.py [--out screenshots]

Needs `rsvg-convert` (Debian/Ubuntu: `apt-get install librsvg2-bin fonts-firacode`).
Pictures: man_woman trained with the lecture's 2-2-1 network, xor while training, and
the dataset picker, at 140×45.
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
        app.stop_training()
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots", type=Path)
    parser.add_argument("--keep-svg", action="store_true", help="keep the SVG files beside the PNGs")
    args = parser.parse_args(argv)
    if shutil.which("rsvg-convert") is None:
        print("rsvg-convert not found: apt-get install librsvg2-bin fonts-firacode", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for make in (man_woman_trained, xor_training, dataset_picker):
        svg = asyncio.run(make(args.out))
        png = svg.with_suffix(".png")
        svg_to_png(svg, png)
        if not args.keep_svg:
            svg.unlink()
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
