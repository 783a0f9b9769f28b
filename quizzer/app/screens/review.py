"""The review session: walk through the questions due today, one after another."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from quizzer.app.widgets.title_bar import TitleBar
from quizzer.core import review

MARKS = {"due": "↻", "done": "✓", "skipped": "–"}


class ReviewScreen(Screen):
    """The due queue, fixed when the session starts. Enter answers the next one.

    Concept, choice and numeric questions open the answer screen, coding ones the code
    editor. Grading moves straight on to the next; leaving a question with escape comes
    back here (enter goes on, s skips it).
    """

    BINDINGS = [
        Binding("enter", "next", "Next question"),
        Binding("s", "skip", "Skip"),
    ]

    def __init__(self) -> None:
        """The queue is read when the bank is there."""
        super().__init__()
        self.queue: list[str] = []
        self.state: dict[str, str] = {}
        self.current: str | None = None

    def compose(self) -> ComposeResult:
        """A line of progress over the table of due questions."""
        yield TitleBar()
        yield Static(id="review-progress")
        yield DataTable(id="review-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Columns; the queue once the bank is loaded."""
        self.sub_title = "review due"
        self.query_one(DataTable).add_columns(" ", "question", "kind", "topic")
        self.watch(self.app, "bank", self._bank_changed, init=True)

    def _bank_changed(self, bank) -> None:
        if bank is None:
            self.query_one("#review-progress", Static).update("loading the question bank…")
            return
        if not self.queue:
            self.queue = [q for q in review.due(self.app.store, self.app.now()) if bank.get(q) is not None]
            self.state = {q: "due" for q in self.queue}
        self.show()

    def show(self) -> None:
        """Redraw the table and the progress line."""
        table = self.query_one(DataTable)
        table.clear()
        for question_id in self.queue:
            spec = self.app.bank.get(question_id).spec
            table.add_row(MARKS[self.state[question_id]], spec.title, spec.kind.value, spec.topic, key=question_id)
        done = sum(state != "due" for state in self.state.values())
        line = self.query_one("#review-progress", Static)
        if not self.queue:
            line.update("Nothing is due for review. Come back tomorrow, or browse new questions (escape, then b).")
        elif done == len(self.queue):
            line.update(f"Session done: {len(self.queue)} reviewed. Escape goes back.")
        else:
            line.update(f"{done} of {len(self.queue)} done. Enter: next question · s: skip · escape: stop")
        upcoming = self._next_due()
        if upcoming is not None:
            table.move_cursor(row=self.queue.index(upcoming))

    def _next_due(self) -> str | None:
        return next((q for q in self.queue if self.state[q] == "due"), None)

    def action_next(self) -> None:
        """Answer the next due question (or the highlighted one, if still due)."""
        table = self.query_one(DataTable)
        highlighted = self.queue[table.cursor_row] if self.queue and 0 <= table.cursor_row < len(self.queue) else None
        target = highlighted if highlighted and self.state[highlighted] == "due" else self._next_due()
        if target is None:
            self.notify("Nothing left to review in this session.")
            return
        self.current = target
        self.app.answer(self.app.bank.get(target), self._answered)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on the table (it has focus) does the same as the Next key."""
        self.action_next()

    def action_skip(self) -> None:
        """Leave the next due question for later."""
        target = self._next_due()
        if target is not None:
            self.state[target] = "skipped"
            self.show()

    def _answered(self, rating: int | None) -> None:
        # Called when the answer screen dismisses with a rating: mark it and go on.
        if self.current is not None and rating is not None:
            self.state[self.current] = "done"
            self.show()
            if self._next_due() is not None:
                self.call_after_refresh(self.action_next)

    def on_screen_resume(self) -> None:
        """Back without a grade (escape, or the code editor closed): done if the card is no longer due."""
        if self.current is not None and self.state.get(self.current) == "due":
            if self.current not in review.due(self.app.store, self.app.now()):
                self.state[self.current] = "done"
        if self.queue:
            self.show()
