"""Pilot tests of the coding screen: editor, draft, $EDITOR, load from file, judging, hints."""

from __future__ import annotations

import asyncio
import os
import stat
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pilot import judged, pilot_test, prompt_shown, until

from quizzer.app import judging
from quizzer.app.app import QuizzerApp
from quizzer.app.screens.coding import CodingScreen
from quizzer.app.screens.draft import DRAFT_DELAY_S
from quizzer.app.widgets.verdict import VerdictView
from quizzer.core import review
from quizzer.core.bank import load_bank
from quizzer.core.store import Store

QUESTION = "numpy-lstm-cell"
SIZE = (120, 40)



@pytest.fixture(scope="module")
def question():
    return load_bank().get(QUESTION)


def reference_code(question) -> str:
    return question.reference_path.read_text(encoding="utf-8")


def mutant_code(question, name: str) -> str:
    return (question.folder / "mutants" / name).read_text(encoding="utf-8")


def saved_attempts() -> list:
    """The question's attempts as stored on disk, read on a connection of its own."""
    store = Store()
    try:
        return store.attempts(QUESTION)
    finally:
        store.close()


def saved_draft() -> str | None:
    """The draft as stored on disk, read on a connection of its own."""
    store = Store()
    try:
        return store.draft(QUESTION)
    finally:
        store.close()


async def open_coding(pilot, question) -> CodingScreen:
    screen = CodingScreen(question)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


def recorded_notes(monkeypatch, screen) -> list[str]:
    notes: list[str] = []
    monkeypatch.setattr(screen, "notify", lambda message, **kwargs: notes.append(str(message)))
    return notes


@pilot_test
async def test_editor_loads_the_starter(question):
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        assert screen.editor.text == question.starter_path.read_text(encoding="utf-8")
        assert screen.focused is screen.editor


@pytest.mark.slow
@pilot_test
async def test_typing_saves_a_draft_that_survives_a_restart(question):
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        screen.editor.move_cursor(screen.editor.document.end)
        await pilot.press("enter", *"x = 42")
        # saved by the debounce, while the app still runs: as it would be before a crash
        await until(pilot, lambda: (saved_draft() or "").rstrip().endswith("x = 42"), timeout_s=DRAFT_DELAY_S + 10, what="the draft on disk")
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        assert screen.editor.text.rstrip().endswith("x = 42")


@pilot_test
async def test_quitting_right_after_typing_keeps_the_draft(question):
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        screen.editor.move_cursor(screen.editor.document.end)
        await pilot.press(*"# last words")
        await pilot.app.action_quit()
    assert Store().draft(QUESTION).rstrip().endswith("# last words")


