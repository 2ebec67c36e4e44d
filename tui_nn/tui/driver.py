"""Drive the real app without a terminal: press keys, wait, save the screen.

    tui-nn xor --headless --keys "space,wait:2,space" --screenshot xor.svg

The keys are Textual key names (`space`, `enter`, `ctrl+s`, `question_mark`) or single
characters (`n`, `+`, `?`), separated by commas; `wait:N` waits N seconds (training goes
on meanwhile). A key spec is checked before the app starts, so a typo is a one-line error
and not a silent no-op. Scripts and `scripts/screenshots.py` use this for `screenshots/`.
"""

from __future__ import annotations

import math
import os
import unicodedata
from dataclasses import dataclass
from typing import Any, Sequence, Union

from tui_nn.errors import TuiNNError

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
DEFAULT_SIZE = (140, 45)
"""Columns and rows of the headless screen (the README's screenshots use this size)."""
MAX_WAIT_S = 3600.0


@dataclass(frozen=True)
class Press:
    """Press one key."""

    key: str


@dataclass(frozen=True)
class Wait:
    """Let the app run for `seconds` (workers go on; the UI keeps drawing)."""

    seconds: float


Step = Union[Press, Wait]


def _known_key(name: str) -> bool:
    """True for a key Textual knows: a single character, a named key, or a character's name."""
    from textual.keys import KEY_NAME_REPLACEMENTS, REPLACED_KEYS, Keys  # noqa: PLC0415

    if len(name) == 1:
        return name.isprintable()
    if name in REPLACED_KEYS or name in KEY_NAME_REPLACEMENTS or name in {k.value for k in Keys}:
        return True
    if name.startswith("f") and name[1:].isdigit() and 1 <= int(name[1:]) <= 24:
        return True
    try:  # `question_mark`, `left_square_bracket`: Textual names characters by their Unicode name
        unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        return False
    return True


def parse_key(item: str) -> Press:
    """`ctrl+s` → Press("ctrl+s"); TuiNNError naming the item when Textual has no such key."""
    if item.endswith("++"):  # `ctrl++`: the key is the plus sign itself
        mods, base = (item[:-2].split("+") if item[:-2] else []), "+"
    elif item == "+":
        mods, base = [], "+"
    else:
        *mods, base = item.split("+")
    bad_mods = [m for m in mods if m not in MODIFIERS]
    if bad_mods or not base or not _known_key(base if len(base) == 1 else base.lower()):
        raise TuiNNError(
            f'bad --keys item "{item}": not a key; use names like space, enter, escape, up, ctrl+s, '
            "question_mark or single characters, and wait:SECONDS"
        )
    return Press("+".join([*mods, base if len(base) == 1 else base.lower()]))


def parse_keys(text: str) -> tuple[Step, ...]:
    """Parse `"space,wait:2,n"`; raises TuiNNError (what is wrong, what to write) for a bad item."""
    items = [item.strip() for item in text.split(",")]
    if not text.strip() or any(not item for item in items):
        raise TuiNNError(f'bad --keys "{text}": write keys separated by commas, e.g. "space,wait:2,space"')
    steps: list[Step] = []
    for item in items:
        if item.lower().startswith("wait:"):
            number = item.split(":", 1)[1]
            try:
                seconds = float(number)
            except ValueError:
                raise TuiNNError(f'bad --keys item "{item}": "{number}" is not a number of seconds') from None
            if not (math.isfinite(seconds) and 0 <= seconds <= MAX_WAIT_S):
                raise TuiNNError(f'bad --keys item "{item}": wait between 0 and {MAX_WAIT_S:g} seconds')
            steps.append(Wait(seconds))
        else:
            steps.append(parse_key(item))
    return tuple(steps)


def parse_size(text: str) -> tuple[int, int]:
    """`140x45` → (140, 45)."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise TuiNNError(f'bad --size "{text}": write COLUMNSxROWS, e.g. 140x45') from None
    if not (20 <= width <= 1000 and 5 <= height <= 500):
        raise TuiNNError(f"bad --size {text}: between 20x5 and 1000x500")
    return width, height


def check_screenshot_path(path: str) -> str:
    """The screenshot's path, made absolute; TuiNNError when its folder does not exist."""
    full = os.path.abspath(os.path.expanduser(path))
    folder = os.path.dirname(full)
    if not os.path.isdir(folder):
        raise TuiNNError(f"--screenshot {path}: the folder {folder} does not exist")
    if not full.lower().endswith(".svg"):
        raise TuiNNError(f"--screenshot {path}: the screen is saved as SVG: name the file .svg")
    return full


async def drive(pilot: Any, steps: Sequence[Step]) -> None:
    """Press and wait through `steps` on a running app (Pilot: `run_test` or `run(auto_pilot=...)`)."""
    for step in steps:
        if isinstance(step, Wait):
            await pilot.pause(step.seconds or None)
        else:
            await pilot.press(step.key)


async def settle(pilot: Any) -> None:
    """Let start-up work finish (the dataset loads in a worker) before the first key."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def run_headless(app: Any, steps: Sequence[Step], screenshot: str | None = None,
                 size: tuple[int, int] = DEFAULT_SIZE) -> int:
    """Run `app` without a terminal: settle, drive `steps`, save `screenshot` (SVG), exit; the exit code."""
    saved: list[str] = []

    async def autopilot(pilot: Any) -> None:
        await settle(pilot)
        await drive(pilot, steps)
        await pilot.pause()
        if screenshot:
            folder, name = os.path.split(screenshot)
            saved.append(app.save_screenshot(filename=name, path=folder))
        app.exit(0)

    result = app.run(headless=True, size=size, auto_pilot=autopilot)
    if app.return_code:
        return int(app.return_code)
    return int(result or 0)
