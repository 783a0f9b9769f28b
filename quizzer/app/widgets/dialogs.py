"""Small modal dialogs: a yes/no question, a one-line text prompt, and asking to give up on a question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class Confirm(ModalScreen[bool]):
    """Ask a yes/no question; dismisses with True (y) or False (n, escape)."""

    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]
    DEFAULT_CSS = """
    Confirm, PathPrompt { align: center middle; }
    .dialog { width: 60; max-width: 90%; height: auto; border: round $accent; background: $surface; padding: 1 2; }
    .dialog Label { width: 100%; }  /* wraps a long question instead of cutting it off */
    .dialog Horizontal { height: auto; margin-top: 1; }
    .dialog Button { margin-right: 2; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(classes="dialog"):
            yield Label(self.question)
            with Horizontal():
                yield Button("Yes (y)", id="yes", variant="warning")
                yield Button("No (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """A key answers."""
        self.dismiss(yes)


class PathPrompt(ModalScreen[str | None]):
    """Ask for one line of text (a path); dismisses with it, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = Confirm.DEFAULT_CSS

    def __init__(self, title: str, placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        """A title and the input."""
        with Vertical(classes="dialog"):
            yield Label(self.title_text)
            yield Input(placeholder=self.placeholder, id="path-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter gives the text."""
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        """Escape gives nothing."""
        self.dismiss(None)


def give_up_then(screen, question_id: str, show_walkthrough) -> None:
    """Ask whether to give up on a question; on yes, record it (reviewed as Again) and `show_walkthrough()`."""
    from quizzer.core import review

    def answered(yes: bool | None) -> None:
        if yes:
            review.give_up(screen.app.store, question_id, screen.app.now())
            show_walkthrough()

    screen.app.push_screen(Confirm("Give up and read the walkthrough? The question comes back for review soon."), answered)
