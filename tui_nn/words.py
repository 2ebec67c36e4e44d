"""Words for people: the one plural helper every message uses (`1 epoch`, `3 epochs`).

A leaf module (no imports from tui_nn), so the engine, the data layer, the CLI and the app
can all use it without importing one another.
"""

from __future__ import annotations

IRREGULAR = {"bias": "biases", "class": "classes"}
"""Plurals that are not the word and an s."""


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 epoch`, `3 epochs`, `0 layers`, `2 biases` (or `words` for any other irregular plural)."""
    return f"{count} {word if count == 1 else (words or IRREGULAR.get(word) or word + 's')}"
