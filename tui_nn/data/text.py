"""How names and values from a file appear in messages and notes: on one line, not too long.

A cell may hold a newline (a quoted multi-line field), a tab or any control character; the
contract that every message is one line holds only if every such value passes through here.
"""

from __future__ import annotations

import shlex
from typing import Iterable

from tui_nn.words import plural  # noqa: F401 — the one plural helper; the readers import it from here


def show(value: object, limit: int = 40) -> str:
    """A value as a message quotes it: control characters escaped (\\n), cut at `limit`."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_list(values: Iterable[object], most: int = 8) -> str:
    """`a, b, c` (and `, …` after `most` items) for listing classes, categories, columns."""
    values = list(values)
    shown = ", ".join(show(v) for v in values[:most])
    return shown + (", …" if len(values) > most else "")


def clean_name(name: str) -> str:
    """A column name from a header, trimmed, with line breaks and tabs turned into spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in name).split())


def drop_advice(name: str) -> str:
    """`--drop NAME` as a shell takes it: a name with spaces or quotes is quoted (`--drop 'Individual ID'`)."""
    return "--drop " + shlex.quote(name)


