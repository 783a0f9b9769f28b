"""Pilot tests of the mock interview (setup to report, with a fake clock) and the stats screen."""

from __future__ import annotations

import random

import pytest
from pilot import pilot_test, screen_lines
from test_app_coding import judged
from test_mock import FakeClock, write_bank
from textual.widgets import DataTable, Input, Markdown, TextArea

from quizzer.app.app import QuizzerApp
from quizzer.app.screens.coding import CodingScreen
from quizzer.app.screens.mock import MockAnswerScreen, MockGradeScreen, MockReportScreen, MockSessionScreen, MockSetupScreen
from quizzer.app.widgets.title_bar import TitleBar
from quizzer.core.store import Store

SIZE = (120, 40)


@pytest.fixture
def bank_root(tmp_path):
    return write_bank(tmp_path / "questions", {"c-one": "recurrent", "c-two": "recurrent", "c-three": "basics"})


async def loaded(pilot) -> None:
    while pilot.app.bank is None:
        assert pilot.app.is_running
        await pilot.pause(0.05)


@pilot_test
async def test_mock_interview_from_setup_to_report(bank_root):
    clock = FakeClock()
    app = QuizzerApp(bank_root=bank_root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        sub_title = app.sub_title
        await app.push_screen(MockSetupScreen(clock=clock, rng=random.Random(0)))
        await pilot.pause()
        app.screen.query_one("#mock-minutes", Input).value = "10"
        app.screen.query_one("#mock-coding", Input).value = "1"
        app.screen.query_one("#mock-concept", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()

        session = app.screen
        assert isinstance(session, MockSessionScreen)
        assert [item.kind for item in session.interview.items] == ["concept", "coding", "concept"]
        assert app.sub_title == "mock interview · 10:00 left"
        clock.tick(30)
        session.tick()
        assert app.sub_title == "mock interview · 9:30 left"
        await pilot.pause()
        assert "mock interview · 9:30 left" in str(session.query_one(TitleBar).render())  # the countdown is on screen

        # 1: a concept question, typed for two minutes
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MockAnswerScreen)
        await pilot.press(*"gradients vanish")
        clock.tick(120)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is session

        # 2: the next question not done is the coding one, in mock mode; the reference is accepted
        await pilot.press("n")
        await pilot.pause()
        coding = app.screen
        assert isinstance(coding, CodingScreen) and coding.mock is session.interview
        coding.set_code(coding.question.reference_path.read_text(encoding="utf-8"))
        await pilot.press("ctrl+s")
        await judged(pilot)
        await pilot.press("ctrl+g")  # no hints in a mock
        assert "Hint 1" not in coding._prompt_markdown()
        clock.tick(300)
        await pilot.press("escape")  # one press, even from inside the editor
        await pilot.pause()
        assert app.screen is session

        # 3: the last question is open when the time runs out: it closes, grading starts
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MockAnswerScreen)
        clock.tick(1000)
        session.tick()
        await pilot.pause()
        await pilot.pause()
        grading = app.screen
        assert isinstance(grading, MockGradeScreen)
        assert "gradients vanish" in str(grading.query_one("#grade-yours").query_one("Static").content)
        await pilot.press("space")  # the first rubric point was covered, the other two not
        await pilot.press("3")  # Good
        await pilot.pause()
        await pilot.pause()

        report = app.screen
        assert isinstance(report, MockReportScreen)
        items = report.report.items
        assert [item.outcome for item in items] == ["self-graded Good", f"accepted ({items[1].total}/{items[1].total})", "not answered"]
        assert [item.seconds for item in items] == [120, 300, 600 - 30 - 120 - 300]
        assert report.report.timed_out
        table = report.query_one(DataTable)
        assert table.row_count == 3
        assert str(table.get_row_at(0)[3]) == "self-graded Good"
        assert [str(cell) for cell in table.get_row_at(1)[3:]] == [f"accepted ({items[1].total}/{items[1].total})", "5:00"]
        assert items[0].missed == ["point two", "point three"]
        details = report.query_one("#report-details", Markdown).source
        assert "- point two" in details and "- point three" in details and "point one" not in details
        third, first = items[2].question, items[0].question
        assert f"1. {third.spec.title} *({third.spec.topic})*: not answered" in details  # nothing done: first to review
        assert f"2. {first.spec.title} *({first.spec.topic})*: self-graded Good, missed 2 rubric points" in details
        screen = "\n".join(screen_lines(app))
        assert "Review next" in screen and "Rubric points missed" in screen
        assert app.sub_title == sub_title
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MockReportScreen)

    store = Store()
    assert [a.verdict for a in store.attempts("numpy-lstm-cell")] == ["accepted"]
    graded = store.connection.execute("SELECT question, rating, answer FROM grades").fetchall()
    assert graded == [(items[0].question.id, 3, "gradients vanish")]


@pilot_test
async def test_finishing_early_asks_first_and_an_empty_set_is_refused(bank_root):
    clock = FakeClock()
    app = QuizzerApp(bank_root=bank_root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        setup = MockSetupScreen(clock=clock, rng=random.Random(1))
        await app.push_screen(setup)
        await pilot.pause()
        setup.query_one("#mock-concept", Input).value = "0"
        setup.query_one("#mock-coding", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is setup  # nothing to ask: stays on the form
        setup.query_one("#mock-concept", Input).value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, MockSessionScreen)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("n")  # not yet
        await pilot.pause()
        assert app.screen is session
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MockReportScreen)  # nothing answered: nothing to grade
        assert not app.screen.report.timed_out


@pilot_test
async def test_answer_typed_in_a_mock_is_kept_when_reopened(bank_root):
    app = QuizzerApp(bank_root=bank_root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await app.push_screen(MockSetupScreen(clock=FakeClock(), rng=random.Random(0)))
        await pilot.pause()
        app.screen.query_one("#mock-coding", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"first draft")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#mock-answer", TextArea).text == "first draft"


@pilot_test
async def test_a_mock_closed_by_bringing_the_browser_back_takes_its_countdown_along(bank_root):
    from quizzer.app.screens.browser import BrowserScreen

    app = QuizzerApp(bank_root=bank_root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("b")
        await pilot.pause()
        app.action_mock()  # the palette's "Mock interview", over the browser
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MockSessionScreen) and "left" in app.sub_title
        app.action_browse()  # the palette's "Browse questions"
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen) and "left" not in app.sub_title
