"""What a verdict tells the candidate: every output that differs, visible tests in full, a summary that counts."""

from __future__ import annotations

from quizzer.core.bank import load_bank
from quizzer.core.judge import judge
from quizzer.core.render import verdict_text
from quizzer.core.verdicts import Verdict

QUESTION = load_bank().get("numpy-lstm-cell")
REFERENCE = QUESTION.reference_path.read_text()


def test_a_failing_test_names_every_output_that_differs():
    source = REFERENCE.replace("c_next = f_t * c_prev + i_t * c_tilde", "c_next = f_t * c_prev + 1.1 * i_t * c_tilde")
    result = judge(QUESTION, source.encode(), seed=0, diagnose=False)
    hidden = next(t for t in result.tests if t.visibility == "hidden" and t.status == "fail")
    assert hidden.message.startswith("h_next: max abs error ") and "; c_next: max abs error " in hidden.message


def test_the_tolerance_is_stated_once_not_on_every_line():
    source = REFERENCE.replace("return h_next, c_next", "return h_next * 1.01, c_next")
    result = judge(QUESTION, source.encode(), seed=0, diagnose=False)
    text = verdict_text(result)
    assert all("rtol" not in t.message for t in result.tests)
    assert text.count("rtol=1e-07, atol=1e-09") == 1


def test_a_visible_test_shows_its_inputs_expected_and_got_and_a_hidden_one_none_of_them():
    source = REFERENCE.replace("return h_next, c_next", "return h_next * 1.01, c_next")
    result = judge(QUESTION, source.encode(), seed=0, diagnose=False)
    visible, hidden = result.tests[0], result.tests[-1]
    assert visible.visibility == "visible" and visible.inputs.startswith("lstm_cell_forward(x_t=[[")
    assert "params=[8 items: array(8, 5), array(1, 5)" in visible.inputs  # large arrays summarised
    assert visible.expected.startswith("lstm_cell_forward: h_next = [[") and "c_next = [[" in visible.expected
    assert visible.got != visible.expected and visible.got.startswith("lstm_cell_forward: h_next = [[")
    data = result.to_json()["tests"]
    assert {"inputs", "expected", "got"} <= set(data[0]) and not {"inputs", "expected", "got"} & set(data[-1])
    assert hidden.visibility == "hidden" and hidden.inputs is None
    text = verdict_text(result)
    assert "calls:" in text and "expected:" in text and "got:" in text


def test_one_test_raising_among_many_passing_says_how_many_passed():
    source = REFERENCE.replace("    Wf, bf,", "    if x_t.shape[0] == 8:\n        raise ValueError('no batches of 8')\n    Wf, bf,")
    result = judge(QUESTION, source.encode(), seed=0, diagnose=False)
    assert result.verdict == Verdict.runtime_error
    assert result.message.startswith(f"{result.total - 1} of {result.total} tests passed; batch of 8, n_x=6, n_h=3 raised ValueError: no batches of 8")


def test_the_tests_not_run_after_a_syntax_error_are_one_line():
    result = judge(QUESTION, b"def lstm_cell_forward(:\n", seed=0)
    text = verdict_text(result)
    assert result.verdict == Verdict.syntax_error and len(result.tests) == result.total > 2
    assert text.count("not run") == 1 and f"{result.total} tests not run" in text