@pytest.mark.parametrize("suspendable", [True, False], ids=["terminal", "headless"])
@pilot_test
async def test_editor_round_trip(question, tmp_path, monkeypatch, suspendable):
    """The fake editor appends a line; the text comes back, is saved, and the temp file is removed.

    Headless drivers cannot suspend (the editor then runs without a terminal); "terminal"
    gives the headless driver a suspend that records when the terminal was handed over,
    so Textual's real App.suspend runs around the editor.
    """
    events: list[str] = []
    script = tmp_path / "fake-editor"
    log = tmp_path / "editor-ran"
    script.write_text(f'#!/bin/sh\necho "# edited outside" >> "$1"\ntouch {log}\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{script}")
    app = QuizzerApp()
    async with app.run_test(size=SIZE) as pilot:
        if suspendable:
            driver = type(app._driver)
            monkeypatch.setattr(driver, "can_suspend", property(lambda self: True))
            monkeypatch.setattr(driver, "suspend_application_mode", lambda self: events.append(f"suspend, editor ran: {log.exists()}"))
            monkeypatch.setattr(driver, "resume_application_mode", lambda self: events.append(f"resume, editor ran: {log.exists()}"))
        screen = await open_coding(pilot, question)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert log.exists()
        assert events == (["suspend, editor ran: False", "resume, editor ran: True"] if suspendable else [])
        assert screen.editor.text.rstrip().endswith("# edited outside")
        assert screen.editor.text.startswith(question.starter_path.read_text(encoding="utf-8"))
        assert Store().draft(QUESTION).rstrip().endswith("# edited outside")
        assert not list((Path(os.environ["QUIZZER_HOME"]) / "edit").iterdir())  # the temp file is gone


@pilot_test
async def test_a_failing_editor_changes_nothing(question, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "false")
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        notes = recorded_notes(monkeypatch, screen)
        before = screen.editor.text
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert screen.editor.text == before
        assert any("exited with code 1" in note for note in notes)


@pytest.mark.slow
@pilot_test
async def test_load_from_file(question, tmp_path):
    source = tmp_path / "mine.py"
    source.write_text(reference_code(question), encoding="utf-8")
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press(*str(source), "enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.editor.text == reference_code(question)
        assert Store().draft(QUESTION) == reference_code(question)


@pytest.mark.slow
@pilot_test
async def test_run_examples_judges_visible_tests_only_and_records_nothing(question):
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        screen.set_code(reference_code(question))
        await pilot.press("ctrl+r")
        await judged(pilot)
        view = screen.query_one(VerdictView)
        assert view.result is not None, view.text
        assert view.result.verdict.value == "accepted"
        assert all(test.visibility == "visible" for test in view.result.tests)
        assert view.text.startswith("examples: accepted")
        assert Store().attempts(QUESTION) == []
        # Tab indents in the editor: ctrl+j is the way to the verdict, and back.
        await pilot.press("ctrl+j")
        assert screen.focused is view
        await pilot.press("ctrl+j")
        assert screen.focused is screen.editor
        await pilot.press("ctrl+f")  # hide the verdict to give the editor room
        assert not view.display
        await pilot.press("ctrl+f")
        assert view.display


@pilot_test
async def test_the_verdict_key_says_when_there_is_no_verdict_yet(question, monkeypatch):
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        notes = recorded_notes(monkeypatch, screen)
        await pilot.press("ctrl+j")
        assert screen.focused is screen.editor and notes == ["No verdict yet: ctrl+r runs the examples, ctrl+s submits."]
        screen.query_one(VerdictView).show_problem("not judged, nothing recorded: no sandbox")
        await pilot.press("ctrl+j")
        assert screen.focused is screen.query_one(VerdictView)


@pilot_test
async def test_submit_the_reference_is_accepted_and_recorded(question, monkeypatch):
    def no_fork():
        raise AssertionError("the app must not fork itself: children come from the zygote")

    monkeypatch.setattr(os, "fork", no_fork)
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        screen.set_code(reference_code(question))
        await pilot.press("ctrl+s")
        await judged(pilot)
        view = screen.query_one(VerdictView)
        assert view.result.verdict.value == "accepted"
        assert view.result.passed == view.result.total > 2
        assert any(test.visibility == "hidden" for test in view.result.tests)
        assert f"seed {view.result.seed}" in view.text
        zygote = judging.service(pilot.app)._zygote
        assert zygote.pids()
    assert zygote.pids() == []  # stopped with the app
    store = Store()
    [attempt] = store.attempts(QUESTION)
    assert (attempt.verdict, attempt.code, attempt.seed) == ("accepted", reference_code(question), view.result.seed)
    assert [row["question"] for row in store.export()["tables"]["review_log"]] == [QUESTION]


@pilot_test
async def test_submit_a_mutant_shows_what_differed(question):
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        screen.set_code(mutant_code(question, "h_from_c_tilde.py"))
        await pilot.press("ctrl+s")
        await judged(pilot)
        view = screen.query_one(VerdictView)
        assert view.result.verdict.value == "wrong_answer"
        failing = [test for test in view.result.tests if test.status == "fail"]
        assert failing and all(test.message for test in failing)
        assert view.text.startswith("submission: wrong answer")
        assert failing[0].message in view.text
    assert [a.verdict for a in Store().attempts(QUESTION)] == ["wrong_answer"]


@pytest.mark.slow
@pilot_test
async def test_the_known_mistake_is_shown_only_when_asked_and_recorded_like_a_hint(question):
    bug = next(m.bug for m in question.spec.mutants if m.file == "concat_order.py")
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        screen.set_code(mutant_code(question, "concat_order.py"))
        await pilot.press("ctrl+s")
        await judged(pilot)
        view = screen.query_one(VerdictView)
        assert view.result.diagnosis == {"mutant": "concat_order", "bug": bug}
        assert bug not in view.text and "ctrl+j, then d: which known mistake this looks like" in view.text
        await pilot.press("ctrl+j", "d")
        await pilot.pause()
        assert f"looks like a known mistake: {bug}" in view.text
    with Store() as store:
        hints = store.export()["tables"]["hints"]
        assert [(row["question"], row["hint_index"]) for row in hints] == [(QUESTION, -1)]
        assert store.hints_revealed(QUESTION) == 0  # the question's own hints are all still hidden


@pytest.mark.slow
@pilot_test
async def test_a_wrong_answer_matching_no_known_mistake_offers_no_diagnosis(question):
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        screen.set_code(reference_code(question).replace("np.tanh(c_next)", "np.tanh(c_next) * 0.5"))
        await pilot.press("ctrl+s")
        await judged(pilot)
        view = screen.query_one(VerdictView)
        assert view.result.verdict.value == "wrong_answer" and view.result.diagnosis is None
        assert "known mistake" not in view.text
        await pilot.press("ctrl+j", "d")
        await pilot.pause()
        assert "known mistake" not in view.text
    with Store() as store:
        assert store.export()["tables"]["hints"] == []


@pilot_test
async def test_program_output_is_shown_as_text(question):
    noisy = reference_code(question) + '\nprint("[bold]hello from the submission[/bold]")\n'
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        screen.set_code(noisy)
        await pilot.press("ctrl+r")
        await judged(pilot)
        assert "[bold]hello from the submission[/bold]" in screen.query_one(VerdictView).text


@pilot_test
async def test_a_second_submit_while_judging_is_refused(question, monkeypatch):
    # The judgement in flight waits until the test lets it go: no race against a sleeping submission.
    release = threading.Event()
    judge = judging.JudgeService.judge

    def held_judge(self, *args, **kwargs):
        assert release.wait(60), "the test never released the judgement"
        return judge(self, *args, **kwargs)

    monkeypatch.setattr(judging.JudgeService, "judge", held_judge)
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        notes = recorded_notes(monkeypatch, screen)
        screen.set_code(reference_code(question))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.judging
        assert not screen.query_one("#judge-progress").has_class("-idle")
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+r")
        assert sum("Still judging" in note for note in notes) == 2
        release.set()
        await judged(pilot)
        assert not screen.judging
        assert screen.query_one("#judge-progress").has_class("-idle")
        assert screen.query_one(VerdictView).result.verdict.value == "accepted"
    assert len(Store().attempts(QUESTION)) == 1


@pytest.mark.slow
@pilot_test
async def test_hints_one_at_a_time_then_walkthrough_after_giving_up(question):
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        await open_coding(pilot, question)
        assert "Hint 1" not in await prompt_shown(pilot)
        await pilot.press("ctrl+g")
        shown = await prompt_shown(pilot)
        assert "Hint 1" in shown and "Hint 2" not in shown
        assert Store().hints_revealed(QUESTION) == 1
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press("n")  # not giving up yet
        await pilot.pause()
        assert "Walkthrough" not in await prompt_shown(pilot)
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "## Walkthrough" in await prompt_shown(pilot)
    assert review.due(Store(), datetime.now(timezone.utc) + timedelta(days=1)) == [QUESTION]  # rated Again: back tomorrow
    async with QuizzerApp().run_test(size=SIZE) as pilot:  # revealed hints stay revealed, the walkthrough stays open
        screen = await open_coding(pilot, question)
        shown = await prompt_shown(pilot)
        assert "Hint 1" in shown and "Hint 2" not in shown
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert pilot.app.screen is screen and "## Walkthrough" in await prompt_shown(pilot)


@pilot_test
async def test_walkthrough_without_asking_after_a_solve(question):
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        screen.set_code(reference_code(question))
        await pilot.press("ctrl+s")
        await judged(pilot)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "## Walkthrough" in await prompt_shown(pilot)


@pilot_test
async def test_quitting_while_judging_still_records_the_submission(question):
    slow = "import time\ntime.sleep(1.0)\n" + reference_code(question)  # still running when the app quits
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        screen.set_code(slow)
        await pilot.press("ctrl+s")
        assert screen.judging, screen.query_one(VerdictView).text  # set as the key is handled; else why not
    # The app is gone; the judging thread finishes on its own and records on its own connection.
    deadline = time.monotonic() + 60
    while not saved_attempts() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    [attempt] = saved_attempts()
    assert attempt.verdict == "accepted" and attempt.code == slow


@pilot_test
async def test_one_escape_from_the_editor_goes_back_keeping_the_draft(question):
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = await open_coding(pilot, question)
        assert pilot.app.focused is screen.editor
        await pilot.press("#", "q", "z", "j", "escape")
        await pilot.pause()
        assert pilot.app.screen is not screen
    assert "#qzj" in Store().draft(QUESTION)
