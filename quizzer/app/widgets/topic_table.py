"""TopicTable: solved / attempted / total per topic, with a small bar."""

from __future__ import annotations

from textual.widgets import DataTable

from quizzer.core.progress import topic_progress

BAR_WIDTH = 10


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A text progress bar, e.g. '███░░░░░░░'."""
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


class TopicTable(DataTable):
    """One row per topic; shows 'loading' until the bank is there."""

    def on_mount(self) -> None:
        """Columns."""
        self.cursor_type = "none"
        self.add_columns("topic", "✓", "◐", "all", "")

    def show(self, bank, status: dict[str, str]) -> None:
        """Fill the table from the bank and Store.status()."""
        self.clear()
        if bank is None:
            self.add_row("loading…", "", "", "", "")
            return
        for row in topic_progress(bank, status):
            self.add_row(row.topic, str(row.solved), str(row.attempted), str(row.total), bar(row.solved, row.total))
