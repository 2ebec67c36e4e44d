"""WidthAwareFooter: the footer leaves out what does not fit the terminal's width.

Each action says from how many columns the footer shows it (`actions.Action.min_width`);
in a narrower terminal its entry is left out, while its key goes on acting (the binding
is untouched). Textual's own Footer shows every binding or none of it, and hiding one
through `check_action` would also disable its key.

A focused widget's own keys (the Runs table's enter) come first: the app's keys then have
the columns left beside them, so each `min_width` counts from the room that is left.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

from tui_nn.tui.actions import PALETTE_MIN_WIDTH, footer_room


class WidthAwareFooter(Footer):
    """Textual's Footer (8.x) with one more rule: an entry needs its action's `min_width`."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.app.size.width
        active_bindings = self.screen.active_bindings
        own = [binding for node, binding, _, _ in active_bindings.values()
               if node is not self.app and binding.show and width >= footer_room(binding.action)]
        # A compact entry is "key label" and a column of gap.
        room = width - sum(cell_len(self.app.get_key_display(b)) + cell_len(b.description) + 2 for b in own)
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for node, binding, enabled, tooltip in active_bindings.values():
            if binding.show and (width if node is not self.app else room) >= footer_room(binding.action):
                by_action[binding.action].append((binding, enabled, tooltip))
        self.styles.grid_size_columns = len(by_action)
        for group, entries_iterable in groupby(by_action.values(), lambda entries: entries[0][0].group):
            entries = list(entries_iterable)
            if group is not None and len(entries) > 1:
                with KeyGroup(classes="-compact" if group.compact else ""):
                    for binding, enabled, tooltip in (entry[0] for entry in entries):
                        yield FooterKey(binding.key, self.app.get_key_display(binding), "", binding.action,
                                        disabled=not enabled, tooltip=tooltip or binding.description,
                                        classes="-grouped").data_bind(compact=Footer.compact)
                yield FooterLabel(group.description)
                continue
            for binding, enabled, tooltip in (entry[0] for entry in entries):
                yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                                disabled=not enabled, tooltip=tooltip).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and room >= PALETTE_MIN_WIDTH:
            try:
                _node, binding, enabled, tooltip = active_bindings[self.app.COMMAND_PALETTE_BINDING]
            except KeyError:
                return
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            classes="-command-palette", disabled=not enabled, tooltip=binding.tooltip or binding.description)
