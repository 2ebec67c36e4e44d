"""ChoiceScreen: a question with a few answers, each on a key (and a button for the mouse)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


@dataclass(frozen=True)
class Choice:
    """One answer: the key that picks it, the button text, the value returned."""

    key: str
    label: str
    value: str
    variant: str = "default"


class ChoiceScreen(ModalScreen[str]):
    """Ask `question`; dismiss with the picked choice's value (escape: `cancel`)."""

    def __init__(self, title: str, question: str, choices: list[Choice], cancel: str = "cancel") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.choices = choices
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-dialog", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question, id="choice-question")
            with Horizontal(id="choice-buttons"):
                for choice in self.choices:
                    yield Button(f"{choice.label} ({choice.key})", variant=choice.variant, id=f"choice-{choice.value}")

    def on_mount(self) -> None:
        # The answer that changes nothing has the focus: an Enter meant for something else is harmless.
        safe = self.query(f"#choice-{self.cancel}")
        (safe.first() if safe else self.query_one(Button)).focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.dismiss(self.cancel)
            return
        for choice in self.choices:
            if event.key == choice.key or event.character == choice.key:
                event.stop()
                self.dismiss(choice.value)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id.removeprefix("choice-"))
