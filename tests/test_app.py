"""Pilot tests of the app's shell and study flows: home, browser, question, answer, review, keys, palette."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from importlib import import_module
from pathlib import Path

import pytest
from pilot import bank_loaded, pilot_test, screen_lines, until
from textual.widgets import DataTable, Input, Label, Markdown, TextArea
from toybank import copy_question

from quizzer.app.app import DARK, LIGHT, QuizzerApp
from quizzer.app.screens.answer import AnswerScreen
from quizzer.app.screens.browser import MARKS, BrowserScreen
from quizzer.app.screens.coding import CodingScreen
from quizzer.app.screens.help import HelpScreen
from quizzer.app.screens.home import HomeScreen
from quizzer.app.screens.question import QuestionScreen
from quizzer.app.screens.review import ReviewScreen
from quizzer.app.widgets.checklist import Checklist
from quizzer.core import review
from quizzer.core.store import Attempt, Store

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
SIZE = (100, 40)



@pytest.fixture
def bank_root(app_bank_with_lstm) -> Path:
    """The fixed test bank (concept, choice, numeric, one broken) plus the real LSTM coding question."""
    return app_bank_with_lstm


@pytest.fixture
def make_app(bank_root, quizzer_home):
    """A factory of apps on the test bank, the test's QUIZZER_HOME and a fixed clock."""

    def make() -> QuizzerApp:
        return QuizzerApp(bank_root=bank_root, clock=lambda: NOW)

    return make


async def started(pilot) -> QuizzerApp:
    """Wait for the bank to load and the screen to settle."""
    await bank_loaded(pilot)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    return pilot.app


async def open_browser(pilot) -> BrowserScreen:
    """Press b (from home) and return the browser."""
    await pilot.press("b")
    await pilot.pause()
    assert isinstance(pilot.app.screen, BrowserScreen)
    return pilot.app.screen


def notes(app) -> list[str]:
    """The text of every notification shown so far."""
    return [n.message for n in app._notifications]


# -- start, home, corrupt database ----------------------------------------------------------


@pilot_test
async def test_home_shows_progress_by_topic_and_recent_activity(make_app, quizzer_home):
    store = Store(quizzer_home)
    store.record_attempt(Attempt("numeric-params", (NOW - timedelta(hours=2)).timestamp(), "accepted", 1, 1, 900, answer="55"))
    store.record_attempt(Attempt("choice-relu", (NOW - timedelta(minutes=5)).timestamp(), "wrong_answer", 0, 1, 900, answer="A"))
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert isinstance(app.screen, HomeScreen)
        topics = app.screen.query_one("#topic-table", DataTable)
        rows = {topics.get_row_at(i)[0]: topics.get_row_at(i)[1:4] for i in range(topics.row_count)}
        assert rows["basics"] == ["1", "1", "3"]  # solved, attempted (not solved), total
        assert rows["recurrent"] == ["0", "0", "1"]
        recent = app.screen.query_one("#recent-table", DataTable)
        assert recent.get_row_at(0) == ["5 min ago", "wrong answer", "Derivative of ReLU"]
        assert recent.get_row_at(1) == ["2 h ago", "accepted", "Parameters of a dense layer"]


@pilot_test
async def test_home_lists_two_things_done_at_the_same_moment(make_app, quizzer_home):
    store = Store(quizzer_home)
    at = (NOW - timedelta(minutes=1)).timestamp()
    store.record_attempt(Attempt("choice-relu", at, "wrong_answer", 0, 1, 900, answer="A"))
    store.record_attempt(Attempt("choice-relu", at, "accepted", 1, 1, 900, answer="C"))
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        recent = app.screen.query_one("#recent-table", DataTable)
        assert [recent.get_row_at(i)[1] for i in range(2)] == ["accepted", "wrong answer"]


@pilot_test
async def test_home_lists_due_reviews_and_enter_opens_one(make_app, quizzer_home):
    store = Store(quizzer_home)
    review.review(store, "choice-relu", review.AGAIN, NOW - timedelta(days=1))
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        due = app.screen.query_one("#due-list")
        assert due.option_count == 1 and "Derivative of ReLU" in str(due.get_option_at_index(0).prompt)
        due.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == "choice-relu"


