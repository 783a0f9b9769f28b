"""The question browser: every question with filters, incremental search and a status mark.

The table fits the terminal's width: the status mark, title and id always show,
then the kind, level and topic as the room allows. Below about 90 columns each
question takes two lines, the title on the first and its id, kind and level on
the second, so no title is cut to a stub.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
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
FILTER_KEYS = {"topic": "t", "kind": "k", "difficulty": "d", "status": "f"}
FILTERS = tuple(FILTER_KEYS)
LEGEND = "   ".join(f"{MARKS[status]} {status}" for status in STATUSES)

TITLE_MIN = 50  # a narrower title column would wrap most titles (their median is about 50): two-line rows instead
OPTIONAL = ("kind", "level", "topic")  # added in this order while the title keeps TITLE_MIN


def table_columns(width: int, id_width: int, widths: dict[str, int]) -> tuple[list[str], int]:
    """The columns that fit `width` cells, and the width of the widest one (the title, or the two-line question).

    `id_width` is the longest id; `widths` the longest value of each optional column.
    Every column costs two cells of padding besides its content.
    """
    title = width - (1 + 2) - (id_width + 2) - 2
    if title < TITLE_MIN:
        return ["mark", "question"], width - (1 + 2) - 2
    columns = ["mark", "title", "id"]
    for name in OPTIONAL:
        if title - (widths[name] + 2) >= TITLE_MIN:
            title -= widths[name] + 2
            columns.append(name)
    return columns, title


def _longest(values) -> int:
    return max((len(value) for value in values), default=0)


class BrowserScreen(Screen):
    """A table of questions; typing in the search box filters as you type, enter opens."""

    # The table has the keys from the first moment: with Textual's default (the first focusable
    # widget, the search box) a "/" typed right after "b" went into the search as text.
    AUTO_FOCUS = "#question-table"

    BINDINGS = [
        Binding("slash", "focus_search", "Search", key_display="/"),
        # Each filter's key is in its own label ("any topic (t)"): the footer keeps 80 columns for the rest.
        *(Binding(key, f"focus_filter('{name}')", name.capitalize(), show=False, tooltip=f"Filter by {name}") for name, key in FILTER_KEYS.items()),
        Binding("x", "clear_filters", "Clear filters"),
        Binding("down", "to_table", "Results", show=False, tooltip="From the search box to the results (or enter)"),
    ]

    def __init__(self) -> None:
        """Rows come when the bank is there."""
        super().__init__()
        self.rows: list[Row] = []
        self.shown: list[Row] = []
        self.table_layout: tuple[list[str], int] = ([], 0)  # the table's columns and title width, as table_columns gives them

    def compose(self) -> ComposeResult:
        """Search box, four filters, the table, and a line for a broken question's error."""
        yield TitleBar()
        yield Input(placeholder="search titles, ids, tags…  (/)", id="search", compact=True)
        with Horizontal(id="filters"):
            for name in FILTERS:
                label = "level" if name == "difficulty" else name  # as the column says, and short enough for 80 columns
                yield Select([], prompt=f"any {label} ({FILTER_KEYS[name]})", id=f"filter-{name}", allow_blank=True, compact=True)
        yield DataTable(id="question-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="browser-detail")
        yield Static(LEGEND, id="browser-legend")
        yield Footer()

    def on_mount(self) -> None:
        """Fill as soon as the bank is loaded."""
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

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns to the new width."""
        if self.rows:
            self.apply_filters()

    def _fit_columns(self) -> None:
        """(Re)build the table's columns when the width calls for others."""
        table = self.query_one(DataTable)
        widths = {"kind": max(4, _longest(r.kind for r in self.rows)), "level": 5, "topic": max(5, _longest(r.topic for r in self.rows))}
        # The table's width less its margin and a vertical scrollbar's.
        layout = table_columns(self.size.width - 2 - 2, _longest(r.id for r in self.rows), widths)
        if layout == self.table_layout:
            return
        self.table_layout = layout
        columns, title_width = layout
        table.clear(columns=True)
        labels = {"mark": " ", "question": "question", "title": "title", "id": "id", "kind": "kind", "level": "level", "topic": "topic"}
        for name in columns:
            table.add_column(labels[name], key=name, width=title_width if name in ("title", "question") else None)

    def _cells(self, row: Row) -> list:
        title = Text(row.title, style="red" if row.status == "broken" else "")
        values = {"mark": MARKS[row.status], "title": title, "id": row.id, "kind": row.kind, "level": row.difficulty, "topic": row.topic}
        if "question" in self.table_layout[0]:
            about = Text(f"{row.id} · cannot be loaded" if row.error else " · ".join((row.id, row.kind, row.difficulty)), style="dim")
            values["question"] = Text.assemble(title, "\n", about)
        return [values[name] for name in self.table_layout[0]]

    def apply_filters(self, keep_cursor: bool = True) -> None:
        """Show the rows that pass the filters and the search (best match first).

        With `keep_cursor`, the question the cursor was on stays under it (back from that
        question, or after a filter that keeps it); a new search puts it on the best match.
        """
        self._fit_columns()
        table = self.query_one(DataTable)
        highlighted = self.shown[table.cursor_row].id if keep_cursor and 0 <= table.cursor_row < len(self.shown) else None
        self.shown = filter_rows(self.rows, query=self.query_one("#search", Input).value, **self.filters())
        table.clear()
        for row in self.shown:
            # A title longer than its column wraps (the row grows) rather than being cut.
            table.add_row(*self._cells(row), key=row.id, height=None)
        self.sub_title = f"{len(self.shown)} of {len(self.rows)} questions"
        index = next((i for i, row in enumerate(self.shown) if row.id == highlighted), 0)
        if self.shown:
            table.move_cursor(row=index, animate=False)
        self._show_detail(self.shown[index] if self.shown else None)

    def _show_detail(self, row: Row | None) -> None:
        detail = self.query_one("#browser-detail", Static)
        if row is None:
            detail.update("no question matches" if self.rows else "")
        elif row.error:
            detail.update(Text.assemble(("✗ broken: ", "red"), row.error))  # the error quotes the file: not markup
        else:
            # What the table does not show already, then the tags.
            on_screen = set(self.table_layout[0]) | ({"id", "kind", "level"} if "question" in self.table_layout[0] else set())
            about = [f"{MARKS[row.status]} {row.status}"]
            about += [value for name, value in (("id", row.id), ("kind", row.kind), ("level", row.difficulty), ("topic", row.topic)) if name not in on_screen]
            detail.update(Text("  ·  ".join([*about, ", ".join(row.tags)] if row.tags else about)))

    def on_input_changed(self, event: Input.Changed) -> None:
        """Incremental search: the best match is under the cursor, so enter opens it."""
        self.apply_filters(keep_cursor=False)

    def action_to_table(self) -> None:
        """Move from the search box (or anywhere that ignores down) into the results."""
        self.query_one(DataTable).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search box opens the best match (under the cursor); with no match, the table takes the focus."""
        table = self.query_one(DataTable)
        table.focus()
        if 0 <= table.cursor_row < len(self.shown):
            self._open(self.shown[table.cursor_row])

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
        if row is not None:
            self._open(row)

    def _open(self, row) -> None:
        if row.error:
            self.notify(f"{row.id} is broken: {row.error}", severity="error", timeout=8, markup=False)
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
