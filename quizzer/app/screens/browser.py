"""The question browser: every question with filters, incremental search and a status mark."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Select, Static

from quizzer.app.widgets.title_bar import TitleBar
from quizzer.core import review
from quizzer.core.progress import Row, browser_rows, filter_rows

MARKS = {"new": "·", "attempted": "◐", "solved": "✓", "due": "↻", "broken": "✗"}
STATUSES = ["new", "attempted", "solved", "due", "broken"]
FILTERS = ("topic", "kind", "difficulty", "status")


class BrowserScreen(Screen):
    """A table of questions; typing in the search box filters as you type, enter opens."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("t", "focus_filter('topic')", "Topic"),
        Binding("k", "focus_filter('kind')", "Kind"),
        Binding("d", "focus_filter('difficulty')", "Difficulty"),
        Binding("f", "focus_filter('status')", "Status"),
        Binding("x", "clear_filters", "Clear filters"),
        Binding("down", "to_table", "Results", show=False),  # from the search box, down goes to the results
    ]

    def __init__(self) -> None:
        """Rows come when the bank is there."""
        super().__init__()
        self.rows: list[Row] = []
        self.shown: list[Row] = []

    def compose(self) -> ComposeResult:
        """Search box, four filters, the table, and a line for a broken question's error."""
        yield TitleBar()
        yield Input(placeholder="search titles, ids, tags…  (/)", id="search", compact=True)
        with Horizontal(id="filters"):
            for name in FILTERS:
                yield Select([], prompt=f"any {name}", id=f"filter-{name}", allow_blank=True, compact=True)
        yield DataTable(id="question-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="browser-detail")
        yield Footer()

    def on_mount(self) -> None:
        """Columns; fill as soon as the bank is loaded."""
        self.query_one(DataTable).add_columns(" ", "kind", "level", "topic", "title")
        self.query_one(DataTable).focus()
        self.watch(self.app, "bank", self._bank_changed, init=True)

    def _bank_changed(self, bank) -> None:
        if bank is None:
            self.query_one("#browser-detail", Static).update("loading the question bank…")
            return
        self.reload()
        options = {
            "topic": sorted({r.topic for r in self.rows}),
            "kind": ["coding", "concept", "choice", "numeric"],
            "difficulty": ["easy", "medium", "hard"],
            "status": STATUSES,
        }
        for name, values in options.items():
            self.query_one(f"#filter-{name}", Select).set_options((value, value) for value in values)

    def on_screen_resume(self) -> None:
        """Back from a question: its mark may have changed."""
        if self.app.bank is not None:
            self.reload()

    def reload(self) -> None:
        """Re-read the statuses and show the rows."""
        self.rows = browser_rows(self.app.bank, review.statuses(self.app.store, self.app.now()))
        self.apply_filters()

    def filters(self) -> dict[str, str]:
        """The current filter values (empty string: any)."""
        values = {}
        for name in FILTERS:
            value = self.query_one(f"#filter-{name}", Select).value
            values[name] = value if isinstance(value, str) else ""
        return values

    def apply_filters(self) -> None:
        """Show the rows that pass the filters and the search."""
        table = self.query_one(DataTable)
        highlighted = self.shown[table.cursor_row].id if 0 <= table.cursor_row < len(self.shown) else None
        self.shown = filter_rows(self.rows, query=self.query_one("#search", Input).value, **self.filters())
        table.clear()
        for row in self.shown:
            mark = MARKS[row.status]
            title = f"[red]{row.title}[/red]" if row.status == "broken" else row.title
            table.add_row(mark, row.kind, row.difficulty, row.topic, title, key=row.id)
        self.sub_title = f"{len(self.shown)} of {len(self.rows)} questions"
        # The question the cursor was on stays under it (back from that question, or after a filter that keeps it).
        index = next((i for i, row in enumerate(self.shown) if row.id == highlighted), 0)
        if self.shown:
            table.move_cursor(row=index, animate=False)
        self._show_detail(self.shown[index] if self.shown else None)

    def _show_detail(self, row: Row | None) -> None:
        detail = self.query_one("#browser-detail", Static)
        if row is None:
            detail.update("no question matches" if self.rows else "")
        elif row.error:
            detail.update(f"[red]✗ broken:[/red] {row.error}")
        else:
            detail.update(f"{MARKS[row.status]} {row.status}  ·  {row.id}" + (f"  ·  {', '.join(row.tags)}" if row.tags else ""))

    def on_input_changed(self, event: Input.Changed) -> None:
        """Incremental search."""
        self.apply_filters()

    def action_to_table(self) -> None:
        """Move from the search box (or anywhere that ignores down) into the results."""
        self.query_one(DataTable).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search box: go to the table."""
        self.query_one(DataTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        """A filter changed."""
        if self.rows:
            self.apply_filters()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the highlighted question's status, or its error if broken."""
        if 0 <= event.cursor_row < len(self.shown):
            self._show_detail(self.shown[event.cursor_row])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter opens the question (a broken one explains itself instead)."""
        row = next((r for r in self.shown if r.id == event.row_key.value), None)
        if row is None:
            return
        if row.error:
            self.notify(f"{row.id} is broken: {row.error}", severity="error", timeout=8)
        else:
            self.app.open_question(row.id)

    def action_focus_search(self) -> None:
        """Jump to the search box."""
        self.query_one("#search", Input).focus()

    def action_focus_filter(self, name: str) -> None:
        """Open one filter's menu."""
        select = self.query_one(f"#filter-{name}", Select)
        select.focus()
        select.action_show_overlay()  # textual's own way in: the menu opens on its current choice, not on nothing

    def action_clear_filters(self) -> None:
        """Clear the search and every filter."""
        self.query_one("#search", Input).value = ""
        for name in FILTERS:
            self.query_one(f"#filter-{name}", Select).clear()
        self.apply_filters()
