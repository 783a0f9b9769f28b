"""GradeBar: the four self-grade buttons (1 Again, 2 Hard, 3 Good, 4 Easy)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Label

from quizzer.core.review import RATING_NAMES

VARIANTS = {1: "error", 2: "warning", 3: "primary", 4: "success"}
MEANINGS = {1: "forgot, or wrong", 2: "recalled with effort", 3: "recalled after thought", 4: "recalled at once"}

# The screens that grade bind these (the footer has the buttons; help and the palette list them).
GRADE_BINDINGS = [
    Binding(str(rating), f"grade({rating})", name, show=False, tooltip=f"Grade yourself {name} ({MEANINGS[rating]})")
    for rating, name in RATING_NAMES.items()
]


class GradeBar(Horizontal):
    """Click a grade or press its digit (the screen binds 1-4); posts GradeBar.Graded."""

    class Graded(Message):
        """The user picked a rating (1-4)."""

        def __init__(self, rating: int) -> None:
            super().__init__()
            self.rating = rating

    def compose(self) -> ComposeResult:
        """A label and one button per rating."""
        yield Label("Grade yourself:", id="grade-label")
        for rating, name in RATING_NAMES.items():
            yield Button(f"{rating} {name}", variant=VARIANTS[rating], id=f"grade-{rating}", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A grade button was pressed."""
        event.stop()
        self.post_message(self.Graded(int(event.button.id.removeprefix("grade-"))))
