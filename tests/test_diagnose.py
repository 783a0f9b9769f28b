"""Diagnosis: a wrong answer that behaves like one of the question's known mistakes is told which one; nothing else is."""

from __future__ import annotations

import pytest

from quizzer.core.bank import load_bank
from quizzer.core.judge import judge
from quizzer.core.render import verdict_text
from quizzer.core.verdicts import Verdict

QUESTION = load_bank().get("numpy-lstm-cell")

# Written in another style than the mutant (its own sigmoid, gates in a loop), with the mutant's mistake.
CONCAT_SWAPPED = '''
import numpy as np


def lstm_cell_forward(x_t, h_prev, c_prev, params):
    z = np.hstack([x_t, h_prev])
    gates = [1 / (1 + np.exp(-np.clip(z @ params[k] + params[k + 1], -500, 500))) for k in (0, 2, 4)]
    forget, inp, out = gates
    c = forget * c_prev + inp * np.tanh(z @ params[6] + params[7])
    return out * np.tanh(c), c
'''

# Wrong in a way no known mistake is: h_next skips the tanh of the cell state.
NO_TANH = CONCAT_SWAPPED.replace("np.hstack([x_t, h_prev])", "np.hstack([h_prev, x_t])").replace("return out * np.tanh(c), c", "return out * c, c")


def test_a_wrong_answer_like_a_known_mistake_is_told_which():
    result = judge(QUESTION, CONCAT_SWAPPED.encode(), seed=4)
    assert result.verdict == Verdict.wrong_answer
    assert result.diagnosis == {"mutant": "concat_order", "bug": "concatenates (x_t, h_prev) instead of (h_prev, x_t)"}
    assert result.to_json()["diagnosis"] == result.diagnosis
    assert "looks like a known mistake: concatenates (x_t, h_prev) instead of (h_prev, x_t)" in verdict_text(result)
    assert "known mistake" not in verdict_text(result, diagnosis=False)


@pytest.mark.contract
def test_a_wrong_answer_like_no_known_mistake_gets_none():
    result = judge(QUESTION, NO_TANH.encode(), seed=4)
    assert result.verdict == Verdict.wrong_answer
    assert result.diagnosis is None and result.to_json()["diagnosis"] is None
    assert "known mistake" not in verdict_text(result)


@pytest.mark.parametrize("seed", [0, 7])
def test_a_right_answer_gets_none(seed):
    result = judge(QUESTION, QUESTION.reference_path.read_bytes(), seed=seed)
    assert result.verdict == Verdict.accepted
    assert result.to_json()["diagnosis"] is None


def test_a_second_wrong_answer_on_the_same_seed_reuses_the_mutants_runs():
    # A class graded with --seed is mostly wrong answers: each once started every mutant again.
    from quizzer.core.judge import zygote_spawner

    spawn = zygote_spawner()
    started = []

    def counting(job, source, limits):
        started.append(source)
        return spawn(job, source, limits)

    first = judge(QUESTION, NO_TANH.encode(), seed=11, spawner=counting)
    children_first = len(started)
    started.clear()
    second = judge(QUESTION, NO_TANH.replace("out * c, c", "out * c * 1.0, c").encode(), seed=11, spawner=counting)
    assert first.verdict == second.verdict == Verdict.wrong_answer and first.diagnosis is second.diagnosis is None
    assert children_first > 2 and len(started) == 1  # the submission's own child: every mutant's run was kept
    started.clear()
    judge(QUESTION, NO_TANH.encode(), seed=12, spawner=counting)  # another seed: other inputs, fresh runs
    assert len(started) == children_first


def test_the_mutants_runs_kept_are_bounded_by_their_bytes(monkeypatch):
    # numpy-weight-init's plan alone reports 7.7 MB: a count of runs is no bound on memory.
    from quizzer.core import diagnose

    monkeypatch.setattr(diagnose, "_RUNS", diagnose.OrderedDict())
    monkeypatch.setattr(diagnose, "_kept_bytes", 0)
    monkeypatch.setattr(diagnose, "KEPT_BYTES", 3 << 20)
    big = [diagnose.Report(None, [{"result": __import__("numpy").zeros(1 << 17)}], [])]  # 1 MiB
    for key in range(5):
        diagnose._keep(key, big)
    assert list(diagnose._RUNS) == [2, 3, 4] and diagnose._kept_bytes == 3 << 20
    diagnose._keep("unfinished", None)
    assert diagnose._RUNS["unfinished"] == (None, 0)
