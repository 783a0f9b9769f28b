"""The stats: attempts per day and retention by topic (quizzer.core.stats) and the screen that draws them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pilot import pilot_test, screen_lines, until
from textual.widgets import DataTable

from quizzer.app.app import QuizzerApp
from quizzer.app.screens.stats import StatsScreen
from quizzer.core.bank import load_bank
from quizzer.core.stats import attempts_per_day, retention_by_topic
from quizzer.core.store import Attempt, Store

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def fill(store: Store) -> None:
    """Two attempts today (one accepted), one three days ago, one too old to show; three reviews."""
    for i, (days_ago, verdict) in enumerate(((0, "accepted"), (0, "wrong_answer"), (3, "runtime_error"), (40, "accepted"))):
        at = (NOW - timedelta(days=days_ago, minutes=i)).timestamp()
        store.record_attempt(Attempt("numpy-lstm-cell", at, verdict, 1, 2, 10))
    with store.transaction() as db:
        for i, (question, rating) in enumerate((("numpy-lstm-cell", 1), ("numpy-lstm-cell", 3), ("no-such-question", 4))):
            at = (NOW - timedelta(minutes=30 + i)).timestamp()
            db.execute("INSERT INTO review_log (question, at, rating, log) VALUES (?, ?, ?, '{}')", (question, at, rating))


def test_attempts_per_day_counts_the_window_only():
    store = Store()
    fill(store)
    days = attempts_per_day(store, NOW, days=30, tz=timezone.utc)
    assert len(days) == 30 and days[-1].day == NOW.date() and days[0].day == NOW.date() - timedelta(days=29)
    assert (days[-1].attempts, days[-1].accepted) == (2, 1)
    assert (days[-4].attempts, days[-4].accepted) == (1, 0)
    assert sum(day.attempts for day in days) == 3


def test_retention_by_topic():
    store = Store()
    fill(store)
    rows = retention_by_topic(store, load_bank())
    assert [(r.topic, r.reviews, r.remembered) for r in rows] == [("other", 1, 1), ("recurrent", 2, 1)]
    assert rows[1].rate == 0.5


@pilot_test
async def test_stats_screen_draws_charts_and_tables():
    fill(Store())
    app = QuizzerApp(clock=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.bank is None:
            assert app.is_running
            await pilot.pause(0.05)
        screen = StatsScreen()
        await app.push_screen(screen)
        await pilot.pause()
        summary = str(screen.query_one("#stats-summary").content)
        assert summary.startswith("3 attempts in the last 30 days") and "3 reviews, 67% remembered" in summary
        retention = screen.query_one("#retention-table", DataTable)
        assert [retention.get_row_at(i) for i in range(retention.row_count)] == [["other", "1", "1", "100%"], ["recurrent", "2", "1", "50%"]]
        assert screen.query_one("#attempts-table", DataTable).row_count == 2
        drawn = app.export_screenshot()
        assert "Attempts" in drawn and "per" in drawn and "remembered" in drawn
        assert screen.query_one("#stats-tables").has_class("-hidden")
        await pilot.press("t")
        assert screen.query_one("#stats-charts").has_class("-hidden")
        assert not screen.query_one("#stats-tables").has_class("-hidden")


@pilot_test
async def test_stats_screen_with_no_progress_yet():
    app = QuizzerApp(clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = StatsScreen()
        await app.push_screen(screen)  # before the bank has loaded, too
        await pilot.pause()
        while app.bank is None:
            assert app.is_running
            await pilot.pause(0.05)
        await pilot.pause()
        assert str(screen.query_one("#stats-summary").content).startswith("0 attempts in the last 30 days")
        assert "no reviews yet" in str(screen.query_one("#stats-summary").content)
        assert screen.query_one("#retention-table", DataTable).row_count == 0
        assert "Attempts" in app.export_screenshot()


@pilot_test
async def test_at_80x24_each_topic_is_drawn_at_its_own_rate_beside_its_name():
    # 0/1, 2/3, 1/1 and 1/2: plotext drew the 1/2 topic's name beside the 1/1 bar at this size.
    ratings = {"numpy-adam": [1], "numpy-lstm-cell": [3, 1, 3], "numpy-conv2d": [3], "numpy-attention": [3, 1]}
    store = Store()
    with store.transaction() as db:
        for i, (question, rating) in enumerate((q, r) for q, rs in ratings.items() for r in rs):
            db.execute("INSERT INTO review_log (question, at, rating, log) VALUES (?, ?, ?, '{}')", (question, NOW.timestamp() - 60 * (i + 1), rating))
    store.close()
    app = QuizzerApp(clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.bank is not None, what="the bank")
        screen = StatsScreen()
        await app.push_screen(screen)
        await pilot.pause()
        table = screen.query_one("#retention-table", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [row[0] for row in rows] == ["attention", "convolution", "optimization", "recurrent"]
        lines = screen_lines(app)
        drawn = {}
        for topic, reviews, remembered, rate in rows:
            [line] = [line for line in lines if line.strip().startswith(topic)]  # one line, its name first
            drawn[topic] = line.count("█")
            assert line.rstrip().endswith(f"{rate}  {remembered}/{reviews}"), line
        full = drawn["convolution"]  # 1/1
        assert full >= 20 and drawn["optimization"] == 0
        assert abs(drawn["attention"] - full / 2) <= 1 and abs(drawn["recurrent"] - full * 2 / 3) <= 1
        await pilot.press("t")  # the tables say the same, every column on screen
        await pilot.pause()
        lines = screen_lines(app)
        for topic, reviews, remembered, rate in rows:
            assert any(line.split()[-4:] == [topic, reviews, remembered, rate] for line in lines if line.split()), topic
