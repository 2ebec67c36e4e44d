"""PathSuggester: completes a typed file path from what is on disk (→ or End accepts)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester

from tui_nn.data.readers import READERS

DATA_SUFFIXES = tuple(suffix for reader in READERS for suffix in reader.suffixes)
"""Every suffix a reader of `tui_nn.data.readers` takes (a new format is offered here too)."""
CHECKPOINT_SUFFIXES = (".npz",)


class PathSuggester(Suggester):
    """Suggest the first directory entry that starts with the typed text.

    Directories are suggested with a trailing slash so completion can go on into them;
    files only when their suffix is one of `suffixes` (hidden entries only when asked for).
    """

    def __init__(self, suffixes: tuple[str, ...] = DATA_SUFFIXES) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffixes = suffixes

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, prefix = os.path.split(expanded)
        try:
            entries = sorted(os.scandir(folder or "."), key=lambda e: (not e.is_dir(), e.name))
        except OSError:
            return None
        for entry in entries:
            if not entry.name.startswith(prefix) or entry.name == prefix:
                continue
            if entry.name.startswith(".") and not prefix.startswith("."):
                continue
            is_dir = entry.is_dir()
            if not is_dir and Path(entry.name).suffix.lower() not in self.suffixes:
                continue
            # Keep what the user typed (e.g. `~/`) and append the rest of the name.
            return value + entry.name[len(prefix):] + ("/" if is_dir else "")
        return None
