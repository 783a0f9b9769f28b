"""The home screen: what is due today, progress by topic, recent activity, and where you left off."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from quizzer.app.widgets.title_bar import TitleBar
from quizzer.app.widgets.topic_table import TopicTable
from quizzer.core import review
from quizzer.core.progress import ago
from quizzer.core.verdicts import verdict_label


class HomeScreen(Screen):
    """The first screen; its data is re-read each time it comes back to the front, and every
    REFRESH_S seconds while it is shown (reviews fall due, `quizzer submit` records from a shell)."""

    REFRESH_S = 30.0

    BINDINGS = [
        Binding("b", "app.browse", "Browse"),
        Binding("r", "app.review", "Review due"),
        Binding("c", "app.continue", "Continue"),
        Binding("m", "app.mock", "Mock"),
        Binding("s", "app.stats", "Stats"),
    ]

    def compose(self) -> ComposeResult:
        """Due list and topic table side by side; recent activity and the 'continue' line below."""
        yield TitleBar()
        with Horizontal(id="home-top"):
            with Vertical(id="home-due", classes="panel"):
                yield OptionList(id="due-list")
            with Vertical(id="home-topics", classes="panel"):
                yield TopicTable(id="topic-table")
        with Vertical(id="home-recent", classes="panel"):
            yield DataTable(id="recent-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="continue-line")
        yield Footer()

    def on_mount(self) -> None:
        """Set panel titles and columns; refresh now and whenever the bank arrives."""
        self.query_one("#home-due").border_title = "Due today"
        self.query_one("#home-topics").border_title = "Progress by topic"
        self.query_one("#home-recent").border_title = "Recent"
        self.query_one("#recent-table", DataTable).add_columns("when", "outcome", "question")
        self.watch(self.app, "bank", lambda _: self.refresh_data(), init=False)
        self.refresh_data()
        self.set_interval(self.REFRESH_S, self._refresh_if_shown)

    def _refresh_if_shown(self) -> None:
        if self.app.screen is self:
            self.refresh_data()

    def on_screen_resume(self) -> None:
        """Coming back from a question: the numbers may have changed."""
        self.refresh_data()

    def _title(self, question_id: str) -> str:
        question = self.app.bank.get(question_id) if self.app.bank else None
        return question.spec.title if question else question_id

    def refresh_data(self) -> None:
        """Re-read due reviews, progress, recent activity and the last question touched."""
        store, now = self.app.store, self.app.now()
        due = review.due(store, now)
        due_list = self.query_one("#due-list", OptionList)
        wanted = [Option(self._title(q), id=q) for q in due] or [Option("Nothing due. Press b to browse the questions.", disabled=True)]
        if [(o.id, str(o.prompt)) for o in due_list.options] != [(o.id, str(o.prompt)) for o in wanted]:
            # Only when it changed: a refresh must not move the cursor of someone choosing.
            highlighted = due_list.highlighted_option.id if due_list.highlighted_option else None
            due_list.clear_options()
            due_list.add_options(wanted)
            if highlighted in due:
                due_list.highlighted = due.index(highlighted)
        self.query_one("#home-due").border_title = f"Due today ({len(due)})"

        self.query_one(TopicTable).show(self.app.bank, store.status())

        recent = self.query_one("#recent-table", DataTable)
        cursor = recent.cursor_row
        recent.clear()
        for row, item in enumerate(store.activity(limit=20)):
            outcome = item.what
            if outcome.startswith("graded "):
                outcome = "self-graded " + review.RATING_NAMES.get(int(outcome.split()[1]), "?")
            recent.add_row(ago(item.at, now), verdict_label(outcome), self._title(item.question), key=f"{item.question}@{row}")  # unique even when two happen at once
        if recent.row_count == 0:
            recent.add_row("", "", "No attempts yet: ? shows every key, ctrl+p every command.")
        recent.move_cursor(row=min(cursor, recent.row_count - 1), animate=False)

        last = store.last_touched()
        line = self.query_one("#continue-line", Static)
        line.update(f"[b]c[/b]  continue where you left off: {self._title(last)}" if last else "[b]b[/b]  browse the questions to start")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a due question opens it."""
        if event.option.id:
            self.app.open_question(event.option.id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a recent attempt opens its question."""
        key = event.row_key.value or ""
        if "@" in key:
            self.app.open_question(key.split("@", 1)[0])