@pilot_test
async def test_home_keeps_due_today_up_to_date_while_it_is_shown(bank_root, quizzer_home, monkeypatch):
    monkeypatch.setattr(HomeScreen, "REFRESH_S", 0.1, raising=False)  # on a home screen that never refreshes: times out
    now = [NOW]
    store = Store(quizzer_home)
    review.review(store, "choice-relu", review.AGAIN, NOW - timedelta(days=1))
    review.review(store, "numeric-params", review.EASY, NOW - timedelta(days=3))  # due in days
    store.close()
    app = QuizzerApp(bank_root=bank_root, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        due = app.screen.query_one("#due-list")

        def shown() -> list[str]:
            return [option.id for option in due.options if option.id]

        assert shown() == ["choice-relu"]
        # Solved from a shell meanwhile (`quizzer submit` records on its own connection): it leaves the list.
        other = Store(quizzer_home)
        other.record_attempt(Attempt("choice-relu", NOW.timestamp(), "accepted", 1, 1, 900, answer="B"))
        review.review(other, "choice-relu", review.GOOD, NOW)
        other.close()
        await until(pilot, lambda: shown() == [], what="the solved question to leave Due today")
        assert "Due today (0)" in app.screen.query_one("#home-due").border_title
        # Minutes later (an FSRS learning step would bring it back now): answered well today, it waits for another day.
        now[0] = NOW + timedelta(minutes=30)
        app.screen.refresh_data()
        assert shown() == []
        # Days later, the other one falls due while home is shown.
        now[0] = NOW + timedelta(days=30)
        await until(pilot, lambda: shown() == ["choice-relu", "numeric-params"], what="reviews falling due")


@pilot_test
async def test_corrupt_database_is_moved_aside_and_the_app_starts(make_app, quizzer_home):
    (quizzer_home / "progress.sqlite3").write_bytes(b"this is not a database" * 100)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert isinstance(app.screen, HomeScreen)
        [aside] = quizzer_home.glob("progress.sqlite3.corrupt-*")
        assert aside.read_bytes() == b"this is not a database" * 100
        assert any(f"it was moved to {aside} and a new one started" in note for note in notes(app))  # naming the kept copy
        app.store.record_hint("choice-relu", 0)  # the fresh database works
        assert app.store.hints_revealed("choice-relu") == 1


def test_startup_does_not_import_numpy_torch_or_the_judge(bank_root, quizzer_home):
    # In a fresh interpreter: earlier tests in this process have imported all of them.
    script = f"""
import asyncio, sys
from pathlib import Path
from quizzer.app.app import QuizzerApp

async def main():
    app = QuizzerApp(bank_root=Path({str(bank_root)!r}))
    async with app.run_test(size=(100, 40)) as pilot:
        for _ in range(1200):  # the bank's worker starts after the first refresh: wait for the bank itself
            if pilot.app.bank is not None:
                break
            await pilot.pause(0.05)
        assert pilot.app.bank is not None
    print(sorted({{"numpy", "torch", "quizzer.core.judge"}} & set(sys.modules)))

asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


# -- browser --------------------------------------------------------------------------------


def shown_ids(screen: BrowserScreen) -> list[str]:
    return [row.id for row in screen.shown]


@pytest.mark.slow
@pilot_test
async def test_browser_search_filters_and_status_marks(make_app, quizzer_home):
    store = Store(quizzer_home)
    store.record_attempt(Attempt("numeric-params", NOW.timestamp() - 60, "accepted", 1, 1, 900))
    store.record_attempt(Attempt("choice-relu", NOW.timestamp() - 60, "wrong_answer", 0, 1, 900))
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_browser(pilot)
        marks = {row.id: row.status for row in screen.shown}
        assert marks == {
            "choice-relu": "attempted",
            "concept-bias-variance": "new",
            "numeric-params": "solved",
            "broken-spec": "broken",
            "numpy-lstm-cell": "new",
        }
        table = screen.query_one(DataTable)
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == ["◐", "·", "✓", "✗", "·"]

        await pilot.press("slash", *"relu")  # incremental: each key narrows
        await pilot.pause()
        assert shown_ids(screen) == ["choice-relu"]
        await pilot.press(*["backspace"] * 4, *"dense layer")
        await pilot.pause()
        assert shown_ids(screen) == ["numeric-params"]
        await pilot.press("down")  # from the search box into the results
        assert screen.focused is screen.query_one(DataTable)

        screen.query_one("#search", Input).value = ""
        screen.query_one("#filter-kind").value = "coding"
        await pilot.pause()
        assert shown_ids(screen) == ["numpy-lstm-cell"]
        screen.query_one("#filter-kind").clear()
        screen.query_one("#filter-status").value = "solved"
        await pilot.pause()
        assert shown_ids(screen) == ["numeric-params"]
        screen.query_one("#filter-status").clear()
        screen.query_one("#filter-topic").value = "basics"
        screen.query_one("#filter-difficulty").value = "medium"
        await pilot.pause()
        assert shown_ids(screen) == ["numeric-params"]
        screen.query_one(DataTable).focus()
        await pilot.press("x")
        await pilot.pause()
        assert len(shown_ids(screen)) == 5


@pilot_test
async def test_browser_shows_a_broken_question_with_its_error_not_a_crash(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_browser(pilot)
        broken = next(row for row in screen.shown if row.id == "broken-spec")
        assert broken.topic == "other" and "not valid TOML" in broken.error and "question.toml" in broken.error
        table = screen.query_one(DataTable)
        table.focus()
        table.move_cursor(row=screen.shown.index(broken))
        await pilot.pause()
        assert "not valid TOML" in str(screen.query_one("#browser-detail").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        assert any("broken-spec is broken" in note for note in notes(app))


@pilot_test
async def test_browser_enter_opens_the_question(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("slash", *"bias", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == "concept-bias-variance"


@pytest.mark.slow
@pilot_test
async def test_browser_search_ranks_the_question_named_first_so_enter_opens_it(bank_root):
    copy_question("numpy-lstm-cell-backward", bank_root / "backpropagation" / "numpy-lstm-cell-backward")
    app = QuizzerApp(bank_root=bank_root, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_browser(pilot)
        await pilot.press("slash", *"lstm cell")
        await pilot.pause()
        assert shown_ids(screen) == ["numpy-lstm-cell", "numpy-lstm-cell-backward"]
        await pilot.press("enter")  # from the search box: the best match opens at once
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == "numpy-lstm-cell"
        # The palette ranks questions the same way.
        title = app.bank.get("numpy-lstm-cell").spec.title
        shown = await palette(pilot, "open lstm cell", f"Open: {title}")
        assert shown.index(f"Open: {title}") < shown.index(f"Open: {app.bank.get('numpy-lstm-cell-backward').spec.title}")


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pilot_test
async def test_browser_shows_whole_titles_ids_and_a_legend_of_the_marks(quizzer_home, size):
    store = Store(quizzer_home)
    store.record_attempt(Attempt("numpy-grad-check", NOW.timestamp() - 60, "wrong_answer", 0, 1, 900))
    store.close()
    app = QuizzerApp(clock=lambda: NOW)  # the real bank: titles up to 90 characters, ids up to 31
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        screen = await open_browser(pilot)
        await pilot.press("slash", *"gradient checking", "down")
        await pilot.pause()
        assert shown_ids(screen)[0] == "numpy-grad-check"
        lines = screen_lines(app)
        table = "\n".join(lines)
        title = app.bank.get("numpy-grad-check").spec.title
        assert _wrapped_in_column(lines, title)  # whole, wrapped inside its cell if need be
        assert "numpy-grad-check" in table
        assert "◐" in table  # its mark
        legend = next(line for line in lines if "✗ broken" in line)
        assert all(f"{mark} {status}" in legend for status, mark in MARKS.items())


def _wrapped_in_column(lines: list[str], text: str) -> bool:
    """Whether `text` is on screen in one table cell: starting on a line, going on at the same column below."""
    first = text.split()[0]
    for row, line in enumerate(lines):
        column = line.find(first)
        while column != -1:
            # A cell ends where a wide gap begins (the next column).
            pieces = [re.split(r"\s{3,}", following[column:].strip() or "")[0] for following in lines[row : row + 4]]
            if text in " ".join(pieces):
                return True
            column = line.find(first, column + 1)
    return False


@pilot_test
async def test_back_from_a_question_the_browser_cursor_is_where_it_was(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        browser = await open_browser(pilot)
        table = browser.query_one(DataTable)
        table.focus()
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        chosen = browser.shown[table.cursor_row].id  # not the first row, and not the test bank's broken question
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == chosen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is browser and table.cursor_row == 2 and browser.shown[table.cursor_row].id == chosen


# -- question view: prompt, hints, walkthrough ----------------------------------------------------


async def open_question(pilot, question_id: str) -> QuestionScreen:
    pilot.app.open_question(question_id)
    await pilot.pause()
    await pilot.pause()
    assert isinstance(pilot.app.screen, QuestionScreen)
    return pilot.app.screen


def document(screen) -> str:
    """The question's Markdown as a reader sees its characters (backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", screen.query_one("#question-text", Markdown).source)


@pilot_test
async def test_question_renders_math_as_unicode_and_reveals_hints_one_at_a_time(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_question(pilot, "concept-bias-variance")
        assert "E[(y - f̂(x))²]" in document(screen) and "$" not in document(screen)
        assert "underfitting" not in document(screen)
        await pilot.press("h")
        await pilot.pause()
        assert "Think of underfitting" in document(screen) and "Three terms" not in document(screen)
        assert app.store.hints_revealed("concept-bias-variance") == 1
        await pilot.press("h")
        await pilot.pause()
        assert "Three terms" in document(screen)
        await pilot.press("h")
        await pilot.pause()
        assert app.store.hints_revealed("concept-bias-variance") == 2
        assert "No more hints." in notes(app)


@pilot_test
async def test_walkthrough_needs_giving_up_and_giving_up_schedules_a_review(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_question(pilot, "numeric-params")
        await pilot.press("w")
        await pilot.pause()
        label = app.screen.query_one(Label)  # the whole question fits in the dialog, wrapped, not cut off
        assert app.screen.query_one(".dialog").content_region.contains_region(label.region)
        assert label.region.height >= 2
        await pilot.press("n")  # not giving up after all
        await pilot.pause()
        assert app.screen is screen and "55 parameters." not in document(screen)
        assert review.due(app.store, NOW + timedelta(days=30)) == []
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen and "## Walkthrough" in document(screen) and "55 parameters." in document(screen)
        assert review.due(app.store, NOW + timedelta(days=1)) == ["numeric-params"]  # rated Again: back tomorrow (one review a day)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:  # the next run: the walkthrough stays open, without asking again
        await started(pilot)
        screen = await open_question(pilot, "numeric-params")
        assert "55 parameters." in document(screen)
        await pilot.press("w")
        await pilot.pause()
        assert app.screen is screen


@pilot_test
async def test_walkthrough_is_open_once_solved(make_app, quizzer_home):
    store = Store(quizzer_home)
    store.record_attempt(Attempt("numeric-params", NOW.timestamp(), "accepted", 1, 1, 900))
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_question(pilot, "numeric-params")
        assert "## Walkthrough" in document(screen)


# -- answering ---------------------------------------------------------------------------------------


async def open_answer(pilot, question_id: str) -> AnswerScreen:
    await open_question(pilot, question_id)
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AnswerScreen)
    return pilot.app.screen


@pytest.mark.slow
@pilot_test
async def test_concept_answer_reveal_rubric_and_self_grade(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_answer(pilot, "concept-bias-variance")
        assert screen.query_one("#model-box").display is False
        await pilot.press(*"bias squared plus variance")
        await pilot.press("3")  # typed into the answer, not a grade: nothing revealed yet
        await pilot.pause()
        assert screen.query_one("#answer-text", TextArea).text == "bias squared plus variance3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.query_one("#model-box").display is True
        assert "bias squared, variance and noise" in screen.query_one("#model-answer", Markdown).source
        rubric = screen.query_one("#rubric", Checklist)
        assert rubric.has_focus and rubric.option_count == 3
        await pilot.press("space", "down", "enter")  # tick the first two points
        assert rubric.checked == {0, 1}
        assert str(rubric.get_option_at_index(0).prompt).startswith("☑")
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)  # back to the question, walkthrough open
        assert "## Walkthrough" in document(app.screen)
        grades = app.store.export()["tables"]["grades"]
        assert [(row["rating"], row["answer"]) for row in grades] == [(3, "bias squared plus variance3")]
        assert app.store.status() == {"concept-bias-variance": "solved"}
        assert app.store.draft("concept-bias-variance") is None  # the next review starts blank
        assert review.due(app.store, NOW) == [] and review.due(app.store, NOW + timedelta(days=2)) == ["concept-bias-variance"]


@pilot_test
async def test_concept_grade_keys_do_nothing_before_the_reveal(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_answer(pilot, "concept-bias-variance")
        screen.query_one("#answer-pair").focus()  # away from the text box, so digits reach the screen
        await pilot.press("4")
        await pilot.pause()
        assert app.screen is screen
        assert app.store.export()["tables"]["grades"] == []


@pytest.mark.slow
@pilot_test
async def test_concept_answer_is_kept_as_a_draft_when_leaving(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_answer(pilot, "concept-bias-variance")
        await pilot.press(*"half an answer", "escape")
        await pilot.pause()
        assert app.store.draft("concept-bias-variance") == "half an answer"
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one("#answer-text", TextArea).text == "half an answer"


@pytest.mark.slow
def test_concept_draft_survives_quitting_mid_sentence(make_app, quizzer_home):
    async def session():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await started(pilot)
            await open_answer(pilot, "concept-bias-variance")
            await pilot.press(*"typed just before quitting", "ctrl+q")  # before the draft timer fires
            await pilot.pause()

    asyncio.run(session())
    assert Store(quizzer_home).draft("concept-bias-variance") == "typed just before quitting"


def keys_to_tick(screen, option_index: int) -> list[str]:
    """The keys that tick the spec's option `option_index`, wherever the screen shows it (the order is shuffled)."""
    return ["down"] * screen.order.index(option_index) + ["space"]


@pytest.mark.parametrize(("option", "verdict", "rating"), [(1, "accepted", review.GOOD), (0, "wrong_answer", review.AGAIN)])
@pilot_test
async def test_choice_grades_itself_and_shows_every_why(make_app, option, verdict, rating):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_answer(pilot, "choice-relu")
        assert "## Options" not in screen.query_one("#answer-prompt", Markdown).source  # they are the checklist
        await pilot.press(*keys_to_tick(screen, option), "ctrl+s")
        await pilot.pause()
        feedback = screen.query_one("#feedback", Markdown).source
        for why in ("That is the derivative for negative inputs.", "ReLU is the identity", "That is the value"):
            assert why in feedback
        assert ("**Right.**" in feedback) == (verdict == "accepted")
        attempt = app.store.attempts("choice-relu")[0]
        assert (attempt.verdict, attempt.passed, attempt.total) == (verdict, int(verdict == "accepted"), 1)
        assert attempt.answer == "AB"[option]  # stored with the spec's letters, whatever the order on screen
        assert [row["rating"] for row in app.store.export()["tables"]["review_log"]] == [rating]
        assert screen.query_one("#walkthrough").display is True
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


def options_in_view(screen) -> list[str]:
    """The options the question view lists, as "A. text" in the order shown."""
    return [f"{label}. {text}" for label, text in re.findall(r"^- \*\*([A-Z])\.\*\* (.*)$", document(screen), re.MULTILINE)]


@pytest.mark.slow
@pilot_test
async def test_the_question_view_and_the_answer_screen_letter_the_options_alike(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        orders = set()
        for _ in range(8):  # a fresh shuffle per visit (3 options: 8 alike by chance is 1 in 6**7), the same in both screens
            view = await open_question(pilot, "choice-relu")
            listed = options_in_view(view)
            assert sorted(text for _, text in (line.split(". ") for line in listed)) == ["0", "1", "x"]
            await pilot.press("a")
            await pilot.pause()
            checklist = app.screen.query_one("#choice-options", Checklist)
            assert [str(checklist.get_option_at_index(i).prompt).removeprefix("☐ ") for i in range(checklist.option_count)] == listed
            orders.add(tuple(listed))
            await pilot.press("escape")
            await pilot.pause()
            assert options_in_view(app.screen) == listed  # back in the same visit: still the same letters
            await pilot.press("escape")
            await pilot.pause()
        assert len(orders) > 1


@pytest.mark.parametrize(("typed", "right", "said"), [("110/2", True, "`110/2` = 55"), ("5.5e1", True, "`5.5e1` = 55"), ("55^1", True, "`55^1` = 55"), ("2^-4", False, "`2^-4` = 0.0625")])
@pilot_test
async def test_numeric_is_graded_as_typed(make_app, typed, right, said):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_answer(pilot, "numeric-params")
        await pilot.press(*typed, "enter")
        await pilot.pause()
        feedback = screen.query_one("#feedback", Markdown).source
        assert ("**Right.**" in feedback) == right and f"you said {said} parameters." in feedback
        assert [(a.verdict, a.answer) for a in app.store.attempts()] == [("accepted" if right else "wrong_answer", typed)]


@pilot_test
async def test_numeric_refuses_what_is_not_a_number_and_records_nothing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_answer(pilot, "numeric-params")
        await pilot.press(*"0,0625", "enter")
        await pilot.pause()
        assert "Not graded: a comma is not a decimal point here: write '0.0625', or the number without separators." in notes(app)
        assert app.store.attempts() == [] and screen.query_one("#numeric-input", Input).value == "0,0625"  # kept, to correct


@pilot_test
async def test_choice_after_a_hint_is_rated_hard(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_question(pilot, "choice-relu")
        await pilot.press("h", "a")
        await pilot.pause()
        await pilot.press(*keys_to_tick(app.screen, 1), "ctrl+s")
        await pilot.pause()
        assert [row["rating"] for row in app.store.export()["tables"]["review_log"]] == [review.HARD]


@pilot_test
async def test_numeric_checks_against_the_tolerance(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_answer(pilot, "numeric-params")
        await pilot.press("enter")  # empty: asks for a number, records nothing
        await pilot.pause()
        assert app.store.attempts() == [] and "Type a number first." in notes(app)
        await pilot.press(*"50", "enter")
        await pilot.pause()
        assert "**Not quite.**" in screen.query_one("#feedback", Markdown).source
        assert "55 parameters" in screen.query_one("#feedback", Markdown).source
        assert [(a.verdict, a.answer) for a in app.store.attempts()] == [("wrong_answer", "50")]


# -- review session --------------------------------------------------------------------------------


@pilot_test
async def test_review_session_walks_the_due_queue(make_app, quizzer_home):
    store = Store(quizzer_home)
    review.review(store, "numeric-params", review.AGAIN, NOW - timedelta(days=3))
    review.review(store, "concept-bias-variance", review.AGAIN, NOW - timedelta(days=2))
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("r")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, ReviewScreen) and session.queue == ["numeric-params", "concept-bias-variance"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AnswerScreen) and app.screen.question.id == "numeric-params"
        await pilot.press(*"55", "enter")
        await pilot.pause()
        await pilot.press("n")  # done: straight on to the next due question
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, AnswerScreen) and app.screen.question.id == "concept-bias-variance"
        await pilot.press(*"noise", "ctrl+s")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is session
        assert session.state == {"numeric-params": "done", "concept-bias-variance": "done"}
        assert "Session done" in str(session.query_one("#review-progress").render())
        assert review.due(app.store, NOW) == []


@pilot_test
async def test_review_session_escape_and_skip(make_app, quizzer_home):
    store = Store(quizzer_home)
    review.review(store, "numeric-params", review.AGAIN, NOW - timedelta(days=3))
    review.review(store, "choice-relu", review.AGAIN, NOW - timedelta(days=2))
    store.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("r")
        await pilot.pause()
        session = app.screen
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # left without answering: still due, back to the list
        await pilot.pause()
        assert app.screen is session and session.state["numeric-params"] == "due"
        await pilot.press("s")
        await pilot.pause()
        assert session.state == {"numeric-params": "skipped", "choice-relu": "due"}


@pilot_test
async def test_review_session_with_nothing_due(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert "Nothing is due" in str(app.screen.query_one("#review-progress").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


@pilot_test
async def test_review_session_opens_the_coding_screen_for_a_coding_question(make_app, quizzer_home):
    store = Store(quizzer_home)
    review.review(store, "numpy-lstm-cell", review.AGAIN, NOW - timedelta(days=1))
    store.close()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)


# -- keys, help, themes, palette, continue --------------------------------------------------------


@pilot_test
async def test_q_quits_from_home_and_goes_back_elsewhere(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("q")  # the table has focus: q goes back
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize("key", ["ctrl+c", "ctrl+q"])
@pilot_test
async def test_ctrl_c_and_ctrl_q_quit_from_anywhere(make_app, key):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_answer(pilot, "concept-bias-variance")  # focus in a text box
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running


@pilot_test
async def test_escape_goes_back_one_screen_and_never_leaves_home(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("b")
        await pilot.pause()
        await open_answer(pilot, "numeric-params")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.is_running


def every_screen_class() -> list[type]:
    """Every screen the app has (each module of quizzer.app.screens), the help screen aside."""
    import inspect
    import pkgutil
    from importlib import import_module

    from textual.screen import Screen

    import quizzer.app.screens as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = import_module(f"{package.__name__}.{info.name}")
        found += [
            value
            for value in vars(module).values()
            if inspect.isclass(value) and issubclass(value, Screen) and value.__module__ == module.__name__ and value is not HelpScreen
        ]
    return found


@pilot_test
async def test_help_lists_every_key_of_every_screen_with_what_it_does(make_app):
    from textual.binding import Binding

    screens = every_screen_class()
    assert {"MockSessionScreen", "MockGradeScreen", "MockReportScreen", "CodingScreen", "StatsScreen"} <= {s.__name__ for s in screens}
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = str(app.screen.query_one("#help-text").render()).splitlines()
        for owner in [app, *screens, Checklist]:
            for binding in owner.BINDINGS:
                if isinstance(binding, Binding) and binding.description:
                    key = {"question_mark": "?", "slash": "/"}.get(binding.key.split(",")[0], binding.key.split(",")[0])
                    what = binding.tooltip or binding.description
                    keys_then = [(line.split(what)[0], what) for line in lines if what in line]  # "  ctrl+q / ctrl+c   Quit"
                    assert any(key in keys.split() for keys, _ in keys_then), f"{owner}: {key} {what}"
        text = "\n".join(lines)
        assert "Grade yourself Good" in text and "Mock interview: grading" in text and "Skip grading" in text
        assert "ctrl+n" in text and "ctrl+j" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pilot_test
async def test_ctrl_t_switches_dark_and_light(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.theme == DARK
        await pilot.press("ctrl+t")
        assert app.theme == LIGHT
        await pilot.press("ctrl+t")
        assert app.theme == DARK
        await pilot.press("ctrl+t")
        await pilot.pause()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:  # the choice is kept for the next run
        await started(pilot)
        assert app.theme == LIGHT


async def palette(pilot, query: str, first: str) -> list[str]:
    """Open the palette, type `query`, wait until `first` is the top result and the search is done; the results.

    With no query (the palette's discovery list), `first` only has to be there: the providers' lists come in any order.
    """
    from textual.command import CommandList, CommandPalette

    await until(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette), what="the last palette to close")
    await pilot.press("ctrl+p")
    screen = await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette) and pilot.app.screen, what="the palette")
    await pilot.press(*query)
    results = screen.query_one(CommandList)
    def shown() -> list[str]:
        return [results.get_option_at_index(i).hit.text for i in range(results.option_count)]

    await until(pilot, lambda: first in (shown() if not query else shown()[:1]), what=f"{first!r} in the results")
    await pilot.app.workers.wait_for_complete()  # the palette gathers in a worker: all providers have answered
    await pilot.pause()
    return shown()


@pytest.mark.slow
@pilot_test
async def test_command_palette_runs_actions_and_opens_questions(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await palette(pilot, "toggle dark", "Toggle dark/light theme")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == LIGHT
        await palette(pilot, "open derivative of relu", "Open: Derivative of ReLU")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == "choice-relu"


@pilot_test
async def test_the_palette_lists_each_command_once(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        shown = await palette(pilot, "", "Browse questions")
        assert shown.count("Keys") == 1 and shown.count("Quit") == 1 and len(shown) == len(set(shown)), shown
        assert "Theme" in shown  # Textual's own theme picker stays
        assert not {"Browse", "Review due", "Continue", "Mock"} & set(shown)  # home's keys are the app's commands, listed once
        await pilot.press("escape")
        assert (await palette(pilot, "keys", "Keys")).count("Keys") == 1
        await pilot.press("escape")
        assert (await palette(pilot, "quit", "Quit")).count("Quit") == 1


@pilot_test
async def test_ctrl_n_goes_home_from_anywhere(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_browser(pilot)
        screen = await open_answer(pilot, "concept-bias-variance")
        assert screen.focused is screen.query_one("#answer-text", TextArea)  # typing: letters would go into the answer
        await pilot.press(*"half", "ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and len(app.screen_stack) == 1
        assert app.store.draft("concept-bias-variance") == "half"  # leaving keeps the draft, as escape does


@pytest.mark.slow
@pilot_test
async def test_questions_opened_from_the_palette_do_not_pile_up(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_browser(pilot)
        for title, question in (("Derivative of ReLU", "choice-relu"), ("Parameters of a dense layer", "numeric-params")):
            await palette(pilot, f"open {title}", f"Open: {title}")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == question
            await pilot.press("a")  # and into its answer screen
            await pilot.pause()
            assert isinstance(app.screen, AnswerScreen)
        await palette(pilot, "open bias and variance", "Open: Bias and variance")
        await pilot.press("enter")
        await pilot.pause()
        assert [type(screen) for screen in app.screen_stack] == [HomeScreen, BrowserScreen, QuestionScreen]
        await palette(pilot, "browse", "Browse questions")  # the browser is brought back, not opened again
        await pilot.press("enter")
        await pilot.pause()
        assert [type(screen) for screen in app.screen_stack] == [HomeScreen, BrowserScreen]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pilot_test
async def test_command_palette_offers_the_current_screens_keys(make_app):
    from quizzer.app.commands import QuizzerCommands

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = await open_question(pilot, "concept-bias-variance")
        names = [hit.text async for hit in QuizzerCommands(screen).discover()]
        assert {"Browse questions", "Review due questions", "Mock interview", "Stats", "Hint", "Walkthrough", "Answer"} <= set(names)
        hint = [hit async for hit in QuizzerCommands(screen).search("hint") if hit.text == "Hint"][0]
        await hint.command()
        await pilot.pause()
        assert app.store.hints_revealed("concept-bias-variance") == 1


@pilot_test
async def test_continue_opens_the_question_touched_last(make_app, quizzer_home):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and any("Nothing to continue" in n for n in notes(app))
        await open_question(pilot, "numeric-params")
        await pilot.press("h", "escape")
        await pilot.pause()
        assert "Parameters of a dense layer" in str(app.screen.query_one("#continue-line").render())
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == "numeric-params"


@pytest.mark.parametrize(("key", "module", "name"), [("m", "quizzer.app.screens.mock", "MockSetupScreen"), ("s", "quizzer.app.screens.stats", "StatsScreen")])
@pilot_test
async def test_mock_and_stats_keys_open_their_screens(make_app, key, module, name):
    screen_module = import_module(module)  # the app's own screen: missing is a failure, never a skip
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, getattr(screen_module, name))


@pilot_test
async def test_a_missing_screen_module_is_a_notification_not_a_crash(make_app, monkeypatch):
    monkeypatch.setitem(sys.modules, "quizzer.app.screens.stats", None)  # import now raises ImportError
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and any("Stats are not available" in n for n in notes(app))


@pilot_test
async def test_unknown_or_broken_ids_never_crash_open_question(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.open_question("no-such-question")
        app.open_question("broken-spec")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("not in the bank" in n for n in notes(app)) and any("broken-spec is broken" in n for n in notes(app))


def test_the_database_written_by_the_app_is_readable_after_the_app_exits(make_app, quizzer_home):
    async def session():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await started(pilot)
            await open_question(pilot, "choice-relu")
            await pilot.press("h")
            await pilot.pause()

    asyncio.run(session())
    with sqlite3.connect(quizzer_home / "progress.sqlite3") as db:
        assert db.execute("SELECT question, hint_index FROM hints").fetchall() == [("choice-relu", 0)]


def test_an_unusable_quizzer_home_is_one_line_and_exit_1(tmp_path, monkeypatch, capsys):
    from quizzer.app import run

    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("QUIZZER_HOME", str(blocker / "home"))
    assert run() == 1
    assert capsys.readouterr().err.startswith("quizzer: cannot open the progress store:")


@pytest.mark.contract
@pytest.mark.parametrize("how", ["ctrl+q", "SIGTERM", "SIGHUP"])
def test_the_terminal_is_restored_however_the_app_ends(quizzer_home, how):
    """In a real pseudo-terminal: once the home screen is up, end the app; it must leave the alternate screen."""
    import os
    import pty
    import select
    import signal
    import time

    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(sys.executable, [sys.executable, "-m", "quizzer"], dict(os.environ, TERM="xterm-256color"))
    output = b""

    def read_until(predicate, limit_s: float) -> None:
        nonlocal output
        deadline = time.monotonic() + limit_s
        while not predicate() and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    output += os.read(fd, 65536)
                except OSError:
                    return

    try:
        read_until(lambda: b"Due" in output, 30)
        assert b"\x1b[?1049h" in output, "the app did not take over the screen"
        if how == "ctrl+q":
            os.write(fd, b"\x11")
        else:
            os.kill(pid, getattr(signal, how))
        read_until(lambda: b"\x1b[?1049l" in output, 15)
        assert b"\x1b[?1049l" in output, "the alternate screen was not left"
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    finally:
        os.close(fd)
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


@pilot_test
async def test_a_filter_menu_opens_on_its_current_choice_so_one_down_picks_the_first(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_browser(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.filters()["kind"] == "coding"


@pilot_test
async def test_the_reader_keeps_their_place_when_the_give_up_dialog_comes_and_goes(quizzer_home):
    app = QuizzerApp(clock=lambda: NOW)  # the real bank: a question long enough to scroll
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        screen = await open_question(pilot, "numpy-lstm-cell")
        scroll = screen.query_one("#question-scroll")
        await pilot.pause()
        scroll.scroll_to(y=6, animate=False)
        await pilot.pause()
        assert scroll.scroll_y == 6
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen and scroll.scroll_y == 6
