"""The app at 80x24, the smallest terminal people use: every screen's footer shows each of its keys whole."""

from __future__ import annotations

import pytest
from pilot import footer_keys_cut, pilot_test, until

from quizzer.app.app import QuizzerApp
from quizzer.core.mock import MockInterview


def screens(bank) -> dict[str, object]:
    """One of every screen that has a footer, on real questions of each kind."""
    from quizzer.app.screens import answer, browser, coding, mock, question, review, stats

    of_kind = {kind: next(q for q in bank.questions.values() if q.spec.kind.value == kind) for kind in ("coding", "concept", "choice", "numeric")}
    interview = MockInterview([of_kind["concept"], of_kind["coding"]], duration_s=600)
    interview.start()
    interview.record_answer(of_kind["concept"].id, "an answer to grade")
    return {
        "browser": browser.BrowserScreen(),
        "question": question.QuestionScreen(of_kind["coding"]),
        **{f"answer {kind}": answer.AnswerScreen(of_kind[kind]) for kind in ("concept", "choice", "numeric")},
        "review": review.ReviewScreen(),
        "coding": coding.CodingScreen(of_kind["coding"]),
        "mock setup": mock.MockSetupScreen(),
        "mock session": mock.MockSessionScreen(interview),
        "mock answer": mock.MockAnswerScreen(of_kind["concept"], interview),
        "mock grading": mock.MockGradeScreen(interview),
        "mock report": mock.MockReportScreen(interview.report()),
        "stats": stats.StatsScreen(),
    }


@pilot_test
async def test_every_footer_shows_each_of_its_keys_whole_at_80x24():
    app = QuizzerApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.bank is not None, what="the bank")
        await app.workers.wait_for_complete()
        await pilot.pause()
        cut = {"home": footer_keys_cut(app)}
        for name, screen in screens(app.bank).items():
            await app.push_screen(screen)
            await pilot.pause()
            await pilot.pause()
            cut[name] = footer_keys_cut(app)
            app.pop_screen()
            await pilot.pause()
        assert {name: keys for name, keys in cut.items() if keys} == {}
