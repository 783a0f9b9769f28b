"""The stats screen: attempts over time and retention by topic, as terminal charts and as tables.

Attempts per day are drawn with textual-plotext, retention by topic as one
text bar per topic (RetentionBars: it always agrees with its table); `t`
switches to plain tables (also the fallback when textual-plotext is not installed).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from quizzer.app.widgets.retention_bars import RetentionBars
from quizzer.app.widgets.title_bar import TitleBar
from quizzer.core.stats import Day, TopicRetention, attempts_per_day, retention_by_topic

DAYS = 30

try:
    from textual_plotext import PlotextPlot
except ImportError:  # the tables still show everything
    PlotextPlot = None


class StatsScreen(Screen):
    """Attempts per day over the last 30 days, and the share of reviews remembered per topic."""

    DEFAULT_CSS = """
    StatsScreen #stats-summary { padding: 0 1; height: auto; }
    StatsScreen #stats-charts { height: 1fr; }
    StatsScreen #stats-charts PlotextPlot { height: 1fr; min-height: 8; }
    StatsScreen #retention-bars { max-height: 50%; }
    StatsScreen #stats-tables { height: 1fr; }
    StatsScreen #stats-tables DataTable { width: 1fr; height: 1fr; }
    StatsScreen #stats-tables #attempts-table { width: auto; margin-right: 2; }  /* its content: the rest for the topics */
    StatsScreen .-hidden { display: none; }
    """
    BINDINGS = [Binding("t", "toggle_tables", "Charts/tables"), Binding("r", "refresh_stats", "Refresh")]

    def __init__(self) -> None:
        super().__init__()
        self.days: list[Day] = []
        self.topics: list[TopicRetention] = []

    def compose(self) -> ComposeResult:
        """Summary, charts (if textual-plotext is there), tables."""
        yield TitleBar()
        yield Static(id="stats-summary")
        if PlotextPlot is not None:
            with Vertical(id="stats-charts"):
                yield PlotextPlot(id="attempts-plot")
                yield RetentionBars("Reviews remembered by topic", id="retention-bars")
        with Horizontal(id="stats-tables", classes="-hidden" if PlotextPlot is not None else ""):
            yield DataTable(id="attempts-table", cursor_type="row")
            yield DataTable(id="retention-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        """Compute and draw; the bank (for topics) may arrive later."""
        self.sub_title = "stats"
        self.watch(self.app, "bank", lambda _bank: self.action_refresh_stats())

    def action_refresh_stats(self) -> None:
        """Read the store again and redraw."""
        self.days = attempts_per_day(self.app.store, self.app.now(), DAYS)
        self.topics = retention_by_topic(self.app.store, self.app.bank)
        total = sum(day.attempts for day in self.days)
        solved = sum(status == "solved" for status in self.app.store.status().values())
        reviews = sum(topic.reviews for topic in self.topics)
        remembered = sum(topic.remembered for topic in self.topics)
        rate = f"{remembered / reviews:.0%} remembered" if reviews else "no reviews yet"
        self.query_one("#stats-summary", Static).update(
            f"{total} attempt{'s' * (total != 1)} in the last {DAYS} days · {solved} question{'s' * (solved != 1)} solved · {reviews} review{'s' * (reviews != 1)}, {rate}"
        )
        self._fill_tables()
        if PlotextPlot is not None:
            self._draw()

    def _fill_tables(self) -> None:
        attempts = self.query_one("#attempts-table", DataTable)
        attempts.clear(columns=True)
        attempts.add_columns("day", "attempts", "accepted")
        for day in reversed(self.days):
            if day.attempts:
                attempts.add_row(day.day.isoformat(), str(day.attempts), str(day.accepted))
        retention = self.query_one("#retention-table", DataTable)
        retention.clear(columns=True)
        retention.add_columns("topic", "reviews", "remembered", "rate")
        for topic in self.topics:
            retention.add_row(topic.topic, str(topic.reviews), str(topic.remembered), f"{topic.rate:.0%}")

    def _draw(self) -> None:
        labels = [day.day.strftime("%d/%m") for day in self.days]
        plot = self.query_one("#attempts-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(f"Attempts per day (last {DAYS} days)")
        plt.multiple_bar(labels, [[d.attempts - d.accepted for d in self.days], [d.accepted for d in self.days]], labels=["not accepted", "accepted"])
        plt.xticks(list(range(1, len(labels) + 1, 7)), labels[::7])
        most = max((d.attempts for d in self.days), default=0)
        plt.yticks(list(range(0, most + 1, max(1, (most + 4) // 5))))  # whole attempts only
        plot.refresh()
        self.query_one("#retention-bars", RetentionBars).show(self.topics)

    def action_toggle_tables(self) -> None:
        """Switch between the charts and the tables."""
        if PlotextPlot is None:
            self.notify("Charts need textual-plotext; showing tables.")
            return
        self.query_one("#stats-charts").toggle_class("-hidden")
        self.query_one("#stats-tables").toggle_class("-hidden")
