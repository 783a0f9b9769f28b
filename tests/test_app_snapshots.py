"""Snapshot tests (pytest-textual-snapshot) of the main screens at 80x24, and home at 200x60.

Deterministic: the fixed bank in tests/app_bank, progress recorded at fixed times and a fixed
clock. Update after an intended change with `pytest tests/test_app_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pilot import settled, until

from quizzer.app.app import QuizzerApp
from quizzer.core import review
from quizzer.core.store import Attempt, Store

APP_BANK = Path(__file__).parent / "app_bank" / "questions"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def app(quizzer_home) -> QuizzerApp:
    """The app on the fixed bank, with some history: one solved, one failed, one due."""
    store = Store(quizzer_home)
    store.record_attempt(Attempt("numeric-params", (NOW - timedelta(days=3)).timestamp(), "accepted", 1, 1, 4000, answer="55"))
    store.record_attempt(Attempt("choice-relu", (NOW - timedelta(hours=5)).timestamp(), "wrong_answer", 0, 1, 3000, answer="A"))
    review.review(store, "choice-relu", review.AGAIN, NOW - timedelta(days=1, hours=5))  # due a day after an Again
    store.close()
    return QuizzerApp(bank_root=APP_BANK, clock=lambda: NOW)


async def loaded(pilot) -> None:
    """Wait for the bank and let the notification about the broken question go."""
    await until(pilot, lambda: pilot.app.bank is not None, what="the bank")  # its worker starts after the first refresh
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def test_home_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


def test_home_200x60(snap_compare, app):
    assert snap_compare(app, terminal_size=(200, 60), run_before=loaded)


def test_browser_80x24(snap_compare, app):
    async def browse(pilot):
        await loaded(pilot)
        await pilot.press("b")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=browse)


def test_question_with_a_hint_80x24(snap_compare, app):
    async def question(pilot):
        await loaded(pilot)
        pilot.app.open_question("concept-bias-variance")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        pilot.app.screen.query_one("#question-scroll").scroll_home(animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=question)


def test_concept_answer_revealed_80x24(snap_compare, app):
    async def answer(pilot):
        await loaded(pilot)
        pilot.app.open_question("concept-bias-variance")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"bias squared plus variance plus noise", "ctrl+s")
        await pilot.pause()
        await pilot.press("space")
        await settled(pilot)  # the model answer's Markdown is laid out and scrolled to

    assert snap_compare(app, terminal_size=(80, 24), run_before=answer)


def test_light_theme_browser_80x24(snap_compare, app):
    async def light(pilot):
        await loaded(pilot)
        await pilot.press("ctrl+t", "b")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=light)


@pytest.fixture
def bank_with_lstm(tmp_path) -> Path:
    """The fixed bank plus the real LSTM coding question."""
    import shutil

    from quizzer import paths

    root = tmp_path / "questions"
    shutil.copytree(APP_BANK, root)
    shutil.copytree(paths.questions_dir() / "recurrent" / "numpy-lstm-cell", root / "recurrent" / "numpy-lstm-cell")
    return root


def test_coding_screen_120x40(snap_compare, quizzer_home, bank_with_lstm):
    app = QuizzerApp(bank_root=bank_with_lstm, clock=lambda: NOW)

    async def coding(pilot):
        await loaded(pilot)
        pilot.app.open_question("numpy-lstm-cell")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        # Whether the editor's cursor was drawn depended on timing (focus, blink): draw it never.
        pilot.app.screen.query_one("#editor").cursor_blink = False
        pilot.app.screen.set_focus(None)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=coding)


def test_stats_80x24(snap_compare, app, quizzer_home):
    store = Store(quizzer_home)
    for days_ago, verdict in ((0, "accepted"), (0, "wrong_answer"), (2, "wrong_answer"), (9, "accepted")):
        store.record_attempt(Attempt("numeric-params", (NOW - timedelta(days=days_ago, hours=1)).timestamp(), verdict, 1, 1, 900))
    for question, rating in (("numeric-params", review.GOOD), ("concept-bias-variance", review.HARD), ("no-longer-in-the-bank", review.AGAIN)):
        review.review(store, question, rating, NOW - timedelta(days=1))
    store.close()

    async def stats(pilot):
        await loaded(pilot)
        await pilot.press("s")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=stats)


def test_mock_report_80x24(snap_compare, quizzer_home, bank_with_lstm):
    from quizzer.app.screens.mock import MockReportScreen
    from quizzer.core.mock import MockInterview

    app = QuizzerApp(bank_root=bank_with_lstm, clock=lambda: NOW)
    seconds = [0.0]

    async def report(pilot):
        await loaded(pilot)
        bank = pilot.app.bank
        interview = MockInterview([bank.get("concept-bias-variance"), bank.get("numpy-lstm-cell"), bank.get("choice-relu")], 900, clock=lambda: seconds[0])
        for index, spent in ((0, 120), (1, 300)):
            interview.enter(index)
            seconds[0] += spent
        interview.record_answer("concept-bias-variance", "bias squared plus variance")
        interview.grade("concept-bias-variance", review.HARD, covered={0})
        interview.record_verdict("numpy-lstm-cell", "wrong_answer", 3, 7)
        await pilot.app.push_screen(MockReportScreen(interview.report()))
        await settled(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=report)
