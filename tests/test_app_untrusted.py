"""The app with what a submission produced, and with files that are not source files: nothing raw
reaches the terminal, no markup of the submission's styles anything, no special file hangs the app."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import time
from types import SimpleNamespace

import pytest
from pilot import pilot_test

from quizzer.app.app import QuizzerApp
from quizzer.app.screens.coding import CodingScreen
from quizzer.app.widgets.dialogs import PathPrompt
from quizzer.app.widgets.verdict import VerdictView, result_text
from quizzer.core.bank import load_bank
from quizzer.core.verdicts import Verdict

SIZE = (120, 40)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HOSTILE_OUTPUT = "\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[Haccepted [bold red]fake[/] \ud800\n"


@pytest.fixture(scope="module")
def question():
    return load_bank().get("numpy-lstm-cell")


@contextlib.contextmanager
def alarm(seconds: int):
    """Fail, rather than hang, what blocks the app's own thread: SIGALRM raises in it after `seconds`."""

    def expire(signum, frame):
        raise TimeoutError(f"the app blocked for {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


async def until(pilot, condition, seconds: float = 60) -> None:
    """Let the app run until `condition()` holds (polled; a slow machine only waits longer)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.05)


def test_result_text_escapes_controls_and_parses_no_markup():
    test = SimpleNamespace(name="example", visibility="visible", status="error", message="Evil\x1b[2JError: [red]x[/red] \udc80")
    result = SimpleNamespace(
        verdict=Verdict.runtime_error, passed=0, total=1, time_ms=5, seed=1, tests=[test], message="at import: \x1b]0;T\x07", output=HOSTILE_OUTPUT, protections={}
    )
    text = result_text(result)
    assert not RAW_CONTROL.search(text.plain)
    assert r"\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[Haccepted [bold red]fake[/] �" in text.plain
    assert r"Evil\x1b[2JError: [red]x[/red] �" in text.plain and r"at import: \x1b]0;T\x07" in text.plain
    text.plain.encode("utf-8")  # no lone surrogate left for the terminal's encoder
    fake = text.plain.index("fake")
    assert not any(span.start <= fake < span.end and "red" in str(span.style) for span in text.spans)  # unstyled


@pilot_test
async def test_a_hostile_submission_shows_as_plain_characters(question):
    code = question.reference_path.read_text(encoding="utf-8") + f"\nprint({HOSTILE_OUTPUT!r})\n"
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = CodingScreen(question)
        await pilot.app.push_screen(screen)
        await pilot.pause()
        screen.set_code(code)
        await pilot.press("ctrl+r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        view = screen.query_one(VerdictView)
        assert view.result.verdict.value == "accepted"
        assert "\x1b" in view.result.output  # the judge keeps the data; only the display is made safe
        assert not RAW_CONTROL.search(view.text)
        assert r"\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[Haccepted [bold red]fake[/] �" in view.text


@pytest.mark.slow
@pilot_test
async def test_loading_a_fifo_is_refused_at_once(question, tmp_path, monkeypatch):
    fifo = tmp_path / "answer.py"
    os.mkfifo(fifo)
    async with QuizzerApp().run_test(size=SIZE) as pilot:
        screen = CodingScreen(question)
        await pilot.app.push_screen(screen)
        await pilot.pause()
        notes: list[str] = []
        monkeypatch.setattr(screen, "notify", lambda message, **kwargs: notes.append(str(message)))
        before = screen.editor.text
        await pilot.press("ctrl+l")
        await until(pilot, lambda: isinstance(pilot.app.screen, PathPrompt))
        await pilot.press(*str(fifo))
        with alarm(60):  # on main, open() waits for a writer, and the app with it
            await pilot.press("enter")
            await until(pilot, lambda: notes)
        assert notes == [f"cannot read {fifo}: not a regular file (a FIFO)"]
        assert screen.editor.text == before
